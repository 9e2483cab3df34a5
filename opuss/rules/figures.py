"""The dashboards' computations on counts already made: rates, shares, comparisons, the date a
season is compared at. No database here; the counts come from opuss.dashboards.selectors.

Readings (docs/rules.md, « Tableaux de bord »): the participation rate is the licensees over the
enrolment the affiliated AS declared (« Effectifs d'élèves scolarisés (Garçons + Filles) »); the
previous season is compared « à date »: its licences taken up to the same day one year earlier.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "Change",
    "as_of_in_season",
    "change",
    "end_of",
    "percent",
    "same_day_a_year_before",
]

PERCENT_PLACES = Decimal("0.1")


def percent(part: int, whole: int) -> Decimal | None:
    """`part` out of `whole` in percent, to one decimal, half up (12.35 → 12.4); None when
    there is nothing to divide by (no enrolment declared, no licence)."""
    if whole <= 0:
        return None
    return (Decimal(100) * part / whole).quantize(PERCENT_PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Change:
    """A figure against the same figure of the previous season at the same date."""

    current: int
    previous: int

    @property
    def difference(self) -> int:
        return self.current - self.previous

    @property
    def percent(self) -> Decimal | None:
        """The change in percent of the previous figure; None when it was zero."""
        if self.previous == 0:
            return None
        return percent(self.difference, self.previous)


def change(current: int, previous: int) -> Change:
    return Change(current, previous)


def as_of_in_season(today: date, starts: date, ends: date) -> date:
    """The day a season's figures are read at: today while it runs, its first day before it
    starts, its last day once it is over (a past season is compared whole)."""
    return min(max(today, starts), ends)


def same_day_a_year_before(day: date) -> date:
    """The same day one year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def end_of(day: date) -> date:
    """The first day after `day`: licences taken « up to » a day are those before this one."""
    return day + timedelta(days=1)
