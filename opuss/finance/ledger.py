"""What each AS owes, and when: the charges appended to its account for a season, each with the
run of the season's calendar that collects it, and the figures derived from the lines.

Lines are appended, never edited: an affiliation adds its fee and the contract's three thirds; a
change of enrolment or type adds regularisations; a MAIF individual insurance adds its price,
collected the month after (circular 2025-2026, III.15), and so does a CNED unit licence."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models.functions import Coalesce

from opuss.core import clock
from opuss.finance.models import CHARGES, LedgerKind, LedgerLine
from opuss.rules.calendar import (
    DebitRun,
    contract_thirds,
    debit_schedule,
    insurance_run,
    month_key,
    run_open_on,
)
from opuss.rules.errors import UnknownSeason
from opuss.rules.money import format_eur, round_money
from opuss.rules.season import SeasonRules, load_season

ZERO = Decimal("0.00")


def _rules(season) -> SeasonRules:
    return load_season(season.label)


def _today(rules: SeasonRules) -> date:
    return clock.now().astimezone(rules.timezone).date()


def _run_key(run: DebitRun | None) -> str:
    return month_key(run.month) if run else ""


def _runs(rules: SeasonRules) -> tuple[DebitRun, ...]:
    return rules.debit_runs


def _line(association, season, kind, amount, label, actor=None, **fields) -> LedgerLine:
    return LedgerLine(
        association=association, season=season, kind=kind, amount=amount, label=label,
        at=clock.now(), created_by=actor, **fields,
    )


def charge_affiliation(affiliation, actor=None) -> list[LedgerLine]:
    """The affiliation and the contract's thirds, on the runs of the month of affiliation
    (« A09 », « C09 (1/3) »...); without a run (June to August), « hors échéancier »."""
    return LedgerLine.objects.bulk_create(affiliation_charges(affiliation, actor))


def affiliation_charges(affiliation, actor=None) -> list[LedgerLine]:
    """The lines `charge_affiliation` appends, not saved (the national seed writes them in
    bulk)."""
    rules = _rules(affiliation.season)
    day = affiliation.affiliated_at.astimezone(rules.timezone).date()
    if not _runs(rules):
        schedule = ()
    else:
        schedule = debit_schedule(
            rules, day, affiliation.fee_affiliation, affiliation.fee_contract
        )
    season = affiliation.season
    lines = [
        _line(
            affiliation.association, season,
            LedgerKind.AFFILIATION if debit.third is None else LedgerKind.CONTRACT,
            debit.amount, f"{debit.label} {season.label}", actor,
            run_month=_run_key(debit.run), third=debit.third,
        )
        for debit in schedule
    ]
    if not schedule:  # a season without calendar: the whole fee, to settle with the SR
        lines = [
            _line(affiliation.association, season, kind, amount, f"{label} {season.label}", actor)
            for kind, amount, label in (
                (LedgerKind.AFFILIATION, affiliation.fee_affiliation, "Affiliation"),
                (LedgerKind.CONTRACT, affiliation.fee_contract, "Contrat licences"),
            )
            if amount
        ]
    return lines


def charge_fee_change(affiliation, *, before: tuple[Decimal, Decimal], actor=None):
    """A change of enrolment or type recomputed the fee (`before`: affiliation, contract): one
    regularisation per third whose amount moved, so that the thirds still add up exactly to
    the new contract, each on its third's run unless that run has already been generated (then
    the next one still open)."""
    rules = _rules(affiliation.season)
    season = affiliation.season
    old_affiliation, old_contract = before
    old = (old_affiliation, *contract_thirds(old_contract))
    new = (affiliation.fee_affiliation, *contract_thirds(affiliation.fee_contract))
    existing = {
        line.third: line.run_month
        for line in LedgerLine.objects.filter(
            association=affiliation.association, season=season,
            kind__in=[LedgerKind.AFFILIATION, LedgerKind.CONTRACT],
        )
    }
    generated = max(season.debit_batches.values_list("run_month", flat=True), default="")
    lines = []
    for third, (was, now) in enumerate(zip(old, new, strict=True)):
        if was == now:
            continue
        run_month = existing.get(third or None, "")
        if run_month and run_month <= generated:
            later = run_open_on(rules, _today(rules), not_before=_next_month(generated))
            run_month = _run_key(later)
        what = "de l'affiliation" if third == 0 else f"du contrat, {third}/3"
        lines.append(
            _line(
                affiliation.association, season, LedgerKind.CONTRACT_ADJUSTMENT, now - was,
                f"Régularisation {what} : {format_eur(was)} → {format_eur(now)}", actor,
                run_month=run_month, third=third or None,
            )
        )
    return LedgerLine.objects.bulk_create(lines)


def _next_month(key: str) -> str:
    if not key:
        return ""
    year, month = int(key[:4]), int(key[5:])
    return f"{year + month // 12:04d}-{month % 12 + 1:02d}"


def charge_maif(licences, price: Decimal) -> list[LedgerLine]:
    """MAIF individual insurance: its price per licence, collected « le mois suivant la
    souscription »."""
    return _charge_per_licence(licences, price, LedgerKind.MAIF_INDIVIDUAL)


def charge_unit_licence(licences, price: Decimal, actor=None) -> list[LedgerLine]:
    """A licence sold alone by the regional service to a CNED pupil (« Achat à l'unité »): its
    price, collected the month after, as the individual insurances (docs/rules.md)."""
    return _charge_per_licence(licences, price, LedgerKind.CNED_LICENCE, actor)


def _charge_per_licence(licences, price: Decimal, kind: LedgerKind,
                        actor=None) -> list[LedgerLine]:
    """A price per licence, on the run of the month after today; past the last run, « hors
    échéancier »."""
    lines = []
    for licence in licences:
        rules = _rules(licence.season)
        run = insurance_run(rules, _today(rules)) if _runs(rules) else None
        lines.append(
            _line(
                licence.association, licence.season, kind, price,
                f"{kind.label} – licence {licence.number} ({format_eur(price)})", actor,
                licence=licence, run_month=_run_key(run),
            )
        )
    return LedgerLine.objects.bulk_create(lines)


@dataclass(frozen=True)
class Figures:
    """An account's figures, all derived from its lines. invoiced = collected + open +
    compensated; debt is the part of `open` already due."""

    invoiced: Decimal
    debited: Decimal
    rejected: Decimal
    settled: Decimal
    compensated: Decimal
    upcoming: Decimal  # charges waiting for a run still to come
    off_schedule: Decimal  # charges no run collects (« hors échéancier »), settled with the SR

    @property
    def collected(self) -> Decimal:
        return self.debited - self.rejected + self.settled

    @property
    def open(self) -> Decimal:
        return self.invoiced - self.collected - self.compensated

    @property
    def debt(self) -> Decimal:
        return max(self.open - self.upcoming, ZERO)


def upcoming_runs(season) -> list[str]:
    """The months of the runs whose processing date has not passed yet (today included); none
    for a past season whose circular is not on file."""
    try:
        rules = _rules(season)
    except UnknownSeason:
        return []
    today = _today(rules)
    return [month_key(run.month) for run in _runs(rules) if run.processing_date >= today]


def figure_aggregates(season) -> dict[str, models.Aggregate]:
    """The aggregates behind `Figures`, to run over any set of lines of one season (one AS, a
    région, the nation; per AS with values().annotate())."""
    total = models.Sum
    charge = models.Q(kind__in=CHARGES)
    zero = models.Value(ZERO)
    return {
        "invoiced": Coalesce(total("amount", filter=charge), zero),
        "debited": Coalesce(
            -total("amount", filter=models.Q(kind=LedgerKind.DEBIT)), zero
        ),
        "rejected": Coalesce(
            total("amount", filter=models.Q(kind=LedgerKind.REJECT)), zero
        ),
        "settled": Coalesce(
            -total("amount", filter=models.Q(kind=LedgerKind.PAYMENT)), zero
        ),
        "compensated": Coalesce(
            -total("amount", filter=models.Q(kind=LedgerKind.COMPENSATION)), zero
        ),
        "off_schedule": Coalesce(total("amount", filter=charge & models.Q(run_month="")), zero),
        "upcoming": Coalesce(
            total(
                "amount",
                filter=charge
                & models.Q(debit_item__isnull=True, run_month__in=upcoming_runs(season)),
            ),
            zero,
        ),
    }


def figures(lines, season) -> Figures:
    """The figures of `lines` (a queryset of one season's lines, already scoped)."""
    sums = lines.filter(season=season).aggregate(**figure_aggregates(season))
    # SQLite sums decimals as floats' text: back to cents.
    return Figures(**{name: round_money(Decimal(value)) for name, value in sums.items()})


def figures_of(association, season) -> Figures:
    return figures(LedgerLine.objects.filter(association=association), season)


__all__ = [
    "Figures",
    "affiliation_charges",
    "charge_affiliation",
    "charge_fee_change",
    "charge_maif",
    "charge_unit_licence",
    "figure_aggregates",
    "figures",
    "figures_of",
    "upcoming_runs",
]
