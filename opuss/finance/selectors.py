"""Reads on the AS's money (issue #13): one AS's account for a season (its figures, the runs ahead,
its lines, its mandate), the services' list of the accounts of their territory, and the
accountants' months per région.

Every figure comes from the ledger's lines through `ledger.figure_aggregates`, in the database:
one aggregate query for an AS, one for a page of the list, one for a season's months."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import models
from django.db.models.functions import Coalesce, Greatest, TruncMonth
from django.http import Http404

from opuss.accounts.enums import STAFF_ROLES, Role
from opuss.accounts.perms import holds_any_role
from opuss.affiliations import perms as affiliation_perms
from opuss.affiliations.enums import AffiliationState, PaymentMode
from opuss.affiliations.models import Affiliation
from opuss.finance.ledger import Figures, figure_aggregates, figures_of, upcoming_runs
from opuss.finance.models import BankAccount, DebitState, LedgerKind, LedgerLine
from opuss.rules.calendar import DebitRun, run_for_month
from opuss.rules.errors import RulesError
from opuss.rules.season import SeasonRules, available_seasons, load_season
from opuss.rules.text import format_month
from opuss.seasons.models import Season
from opuss.territories.models import Academy

ZERO = Decimal("0.00")
SEASON_PARAM = "saison"

# --- who reads what ----------------------------------------------------------------------------


def can_read_account(user, association) -> bool:
    """The AS's secretary and teachers (those who act for it on its home) and the services whose
    territory holds it (the caller fetched the AS through `for_user`): SD, SR, DN read it."""
    return affiliation_perms.can_fill_in(user, association) or holds_any_role(user, STAFF_ROLES)


def accountant_academies(user):
    """The académies whose accounting the user keeps: his SR académies, every one for DN. Not the
    union of his scopes: an SR who is also an AS's teacher elsewhere keeps only his région's."""
    if holds_any_role(user, (Role.DN,)):
        return Academy.objects.all()
    ids = [a.academy_id for a in user.role_assignments_cached if a.role == Role.SR]
    return Academy.objects.filter(pk__in=ids)


# --- seasons -----------------------------------------------------------------------------------


def seasons_on_file():
    """The seasons whose rules are on file, newest first: only those have a calendar to read."""
    years = [int(label[:4]) for label in available_seasons()]
    return Season.objects.filter(start_year__in=years)


def chosen_season(request) -> Season:
    """The season asked for (?saison=2024-2025), else the current one; 404 for one not on
    file."""
    label = request.GET.get(SEASON_PARAM, "")
    if not label:
        return Season.objects.current()
    season = seasons_on_file().filter(start_year=_start_year(label)).first()
    if season is None or season.label != label:
        raise Http404
    return season


def _start_year(label: str) -> int:
    head = label[:4]
    return int(head) if head.isdigit() else 0


def _rules(season) -> SeasonRules:
    return load_season(season.label)


def _run(rules: SeasonRules, key: str) -> DebitRun | None:
    if not key:
        return None
    try:
        return run_for_month(rules, key)
    except RulesError:  # a season without a calendar
        return None


def run_label(rules: SeasonRules, key: str) -> str:
    """ "novembre 2025 (prélevé le 02/12/2025)", or « hors échéancier » for no run."""
    run = _run(rules, key)
    if run is None:
        return key or "hors échéancier"
    return f"{format_month(run.month)} (prélevé le {run.value_date:%d/%m/%Y})"


# --- one AS's account --------------------------------------------------------------------------


@dataclass(frozen=True)
class RunAhead:
    """A run of the calendar still to come, and what it will take from the AS."""

    key: str
    label: str
    processing_date: date
    value_date: date
    amount: Decimal


@dataclass(frozen=True)
class AccountLine:
    line: LedgerLine
    run: str  # the run that collects (a charge) or collected (a debit, its reject) the line
    status: str  # for a charge: prélevée, à venir, échue, hors échéancier
    balance: Decimal  # the account's balance once this line is added


@dataclass(frozen=True)
class Account:
    association: object
    season: Season
    affiliation: Affiliation | None
    figures: Figures
    runs_ahead: list[RunAhead]
    lines: list[AccountLine]  # newest first
    mandate: BankAccount | None

    @property
    def direct_debit(self) -> bool:
        return bool(self.affiliation) and self.affiliation.payment_mode == PaymentMode.DIRECT_DEBIT

    @property
    def prepayment(self) -> bool:
        return bool(self.affiliation) and self.affiliation.payment_mode == PaymentMode.PREPAYMENT

    @property
    def off_schedule(self) -> list[LedgerLine]:
        """The « hors échéancier » charges (docs/rules.md, reading 12): no run takes them, the
        AS settles them with its regional service."""
        return [
            item.line
            for item in reversed(self.lines)
            if item.line.is_charge and not item.line.run_month
        ]

    @property
    def off_schedule_total(self) -> Decimal:
        return sum((line.amount for line in self.off_schedule), ZERO)

    @property
    def ahead_total(self) -> Decimal:
        return sum((run.amount for run in self.runs_ahead), ZERO)


def account_of(association, season) -> Account:
    rules = _rules(season)
    upcoming = upcoming_runs(season)
    return Account(
        association=association,
        season=season,
        affiliation=Affiliation.objects.filter(
            association=association, season=season, state=AffiliationState.AFFILIATED
        ).first(),
        figures=figures_of(association, season),
        runs_ahead=runs_ahead(association, season, rules, upcoming),
        lines=account_lines(association, season, rules, upcoming),
        mandate=BankAccount.objects.current_for(association),
    )


def runs_ahead(association, season, rules: SeasonRules, upcoming: list[str]) -> list[RunAhead]:
    """Per run still to come, the AS's charges no debit has taken yet (one aggregate query)."""
    per_run = (
        LedgerLine.objects.not_debited()
        .filter(association=association, season=season, run_month__in=upcoming)
        .values("run_month")
        .annotate(amount=models.Sum("amount"))
        .order_by("run_month")
    )
    ahead = []
    for row in per_run:
        run = _run(rules, row["run_month"])
        if run is not None:
            ahead.append(
                RunAhead(
                    key=row["run_month"],
                    label=format_month(run.month),
                    processing_date=run.processing_date,
                    value_date=run.value_date,
                    amount=row["amount"],
                )
            )
    return ahead


