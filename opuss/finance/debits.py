"""The monthly SEPA direct-debit batch (circular 2025-2026, III.14-15: one run a month, « le
prélèvement sur les comptes des AS [...] se feront au début du mois suivant »).

For a run of the season's calendar, one batch: each AS whose affiliation is paid by direct debit
and which has bank details is debited, under its mandate in force, the net sum of its charges
not yet debited whose run is this one or an earlier one (a line added after an earlier batch
waits for the next). The pain.008 file is built and validated first; then, in one transaction,
the batch, its debits, the charges each one takes and a « Prélèvement » line on each account are
saved, and each AS is e-mailed its pre-notification after the commit.

A run's batch is generated once: running it again returns the same batch and file. Concurrent
runs are serialised on the season's row, and the database refuses a second batch for a run and
a second debit of a charge."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from opuss.affiliations.enums import AffiliationState, PaymentMode
from opuss.affiliations.models import Affiliation
from opuss.affiliations.services import _as_addresses
from opuss.core import clock
from opuss.core.audit import record
from opuss.core.mail import send_templated_email
from opuss.finance.models import (
    BankAccount,
    Debit,
    DebitBatch,
    DebitItem,
    DebitState,
    LedgerKind,
    LedgerLine,
    ModeChangeKind,
    ModeChangeState,
    PaymentModeChange,
    SequenceType,
)
from opuss.finance.sepa import SepaFileError, Transaction, build_pain008, creditor_from_settings
from opuss.rules.calendar import DebitRun, debit_runs, month_key, run_for_month, run_open_on
from opuss.rules.errors import RulesError
from opuss.rules.season import SeasonRules, load_season
from opuss.rules.sepa import (
    end_to_end_id,
    latest_generation_date,
    message_id,
    prenotification_kept,
    too_late_message,
)
from opuss.rules.text import format_month
from opuss.seasons.models import Season

__all__ = [
    "DebitError",
    "RunStatus",
    "batch_generate",
    "debit_label",
    "of_month",
    "run_batch",
    "run_preview",
    "season_runs",
]


class DebitError(Exception):
    """A batch that cannot be generated; the message is French and shown as it is."""


@dataclass(frozen=True)
class RunStatus:
    """A run of the season's calendar as the national direction sees it."""

    run: DebitRun
    key: str  # "2025-10"
    label: str  # "octobre 2025"
    latest: date  # the last day its file may be generated (pre-notification)
    batch: DebitBatch | None
    refusal: str  # why it cannot be generated today ("" when it can)

    @property
    def can_generate(self) -> bool:
        return self.batch is None and not self.refusal

    @property
    def of_label(self) -> str:
        """ "d'octobre 2025", "de novembre 2025": « le lot d'octobre 2025 »."""
        return of_month(self.run.month)


def of_month(month: date) -> str:
    label = format_month(month)
    return f"d'{label}" if label[0] in "aeiou" else f"de {label}"


@dataclass
class _Planned:
    """One AS's debit before anything is saved."""

    affiliation: Affiliation
    mandate: BankAccount
    lines: list[LedgerLine]
    amount: Decimal
    sequence_type: str
    end_to_end_id: str


def _rules(season: Season) -> SeasonRules:
    return load_season(season.label)


def _today(rules: SeasonRules) -> date:
    return clock.now().astimezone(rules.timezone).date()


# --- the season's runs ---------------------------------------------------------------------------


def season_runs(season: Season) -> list[RunStatus]:
    """Every run of the season's calendar (none for a season without one), its batch if
    generated, and whether it can be now."""
    rules = _rules(season)
    runs = rules.debit_runs
    batches = {
        batch.run_month: batch
        for batch in DebitBatch.objects.filter(season=season).select_related("created_by")
    }
    today = _today(rules)
    return [
        RunStatus(
            run=run,
            key=month_key(run.month),
            label=format_month(run.month),
            latest=latest_generation_date(run.value_date),
            batch=batches.get(month_key(run.month)),
            refusal=_refusal(runs, run, set(batches), today),
        )
        for run in runs
    ]


def _refusal(runs, run: DebitRun, generated: set[str], today: date) -> str:
    """Why the batch of `run` cannot be generated on `today`: the pre-notification delay is
    past, or an earlier run can still be generated (batches follow the calendar: a batch takes
    the lines of its run and of the earlier ones, so generating a later run first would debit
    them at its later date)."""
    if not prenotification_kept(today, run.value_date):
        return too_late_message(run.value_date)
    earlier = next(
        (
            other
            for other in runs
            if other.month < run.month
            and month_key(other.month) not in generated
            and prenotification_kept(today, other.value_date)
        ),
        None,
    )
    if earlier is not None:
        return (
            f"Générez d'abord le lot {of_month(earlier.month)} : les lots se génèrent "
            "dans l'ordre de l'échéancier."
        )
    return ""


