from datetime import date
from decimal import Decimal

from opuss.rules.figures import as_of_in_season, change, percent, same_day_a_year_before


def test_percent_rounds_half_up_to_one_decimal():
    assert percent(1, 8) == Decimal("12.5")
    assert percent(2, 3) == Decimal("66.7")
    assert percent(1, 0) is None


def test_change_against_the_previous_season():
    assert change(5, 2).difference == 3
    assert change(5, 2).percent == Decimal("150.0")
    assert change(3, 0).percent is None


def test_a_season_is_read_within_its_dates():
    starts, ends = date(2025, 9, 1), date(2026, 8, 31)
    assert as_of_in_season(date(2025, 10, 6), starts, ends) == date(2025, 10, 6)
    assert as_of_in_season(date(2027, 1, 1), starts, ends) == ends
    assert as_of_in_season(date(2025, 8, 1), starts, ends) == starts


def test_same_day_a_year_before():
    assert same_day_a_year_before(date(2025, 10, 6)) == date(2024, 10, 6)
    assert same_day_a_year_before(date(2028, 2, 29)) == date(2027, 2, 28)
