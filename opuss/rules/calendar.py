"""The season's calendar: opening periods, deadlines and direct-debit runs.

2025-2026 circular, III.15 "L'échéancier de prélèvements en détail": the affiliation is taken by
the run of the month of affiliation ("A09 : Affiliations prises en Septembre"), the contract in
three thirds by the runs the table gives ("C09 (1/3)").
"""

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import StrEnum

from opuss.rules.errors import DateOutsideSeason, InvalidAmount, NaiveDatetime, NoDebitCalendar
from opuss.rules.money import round_money
from opuss.rules.season import ContractThird, DebitRun, Period, SeasonRules
from opuss.rules.text import format_date

__all__ = [
    "PRENOTIFICATION_BUSINESS_DAYS",
    "DebitItem",
    "DebitRun",
    "ScheduledDebit",
    "contract_thirds",
    "debit_runs",
    "debit_schedule",
    "insurance_run",
    "is_open",
    "month_key",
    "run_for_month",
    "run_open_on",
]

THIRD_NAMES = {1: "1er tiers", 2: "2e tiers", 3: "3e tiers"}


class DebitItem(StrEnum):
    AFFILIATION = "affiliation"
    CONTRACT = "contract"


@dataclass(frozen=True)
class ScheduledDebit:
    item: DebitItem
    third: int | None  # 1, 2 or 3 for a contract third
    amount: Decimal
    # The run that collects it; None when the season's table has no run for it (affiliations of
    # the last months): it is then "hors échéancier", settled with the regional service.
    run: DebitRun | None

    @property
    def label(self) -> str:
        if self.item is DebitItem.AFFILIATION:
            return "Affiliation"
        return f"Contrat, {THIRD_NAMES[self.third or 1]}"

    @property
    def when(self) -> str:
        if self.run is None:
            return "hors échéancier : à régler auprès du service régional"
        return f"prélevé le {format_date(self.run.value_date)}"


def is_open(period: Period, at: datetime) -> bool:
    """Whether `at` is within the period, bounds included. For a deadline (no opening), whether
    it has not passed; for an obligation from a date (no closing), whether it applies."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise NaiveDatetime("L'heure à comparer avec une période doit porter son fuseau horaire.")
    if period.opens is not None and at < period.opens:
        return False
    return period.closes is None or at <= period.closes


def debit_runs(rules: SeasonRules) -> tuple[DebitRun, ...]:
    if not rules.debit_runs:
        raise NoDebitCalendar(f"La saison {rules.label} n'a pas d'échéancier de prélèvements.")
    return rules.debit_runs


def contract_thirds(contract: Decimal) -> tuple[Decimal, Decimal, Decimal]:
    """ "3 mensualités": two thirds rounded to the cent, the last takes the rest, so that the
    three add up to the contract exactly."""
    third = round_money(contract / 3)
    return third, third, round_money(contract) - 2 * third


def debit_schedule(
    rules: SeasonRules, affiliation_date: date, affiliation: Decimal, contract: Decimal
) -> tuple[ScheduledDebit, ...]:
    """What is debited, and by which run, from an AS affiliated on `affiliation_date`. Nothing
    is scheduled for a zero amount (a free contract)."""
    runs = debit_runs(rules)
    if not rules.starts <= affiliation_date <= rules.ends:
        raise DateOutsideSeason(
            f"Le {format_date(affiliation_date)} n'est pas dans la saison {rules.label} "
            f"(du {format_date(rules.starts)} au {format_date(rules.ends)})."
        )
    if affiliation < 0 or contract < 0:
        raise InvalidAmount("Un montant à prélever ne peut pas être négatif.")
    month = affiliation_date.replace(day=1)
    debits = []
    if affiliation > 0:
        run = next((run for run in runs if run.affiliation_month == month), None)
        debits.append(ScheduledDebit(DebitItem.AFFILIATION, None, round_money(affiliation), run))
    if contract > 0:
        for number, amount in enumerate(contract_thirds(contract), start=1):
            wanted = ContractThird(month, number)
            run = next((run for run in runs if wanted in run.contract_thirds), None)
            debits.append(ScheduledDebit(DebitItem.CONTRACT, number, amount, run))
    return tuple(debits)


def month_key(month: date) -> str:
    """How a run is named in the ledger and on the command line: "2025-10"."""
    return f"{month.year:04d}-{month.month:02d}"


def run_for_month(rules: SeasonRules, key: str) -> DebitRun | None:
    """The run of the month `key` ("2025-10"), or None when the calendar has none."""
    return next((run for run in debit_runs(rules) if month_key(run.month) == key), None)


def insurance_run(rules: SeasonRules, subscribed_on: date) -> DebitRun | None:
    """ "Les prélèvements concernant les assurances individuelles se font le mois suivant la
    souscription" (III.15): the run of the month after; None past the last run (hors
    échéancier, as reading 12 of docs/rules.md)."""
    year, month = subscribed_on.year + subscribed_on.month // 12, subscribed_on.month % 12 + 1
    following = date(year, month, 1)
    return next((run for run in debit_runs(rules) if run.month == following), None)


def run_open_on(rules: SeasonRules, day: date, not_before: str = "") -> DebitRun | None:
    """The first run that can still take a line on `day`: its processing date not passed, its
    month not before `not_before` ("2025-11", a run already generated is closed)."""
    return next(
        (
            run
            for run in debit_runs(rules)
            if run.processing_date >= day and month_key(run.month) >= not_before
        ),
        None,
    )


# The pre-notification: each AS is e-mailed the amount and date of its debit when the run's file
# is generated, which must be at least this many TARGET business days before the value date.
# The SEPA rulebook's 14 calendar days apply "unless otherwise agreed": the circular's calendar
# (a processing date 2 to 4 business days before each value date) is that agreement, stated on
# the mandate (docs/rules.md, « Finances »).
PRENOTIFICATION_BUSINESS_DAYS = 2
