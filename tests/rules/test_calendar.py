from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from opuss.rules.calendar import (
    DebitItem,
    ScheduledDebit,
    contract_thirds,
    debit_runs,
    debit_schedule,
    is_open,
)
from opuss.rules.errors import DateOutsideSeason, InvalidAmount, NaiveDatetime, NoDebitCalendar
from opuss.rules.season import load_season

PARIS = ZoneInfo("Europe/Paris")
RULES = load_season("2025-2026")


def months(debits: tuple[ScheduledDebit, ...]) -> list[tuple[str, int | None, date | None]]:
    return [
        (debit.item.value, debit.third, debit.run.month if debit.run else None) for debit in debits
    ]


def test_the_2025_calendar_has_a_run_a_month_from_september_to_july() -> None:
    runs = debit_runs(RULES)
    assert [run.month for run in runs] == [
        date(2025, 9, 1),
        date(2025, 10, 1),
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
        date(2026, 3, 1),
        date(2026, 4, 1),
        date(2026, 5, 1),
        date(2026, 6, 1),
        date(2026, 7, 1),
    ]
    assert (runs[0].processing_date, runs[0].value_date) == (date(2025, 9, 30), date(2025, 10, 3))
    assert (runs[-1].processing_date, runs[-1].value_date) == (date(2026, 7, 31), date(2026, 8, 4))


def test_an_as_affiliated_in_september_pays_its_contract_in_october_november_december() -> None:
    debits = debit_schedule(RULES, date(2025, 9, 15), Decimal(100), Decimal("2145.78"))
    assert months(debits) == [
        ("affiliation", None, date(2025, 9, 1)),
        ("contract", 1, date(2025, 10, 1)),
        ("contract", 2, date(2025, 11, 1)),
        ("contract", 3, date(2025, 12, 1)),
    ]
    assert [debit.amount for debit in debits] == [
        Decimal("100.00"),
        Decimal("715.26"),
        Decimal("715.26"),
        Decimal("715.26"),
    ]


def test_an_as_affiliated_in_october_pays_its_first_third_with_septembers() -> None:
    debits = debit_schedule(RULES, date(2025, 10, 31), Decimal(100), Decimal(300))
    assert months(debits)[1:] == [
        ("contract", 1, date(2025, 10, 1)),
        ("contract", 2, date(2025, 11, 1)),
        ("contract", 3, date(2025, 12, 1)),
    ]


def test_an_as_affiliated_in_november_pays_in_november_december_january() -> None:
    debits = debit_schedule(RULES, date(2025, 11, 3), Decimal(100), Decimal(300))
    assert months(debits) == [
        ("affiliation", None, date(2025, 11, 1)),
        ("contract", 1, date(2025, 11, 1)),
        ("contract", 2, date(2025, 12, 1)),
        ("contract", 3, date(2026, 1, 1)),
    ]
    first = debits[1].run
    assert first is not None and first.value_date == date(2025, 12, 2)


@pytest.mark.parametrize(
    ("affiliated", "first_third"),
    [
        (date(2025, 12, 1), date(2025, 12, 1)),
        (date(2026, 1, 31), date(2026, 1, 1)),
        (date(2026, 3, 10), date(2026, 3, 1)),
        (date(2026, 5, 31), date(2026, 5, 1)),
    ],
)
def test_from_november_the_first_third_is_taken_in_the_month_of_affiliation(
    affiliated: date, first_third: date
) -> None:
    debits = debit_schedule(RULES, affiliated, Decimal(100), Decimal(300))
    run = debits[1].run
    assert run is not None and run.month == first_third