# --- generating a run's batch --------------------------------------------------------------------


def batch_generate(*, season: Season, run_month: str, actor=None) -> DebitBatch:
    """The batch of the run `run_month` ("2025-10") of `season`: generated now, or the one
    generated before (never a second one)."""
    return run_batch(season=season, run_month=run_month, actor=actor)[0]


@transaction.atomic
def run_batch(*, season: Season, run_month: str, actor=None) -> tuple[DebitBatch, bool]:
    """(the run's batch, whether this call generated it). DebitError when it cannot be."""
    rules = _rules(season)
    run = _run_of(rules, season, run_month)
    Season.objects.select_for_update().get(pk=season.pk)  # one generation at a time
    generated = dict(DebitBatch.objects.filter(season=season).values_list("run_month", "pk"))
    if run_month in generated:
        return DebitBatch.objects.get(pk=generated[run_month]), False
    refusal = _refusal(debit_runs(rules), run, set(generated), _today(rules))
    if refusal:
        raise DebitError(refusal)
    planned = _plan(season, run_month)
    if not planned:
        raise DebitError(
            f"Rien à prélever pour l'échéance {of_month(run.month)} : aucune AS en "
            "prélèvement automatique n'a de somme due à cette échéance."
        )
    batch = _built(season, rules, run, planned, actor)
    try:
        with transaction.atomic():
            batch.save()
    except IntegrityError:  # another run was quicker after all: its batch stands
        return DebitBatch.objects.get(season=season, run_month=run_month), False
    _save_debits(batch, planned, run, actor)
    _prenotify(batch, planned, run)
    return batch, True


def _built(
    season: Season, rules: SeasonRules, run: DebitRun, planned: list[_Planned], actor
) -> DebitBatch:
    """The batch and its file, built and validated against the schema; not saved yet."""
    created_at = clock.now()
    local = created_at.astimezone(rules.timezone)
    run_month = month_key(run.month)
    try:
        identifier = message_id(run_month, local)
        xml = build_pain008(
            creditor=creditor_from_settings(),
            message_id=identifier,
            created_at=local,
            collection_date=run.value_date,
            transactions=[_transaction(debit, run) for debit in planned],
        )
    except (RulesError, SepaFileError) as error:
        raise DebitError(str(error)) from error
    return DebitBatch(
        season=season,
        run_month=run_month,
        message_id=identifier,
        collection_date=run.value_date,
        xml=xml,
        total=_total(planned),
        count=len(planned),
        created_at=created_at,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )


def run_preview(season: Season, run_month: str) -> tuple[int, Decimal]:
    """How many debits the run's batch would hold if generated now, and their total."""
    planned = _plan(season, run_month)
    return len(planned), _total(planned)


def _total(planned: list[_Planned]) -> Decimal:
    return sum((debit.amount for debit in planned), Decimal("0.00"))


def _run_of(rules: SeasonRules, season: Season, run_month: str) -> DebitRun:
    try:
        run = run_for_month(rules, run_month)
    except RulesError as error:
        raise DebitError(str(error)) from error
    if run is None:
        months = ", ".join(month_key(run.month) for run in debit_runs(rules))
        raise DebitError(
            f"La saison {season.label} n'a pas d'échéance « {run_month} ». Échéances : {months}."
        )
    return run


def _plan(season: Season, run_month: str) -> list[_Planned]:
    """The debits of the run: per AS in direct debit with bank details, its charges not yet
    debited of this run and the earlier ones; none when they add up to nothing (a
    regularisation may cancel a third: the lines then wait)."""
    affiliations = (
        Affiliation.objects.filter(
            season=season,
            state=AffiliationState.AFFILIATED,
            payment_mode=PaymentMode.DIRECT_DEBIT,
        )
        .select_related("association")
        .prefetch_related("officers")
    )
    by_association = {affiliation.association_id: affiliation for affiliation in affiliations}
    in_debit = affiliations.values("association")
    mandates: dict[int, BankAccount] = {}
    # The model's order is the newest first: the first of each AS is its mandate in force, as
    # BankAccount.objects.current_for() gives it.
    for account in BankAccount.objects.filter(association__in=in_debit):
        mandates.setdefault(account.association_id, account)
    lines = defaultdict(list)
    debit_since = _debit_since(season)
    for line in (
        LedgerLine.objects.not_debited()
        .filter(season=season, association__in=in_debit, run_month__gt="")
        .filter(run_month__lte=run_month)
        .order_by("association_id", "at", "pk")
    ):
        if line.run_month >= debit_since.get(line.association_id, ""):
            lines[line.association_id].append(line)
    debited_before = set(
        Debit.objects.filter(association__in=in_debit, state=DebitState.SENT).values_list(
            "bank_account_id", flat=True
        )
    )
    planned = []
    for association_id, mandate in mandates.items():
        due = lines.get(association_id, [])
        amount = sum((line.amount for line in due), Decimal("0.00"))
        if amount <= 0:
            continue
        affiliation = by_association[association_id]
        planned.append(
            _Planned(
                affiliation=affiliation,
                mandate=mandate,
                lines=due,
                amount=amount,
                # A mandate's first debit is FRST, the next ones RCUR; a first debit that was
                # rejected was never collected, so the next one is a first one again.
                sequence_type=SequenceType.RECURRING
                if mandate.pk in debited_before
                else SequenceType.FIRST,
                end_to_end_id=end_to_end_id(run_month, affiliation.association.code),
            )
        )
    return sorted(planned, key=lambda debit: debit.affiliation.association.code)


