"""Demo data: the register of AS 24214 from September to December 2025 (trainings, meetings,
competitions, an animation, a tournament...), written by its two teachers, and a few events in
other AS."""

import random
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from opuss.associations.models import SportsAssociation
from opuss.demo.accounts import teachers_by_association
from opuss.demo.tables import load
from opuss.register.enums import EventKind
from opuss.register.models import RegisterEvent
from opuss.sport.models import Activity

TABLE = load("register.toml")
PARIS = ZoneInfo("Europe/Paris")


def seed_register(rng: random.Random) -> dict[str, int]:
    counts = {"events": 0}
    activities = {a.name: a for a in Activity.objects.all()}
    teachers = teachers_by_association()
    for association in SportsAssociation.objects.order_by("code"):
        authors = teachers.get(association.pk)
        if not authors:
            continue
        if association.code == TABLE["association"]:
            events = [_seed_event(row, rng.choice(authors), activities) for row in TABLE["events"]]
        elif rng.random() < 0.4:
            events = [
                _other_event(rng, row, activities.get(row.get("activity", "")), rng.choice(authors))
                for row in rng.sample(TABLE["other_events"], rng.randint(1, 3))
            ]
        else:
            continue
        for event in events:
            event.association = association
        RegisterEvent.objects.bulk_create(events)
        counts["events"] += len(events)
    return counts


def _seed_event(row: dict, author, activities) -> RegisterEvent:
    return RegisterEvent(
        kind=EventKind[row["kind"]],
        title=row["title"],
        date=row["day"],
        end_date=row.get("end_day"),
        start_time=row["start"],
        end_time=row.get("end"),
        place=row.get("place", ""),
        activity=activities.get(row.get("activity", "")),
        description=row.get("description", ""),
        created_by=author,
        created_at=_written_before(row["day"]),
    )


def _other_event(rng, row: dict, activity, author) -> RegisterEvent:
    day = date(2025, 9, 15) + timedelta(days=rng.randint(0, 100))
    start = time(rng.choice([12, 13, 17]), rng.choice([0, 30]))
    return RegisterEvent(
        kind=EventKind[row["kind"]],
        title=row["title"],
        date=day,
        start_time=start,
        end_time=time(start.hour + 1, start.minute),
        place="Gymnase de l'établissement",
        activity=activity,
        created_by=author,
        created_at=_written_before(day),
    )


def _written_before(day: date) -> datetime:
    """Written a week before, but not before the school year started."""
    written = max(day - timedelta(days=7), date(2025, 9, 8))
    # Never after the demo's day: the seed runs on its clock.
    return min(datetime.combine(written, time(18, 0), tzinfo=PARIS), timezone.now())