@pytest.mark.parametrize(
    ("contract", "thirds"),
    [
        ("2145.78", ("715.26", "715.26", "715.26")),
        ("100.00", ("33.33", "33.33", "33.34")),
        ("1072.89", ("357.63", "357.63", "357.63")),
        ("0.01", ("0.00", "0.00", "0.01")),
        ("200.00", ("66.67", "66.67", "66.66")),
    ],
)
def test_the_last_third_takes_the_rest(contract: str, thirds: tuple[str, str, str]) -> None:
    result = contract_thirds(Decimal(contract))
    assert result == tuple(Decimal(item) for item in thirds)
    assert sum(result) == Decimal(contract)


def test_june_contracts_are_outside_the_schedule() -> None:
    debits = debit_schedule(RULES, date(2026, 6, 10), Decimal(100), Decimal(300))
    assert months(debits) == [
        ("affiliation", None, date(2026, 6, 1)),
        ("contract", 1, None),
        ("contract", 2, None),
        ("contract", 3, None),
    ]
    assert debits[1].when == "hors échéancier : à régler auprès du service régional"


def test_august_affiliations_are_outside_the_schedule() -> None:
    debits = debit_schedule(RULES, date(2026, 8, 20), Decimal(100), Decimal(300))
    assert all(debit.run is None for debit in debits)
    assert len(debits) == 4


def test_a_free_contract_schedules_only_the_affiliation() -> None:
    debits = debit_schedule(RULES, date(2025, 9, 15), Decimal(100), Decimal(0))
    assert [debit.item for debit in debits] == [DebitItem.AFFILIATION]


def test_a_date_outside_the_season_is_refused() -> None:
    with pytest.raises(DateOutsideSeason, match="n'est pas dans la saison 2025-2026"):
        debit_schedule(RULES, date(2026, 9, 1), Decimal(100), Decimal(300))


def test_a_negative_amount_is_refused() -> None:
    with pytest.raises(InvalidAmount):
        debit_schedule(RULES, date(2025, 9, 15), Decimal(100), Decimal(-1))


def test_2011_has_no_debit_calendar() -> None:
    with pytest.raises(NoDebitCalendar, match="2011-2012 n'a pas d'échéancier"):
        debit_schedule(load_season("2011-2012"), date(2011, 9, 15), Decimal(80), Decimal(300))


# --- opening periods and deadlines -------------------------------------------------------------


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (datetime(2025, 9, 1, 8, 59, 59, tzinfo=PARIS), False),
        (datetime(2025, 9, 1, 9, 0, tzinfo=PARIS), True),
        (datetime(2025, 9, 1, 7, 0, tzinfo=ZoneInfo("UTC")), True),  # 9:00 in Paris
        (datetime(2026, 8, 25, 23, 59, 30, tzinfo=PARIS), True),
        (datetime(2026, 8, 26, 0, 0, tzinfo=PARIS), False),
    ],
)
def test_affiliation_opens_1_september_9h_and_closes_25_august_23h59(
    at: datetime, expected: bool
) -> None:
    assert is_open(RULES.period("affiliation"), at) is expected


@pytest.mark.parametrize(
    ("at", "expected"),
    [
        (datetime(2025, 9, 2, tzinfo=PARIS), True),
        (datetime(2025, 10, 24, 18, 0, tzinfo=PARIS), True),
        (datetime(2025, 10, 25, 0, 0, tzinfo=PARIS), False),
    ],
)
def test_enrolment_changes_are_allowed_until_24_october_included(
    at: datetime, expected: bool
) -> None:
    assert is_open(RULES.period("enrolment_and_type_changes"), at) is expected


def test_2011_animateurs_are_required_from_1_november() -> None:
    required = load_season("2011-2012").period("animateurs_required")
    start = datetime(2011, 11, 1, tzinfo=PARIS)
    assert not is_open(required, start - timedelta(seconds=1))
    assert is_open(required, start)
    assert is_open(required, datetime(2012, 6, 1, tzinfo=PARIS))


def test_a_time_without_zone_is_refused() -> None:
    with pytest.raises(NaiveDatetime):
        is_open(RULES.period("affiliation"), datetime(2025, 9, 1, 10, 0))