def _debit_since(season: Season) -> dict[int, str]:
    """For an AS that left prepayment for direct debit during the season, the first run its
    mandate pays: a charge falls on the payment mode in force at its run, and those of the
    earlier runs were its SR's to collect (they may already be paid by cheque)."""
    rules = load_season(season.label)
    since: dict[int, str] = {}
    for association_id, decided_at in PaymentModeChange.objects.filter(
        season=season, kind=ModeChangeKind.TO_DEBIT, state=ModeChangeState.ACCEPTED
    ).order_by("decided_at").values_list("association_id", "decided_at"):
        run = run_open_on(rules, decided_at.astimezone(rules.timezone).date())
        since[association_id] = month_key(run.month) if run else "9999-99"
    return since


def _transaction(debit: _Planned, run: DebitRun) -> Transaction:
    association = debit.affiliation.association
    return Transaction(
        end_to_end_id=debit.end_to_end_id,
        amount=debit.amount,
        sequence_type=debit.sequence_type,
        mandate_id=debit.mandate.rum,
        mandate_signed_on=timezone.localdate(debit.mandate.created_at),
        debtor_name=debit.mandate.holder,
        debtor_iban=debit.mandate.iban,
        debtor_bic=debit.mandate.bic,
        remittance=(
            f"UNSS AS {association.code} échéance {format_month(run.month)} : "
            + ", ".join(line.label for line in debit.lines)
        ),
    )


def debit_label(run: DebitRun, rum: str) -> str:
    """The « Prélèvement » line on the AS's account: « Prélèvement du 04/11/2025 (RUM …) »."""
    return f"Prélèvement du {run.value_date:%d/%m/%Y} (RUM {rum})"


def _save_debits(batch: DebitBatch, planned: list[_Planned], run: DebitRun, actor) -> None:
    """The debits, the charges each takes and the « Prélèvement » lines, in bulk; one audit
    entry for the batch (bulk writes are not seen by the audit log's signals)."""
    debits = Debit.objects.bulk_create(
        Debit(
            batch=batch,
            association=debit.affiliation.association,
            bank_account=debit.mandate,
            amount=debit.amount,
            sequence_type=debit.sequence_type,
            end_to_end_id=debit.end_to_end_id,
        )
        for debit in planned
    )
    DebitItem.objects.bulk_create(
        DebitItem(debit=saved, line=line)
        for saved, debit in zip(debits, planned, strict=True)
        for line in debit.lines
    )
    LedgerLine.objects.bulk_create(
        LedgerLine(
            association=debit.affiliation.association,
            season=batch.season,
            kind=LedgerKind.DEBIT,
            amount=-debit.amount,
            label=debit_label(run, debit.mandate.rum),
            at=batch.created_at,
            debit=saved,
            reference=debit.end_to_end_id,
            created_by=batch.created_by,
        )
        for saved, debit in zip(debits, planned, strict=True)
    )
    record(
        actor=actor,
        action="lot de prélèvements généré",
        obj=batch,
        after={
            "échéance": batch.run_month,
            "date de prélèvement": batch.collection_date.isoformat(),
            "prélèvements": batch.count,
            "montant total": str(batch.total),
            "identifiant du message": batch.message_id,
        },
        at=batch.created_at,
    )


def _prenotify(batch: DebitBatch, planned: list[_Planned], run: DebitRun) -> None:
    """Each AS of the batch is told, after the commit, what will be debited, for what, when, and
    under which mandate (the SEPA pre-notification)."""
    creditor = settings.SEPA_CREDITOR
    for debit in planned:
        send_templated_email(
            "finance/email/prenotification",
            {
                "association": debit.affiliation.association,
                "season": batch.season,
                "amount": debit.amount,
                "lines": debit.lines,
                "value_date": run.value_date,
                "rum": debit.mandate.rum,
                "sequence_type": debit.sequence_type,
                "end_to_end_id": debit.end_to_end_id,
                "creditor": creditor,
            },
            _as_addresses(debit.affiliation),
        )
