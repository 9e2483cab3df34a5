"""Reads on seasons: the extranet's state shown in every page's header."""

from opuss.core import clock
from opuss.rules.errors import RulesError
from opuss.rules.extranet import ExtranetState, extranet_state
from opuss.rules.season import SeasonRules, available_seasons, load_season
from opuss.seasons.models import Season


def current_extranet_state() -> ExtranetState:
    """Open while the current season's affiliation or licence period is, on the demo's clock;
    closed with the next opening date its file or a later season's gives, if any."""
    current = Season.objects.current_or_none()
    after = current.start_year if current is not None else 0
    later = [
        rules
        for label in available_seasons()
        if int(label[:4]) > after and (rules := _rules(label)) is not None
    ]
    return extranet_state(_rules(current.label) if current else None, later, clock.now())


def _rules(label: str) -> SeasonRules | None:
    try:
        return load_season(label)
    except RulesError:  # a season without a valid file says nothing of the calendar
        return None
