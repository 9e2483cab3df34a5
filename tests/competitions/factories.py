"""Competitions for tests: `competition(...)` names its territory by the object given (a
district, a department, an académie, or nothing for a national one)."""

import datetime as dt
from zoneinfo import ZoneInfo

from django.utils import timezone

from opuss.accounts.enums import Role
from opuss.competitions.enums import Attendance, CompetitionKind
from opuss.competitions.models import Competition, CompetitionCategory, Entry, Team
from opuss.seasons.models import Season
from opuss.sport.models import Activity
from opuss.territories.levels import LEVEL_FIELD, Territory, TerritoryLevel
from tests.factories import user_with_role

PARIS = ZoneInfo("Europe/Paris")
CATEGORY_ORDER = ["Poussin", "Benjamin", "Minime", "Cadet", "Junior", "Senior"]
# The tests' "now" (the demo's date): 6 October 2025, 10:00 in Paris.
NOW = dt.datetime(2025, 10, 6, 10, 0, tzinfo=PARIS)


def at(year, month, day, hour=18, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=PARIS)


def competition(
    where=None,
    *,
    categories=("Cadet",),
    sex="X",
    kind=CompetitionKind.INDIVIDUAL,
    date=dt.date(2025, 11, 19),
    deadline=None,
    season=None,
    created_by=None,
    **fields,
) -> Competition:
    territory = _territory(where)
    made = Competition.objects.create(
        name=fields.pop("name", "Championnat de test"),
        activity=fields.pop("activity", None) or Activity.objects.get(name="Cross country"),
        sex=sex,
        kind=kind,
        date=date,
        entry_deadline=deadline or at(2025, 11, 12),
        place=fields.pop("place", "Stade de l'Ill"),
        season=season or Season.objects.get_or_create(start_year=2025)[0],
        created_by=created_by or user_with_role(Role.DN),
        **territory,
        **fields,
    )
    CompetitionCategory.objects.bulk_create(
        CompetitionCategory(competition=made, category=c, rank=CATEGORY_ORDER.index(c))
        for c in categories
    )
    return made


def _territory(where) -> dict:
    """The level of the académie, department or district given (None: national); the larger
    territories containing it are filled on save."""
    if where is None:
        return {"level": TerritoryLevel.NATIONAL}
    level = Territory.of(where).level
    return {"level": level, LEVEL_FIELD[level]: where}


def entry(competition, licence, *, attendance="", rank=None, team=None, by=None) -> Entry:
    return Entry.objects.create(
        competition=competition,
        pupil=licence.pupil,
        licence=licence,
        association=licence.association,
        team=team,
        entered_by=by or user_with_role(Role.AS_TEACHER, association=licence.association),
        entered_at=timezone.now(),
        attendance=attendance,
        rank=rank,
    )


def team(competition, association, name="Équipe 1", members=(), **fields) -> Team:
    made = Team.objects.create(
        competition=competition,
        association=association,
        name=name,
        entered_by=fields.pop("by", None)
        or user_with_role(Role.AS_TEACHER, association=association),
        entered_at=timezone.now(),
        **fields,
    )
    for licence in members:
        entry(competition, licence, team=made, attendance=made.attendance, rank=made.rank)
    return made


PRESENT, ABSENT = Attendance.PRESENT, Attendance.ABSENT