def account_lines(
    association, season, rules: SeasonRules, upcoming: list[str]
) -> list[AccountLine]:
    lines = (
        LedgerLine.objects.filter(association=association, season=season)
        .select_related("debit__batch", "debit_item__debit")
        .order_by("at", "pk")
    )
    balance = ZERO
    shown = []
    for line in lines:
        balance += line.amount
        shown.append(AccountLine(line, _line_run(line, rules), _status(line, upcoming), balance))
    return shown[::-1]


def _line_run(line: LedgerLine, rules: SeasonRules) -> str:
    if line.is_charge:
        return run_label(rules, line.run_month)
    if line.debit_id and line.kind in (LedgerKind.DEBIT, LedgerKind.REJECT):
        return run_label(rules, line.debit.batch.run_month)
    return ""


def _status(line: LedgerLine, upcoming: list[str]) -> str:
    if not line.is_charge:
        return ""
    if hasattr(line, "debit_item"):
        rejected = line.debit_item.debit.state == DebitState.REJECTED
        return "prélèvement rejeté" if rejected else "prélevée"
    if not line.run_month:
        return "à régler au service régional"
    return "à venir" if line.run_month in upcoming else "échue"


def seasons_of(association):
    """The seasons the AS's « Finances » page offers: those on file where it has an account, and
    the current one."""
    return (
        seasons_on_file()
        .filter(models.Q(is_current=True) | models.Q(ledger_lines__association=association))
        .distinct()
    )


# --- the services' list ------------------------------------------------------------------------

NO_AFFILIATION = "NONE"
PAYMENT_MODES = [
    (PaymentMode.DIRECT_DEBIT.value, "Prélèvement automatique"),
    (PaymentMode.PREPAYMENT.value, "Prépaiement (service régional)"),
    (NO_AFFILIATION, "Non affiliée"),
]
YES, NO = "oui", "non"
WITH_MANDATE, WITHOUT_MANDATE = "avec", "sans"


def _per_association(season, aggregate) -> Coalesce:
    """One figure of each AS's account, as a correlated subquery on its lines of the season."""
    lines = (
        LedgerLine.objects.filter(association=models.OuterRef("pk"), season=season)
        .order_by()
        .values("association")
        .annotate(value=aggregate)
        .values("value")
    )
    return Coalesce(models.Subquery(lines, output_field=_money()), models.Value(ZERO))


def _money() -> models.DecimalField:
    return models.DecimalField(max_digits=15, decimal_places=2)


def with_figures(associations, season):
    """The AS annotated with their figures of the season (invoiced, debited, rejected, settled,
    compensated, upcoming, collected, open, debt, in_debt), their payment mode and whether they
    have bank details: one query, whatever the number of AS, that filters and sorts on them."""
    figures = {
        name: _per_association(season, aggregate)
        for name, aggregate in figure_aggregates(season).items()
    }
    collected = models.F("debited") - models.F("rejected") + models.F("settled")
    open_ = models.F("invoiced") - collected - models.F("compensated")
    debt = Greatest(open_ - models.F("upcoming"), models.Value(ZERO), output_field=_money())
    mode = Affiliation.objects.filter(
        association=models.OuterRef("pk"), season=season, state=AffiliationState.AFFILIATED
    ).values("payment_mode")[:1]
    has_mandate = models.Exists(BankAccount.objects.filter(association=models.OuterRef("pk")))
    return (
        associations.annotate(**figures)
        .annotate(
            collected=models.ExpressionWrapper(collected, output_field=_money()),
            open=models.ExpressionWrapper(open_, output_field=_money()),
            debt=debt,
            payment_mode=Coalesce(models.Subquery(mode), models.Value(NO_AFFILIATION)),
            mandate_state=models.Case(
                models.When(has_mandate, then=models.Value(WITH_MANDATE)),
                default=models.Value(WITHOUT_MANDATE),
            ),
        )
        .annotate(
            in_debt=models.Case(
                models.When(debt__gt=0, then=models.Value(YES)), default=models.Value(NO)
            ),
            has_off_schedule=models.Case(
                models.When(off_schedule__gt=0, then=models.Value(YES)), default=models.Value(NO)
            ),
        )
    )


