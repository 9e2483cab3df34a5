"""Demo data: the life of the AS. Most AS affiliated in 2024-2025 entered its figures in
September 2025, before the circular's deadline (30 September); a few have entered 2025-2026's
already; the others, AS 24214 among them, have not (the services' « Vie des AS » lists them)."""

import random
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from opuss.association_life.models import AssociationStatistics
from opuss.association_life.selectors import concerned
from opuss.demo.accounts import teachers_by_association
from opuss.seasons.models import Season
from opuss.sport.models import Activity

PARIS = ZoneInfo("Europe/Paris")
SEED_AS = "24214"
# The share of the affiliated AS that entered each season's figures by the demo's day.
ENTERED = {"previous": 0.75, "current": 0.25}


def seed_association_life(rng: random.Random) -> dict[str, int]:
    current = Season.objects.current()
    previous = current.previous()
    activities = list(Activity.objects.order_by("name"))
    teachers = teachers_by_association()
    counts = {"previous": 0, "current": 0}
    for key, season, first_day in (
        ("previous", previous, datetime(current.start_year, 9, 8, tzinfo=PARIS)),
        ("current", current, datetime(current.start_year, 10, 1, tzinfo=PARIS)),
    ):
        if season is None:
            continue
        for association in concerned(season).order_by("code"):
            authors = teachers.get(association.pk)
            if not authors or not _entered(rng, key, association.code):
                continue
            _create(rng, association, season, rng.choice(authors), activities, first_day)
            counts[key] += 1
    return counts


def _entered(rng, key: str, code: str) -> bool:
    """AS 24214 entered last season's figures and not yet this season's."""
    if code == SEED_AS:
        return key == "previous"
    return rng.random() < ENTERED[key]


def _create(rng, association, season, author, activities, first_day) -> None:
    when = first_day + timedelta(days=rng.randint(0, 4))
    moment = datetime.combine(when.date(), time(rng.randint(12, 19), 0), tzinfo=PARIS)
    statistics = AssociationStatistics.objects.create(
        association=association,
        season=season,
        participations=rng.randint(40, 400),
        events=rng.randint(3, 30),
        jo_trained=rng.randint(0, 12),
        shared_sport=rng.randint(0, 15),
        # Never after the demo's day: the seed runs on its clock.
        updated_at=min(moment, timezone.now()),
        updated_by=author,
    )
    statistics.activities.set(rng.sample(activities, rng.randint(1, 4)))
