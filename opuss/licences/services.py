"""Writes on licences. (The basket, numbering and guardian validation come with the licences
issue; this module starts with what the foundation needs.)"""

from datetime import date

from opuss.rules.categories import age_category
from opuss.rules.season import load_season


def category_for(season, birth_date: date) -> str:
    """The age category label of a pupil born on that date, per the season's rules file."""
    return age_category(load_season(season.label), birth_date).label