# --- the accountants' months -------------------------------------------------------------------

MOVEMENTS = ("invoiced", "debited", "rejected", "settled", "compensated")


@dataclass(frozen=True)
class Movements:
    """What happened on the accounts over a period; `open_at_end` is what was left to pay at its
    end (every line since the season began)."""

    invoiced: Decimal = ZERO
    debited: Decimal = ZERO
    rejected: Decimal = ZERO
    settled: Decimal = ZERO
    compensated: Decimal = ZERO
    open_at_end: Decimal = ZERO

    @property
    def collected(self) -> Decimal:
        return self.debited - self.rejected + self.settled

    @property
    def net(self) -> Decimal:
        """What the period adds to the balance."""
        return self.invoiced - self.collected - self.compensated

    def __add__(self, other: "Movements") -> "Movements":
        return Movements(
            *(getattr(self, name) + getattr(other, name) for name in MOVEMENTS),
            open_at_end=self.open_at_end + other.open_at_end,
        )


@dataclass(frozen=True)
class MonthRow:
    month: date
    academy: Academy | None  # None: the nation
    movements: Movements

    @property
    def label(self) -> str:
        return format_month(self.month)

    @property
    def territory(self) -> str:
        return self.academy.name if self.academy else "National"


@dataclass
class Accounting:
    """A season's months for some académies: per académie and month, and summed."""

    season: Season
    academies: list[Academy]
    months: list[date]
    cells: dict[tuple[int, date], Movements] = field(default_factory=dict)

    def row(self, academy: Academy | None, month: date) -> MonthRow:
        chosen = [academy] if academy else self.academies
        movements = sum((self.cells.get((a.pk, month), Movements()) for a in chosen), Movements())
        return MonthRow(month, academy, movements)

    def rows(self, academy: Academy | None = None) -> list[MonthRow]:
        """Month by month, for one académie or (None) for them all."""
        return [self.row(academy, month) for month in self.months]

    def total(self, academy: Academy | None = None) -> Movements:
        rows = self.rows(academy)
        moved = sum((row.movements for row in rows), Movements())
        return Movements(
            *(getattr(moved, name) for name in MOVEMENTS),
            open_at_end=rows[-1].movements.open_at_end if rows else ZERO,
        )

    def detail(self, national: bool) -> list[MonthRow]:
        """Every month of every académie, then (national) the nation's month."""
        rows = []
        for month in self.months:
            rows += [self.row(academy, month) for academy in self.academies]
            if national:
                rows.append(self.row(None, month))
        return rows


def accounting(season, academies: Iterable[Academy]) -> Accounting:
    """The season's lines of these académies, summed per month (in the season's time zone: a
    line of 31 October at 23:30 in Paris is October's) and per académie in one query; each
    month's open balance is the sum of every line up to its end."""
    rules = _rules(season)
    academies = list(academies)
    aggregates = figure_aggregates(season)
    sums = (
        LedgerLine.objects.filter(season=season, association__department__academy__in=academies)
        .annotate(
            month=TruncMonth("at", tzinfo=rules.timezone, output_field=models.DateField()),
            academy=models.F("association__department__academy"),
        )
        .order_by()
        .values("month", "academy")
        .annotate(**{name: aggregates[name] for name in MOVEMENTS})
    )
    moved: dict[tuple[int, date], dict] = {(row["academy"], row["month"]): row for row in sums}
    months = season_months(rules, {month for _, month in moved})
    result = Accounting(season, academies, months)
    for academy in academies:
        open_at_end = ZERO
        for month in months:
            row = moved.get((academy.pk, month), {})
            amounts = [row.get(name, ZERO) for name in MOVEMENTS]
            open_at_end += Movements(*amounts).net
            result.cells[(academy.pk, month)] = Movements(*amounts, open_at_end=open_at_end)
    return result


def season_months(rules: SeasonRules, seen: set[date]) -> list[date]:
    """The first days of the season's months, and of any other month a line was dated in."""
    months = set(seen)
    month = rules.starts.replace(day=1)
    while month <= rules.ends:
        months.add(month)
        month = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return sorted(months)


__all__ = [
    "Account",
    "AccountLine",
    "Accounting",
    "MonthRow",
    "Movements",
    "RunAhead",
    "account_of",
    "accountant_academies",
    "accounting",
    "can_read_account",
    "chosen_season",
    "seasons_of",
    "with_figures",
]
