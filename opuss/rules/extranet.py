"""The extranet's state in the header (« Opuss : ouvert / fermé »), from the season's periods.

OPUSS is « ouvert » while the current season's affiliation or licence period is open: that is
when an AS can affiliate or take licences. Closed, it says when it opens next, from the periods
of the current season and of the seasons after it whose file is on file."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from opuss.rules.calendar import is_open
from opuss.rules.season import Period, SeasonRules
from opuss.rules.text import format_date

__all__ = ["EXTRANET_PERIODS", "ExtranetState", "extranet_state"]

EXTRANET_PERIODS = ("affiliation", "licences")


@dataclass(frozen=True)
class ExtranetState:
    open: bool
    next_opening: datetime | None = None  # when closed and a later opening is known

    @property
    def label(self) -> str:
        if self.open:
            return "Opuss : ouvert"
        if self.next_opening is None:
            return "Opuss : fermé"
        return f"Opuss : fermé — ouverture le {format_date(self.next_opening.date())}"


def extranet_state(
    current: SeasonRules | None, later: Iterable[SeasonRules], at: datetime
) -> ExtranetState:
    """`current`: the rules of the season open in the database (None before one is opened);
    `later`: those of the seasons after it that have a file; `at`: an aware datetime."""
    if current is not None and any(is_open(p, at) for p in _periods(current)):
        return ExtranetState(open=True)
    seasons = ([current] if current is not None else []) + list(later)
    openings = [
        period.opens
        for rules in seasons
        for period in _periods(rules)
        if period.opens is not None and period.opens > at
    ]
    return ExtranetState(open=False, next_opening=min(openings, default=None))


def _periods(rules: SeasonRules) -> list[Period]:
    return [rules.periods[key] for key in EXTRANET_PERIODS if key in rules.periods]
