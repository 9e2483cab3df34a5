"""Demo data: the register of AS 24214 from September to December 2025 (trainings, meetings,
competitions, an animation, a tournament...), written by its two teachers, and a few events in
other AS."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment
from opuss.associations.models import SportsAssociation
from opuss.register.enums import EventKind
from opuss.register.models import RegisterEvent
from opuss.sport.models import Activity

SEED_AS = "24214"
PARIS = ZoneInfo("Europe/Paris")
COMP, TRAIN, ANIM, TOURN, MEET, OTHER = (
    EventKind.COMPETITION,
    EventKind.TRAINING,
    EventKind.ANIMATION,
    EventKind.TOURNAMENT,
    EventKind.MEETING,
    EventKind.OTHER,
)


@dataclass(frozen=True)
class Seed:
    kind: str
    title: str
    day: date
    start: time
    end_day: date | None = None
    end: time | None = None
    place: str = ""
    activity: str | None = None
    description: str = ""


SEED_EVENTS = [
    Seed(
        kind=MEET,
        title="Assemblée générale de l'AS",
        day=date(2025, 9, 17),
        start=time(12, 15),
        end=time(13, 15),
        place="Salle polyvalente du lycée",
        description="Bilan de la saison 2024-2025, élection du bureau et des élèves représentants.",
    ),
    Seed(
        kind=ANIM,
        title="Journée du sport scolaire",
        day=date(2025, 9, 24),
        start=time(13, 30),
        end=time(16, 30),
        place="Stade de l'Ill, Mulhouse",
        activity="Athlétisme estival",
        description="Course relais du district : départ en bus à 12h45 devant le lycée.",
    ),
    Seed(
        kind=TRAIN,
        title="Entraînement de volley-ball",
        day=date(2025, 9, 24),
        start=time(17, 0),
        end=time(18, 30),
        place="Gymnase du lycée",
        activity="Volley Ball",
    ),
    Seed(
        kind=COMP,
        title="Tournoi de rentrée de volley-ball",
        day=date(2025, 10, 1),
        start=time(13, 30),
        end=time(17, 0),
        place="Gymnase Jean Zay, Wittelsheim",
        activity="Volley Ball",
        description="Deux équipes de l'AS engagées. Autorisation de sortie à rendre signée.",
    ),
    Seed(
        kind=TRAIN,
        title="Entraînement d'escalade",
        day=date(2025, 10, 1),
        start=time(17, 0),
        end=time(18, 30),
        place="Mur d'escalade du lycée",
        activity="Escalade",
    ),
    Seed(
        kind=COMP,
        title="Run and bike du district",
        day=date(2025, 10, 8),
        start=time(13, 30),
        end=time(16, 0),
        place="Base nautique, Ungersheim",
        activity="Duathlon",
        description="Prévoir un VTT et un casque.",
    ),
    Seed(
        kind=TRAIN,
        title="Entraînement de tennis de table",
        day=date(2025, 10, 8),
        start=time(12, 15),
        end=time(13, 15),
        place="Foyer des élèves",
        activity="Tennis de table",
    ),
    Seed(
        kind=TRAIN,
        title="Entraînement de cross",
        day=date(2025, 10, 15),
        start=time(13, 30),
        end=time(15, 0),
        place="Parc du lycée",
        activity="Cross country",
        description="Préparation du cross départemental du 19 novembre.",
    ),
    Seed(
        kind=MEET,
        title="Réunion du bureau de l'AS",
        day=date(2025, 10, 16),
        start=time(12, 15),
        end=time(13, 0),
        place="Salle des professeurs",
        description="Budget des transports et achat de maillots.",
    ),
    Seed(
        kind=OTHER,
        title="Sortie escalade en falaise",
        day=date(2025, 10, 22),
        end_day=date(2025, 10, 23),
        start=time(9, 0),
        place="Falaises du Markstein",
        activity="Escalade",
        description="Deux jours pendant les vacances, 12 places.",
    ),
    Seed(
        kind=TRAIN,
        title="Entraînement de volley-ball",
        day=date(2025, 11, 5),
        start=time(17, 0),
        end=time(18, 30),
        place="Gymnase du lycée",
        activity="Volley Ball",
    ),
    Seed(
        kind=COMP,
        title="Cross départemental du Haut-Rhin",
        day=date(2025, 11, 19),
        start=time(12, 30),
        end=time(16, 30),
        place="Parc des Berges de la Thur, Cernay",
        activity="Cross country",
        description="Inscriptions auprès de M. KLEIN avant le 12 novembre.",
    ),
    Seed(
        kind=ANIM,
        title="Après-midi badminton ouvert aux 2nde",
        day=date(2025, 11, 26),
        start=time(13, 30),
        end=time(16, 0),
        place="Gymnase du lycée",
        activity="Badminton",
        description="Venez découvrir l'AS avec un ami.",
    ),
    Seed(
        kind=COMP,
        title="Championnat académique de volley-ball",
        day=date(2025, 12, 10),
        start=time(9, 0),
        end=time(17, 0),
        place="Palais des sports, Colmar",
        activity="Volley Ball",
    ),
    Seed(
        kind=TOURN,
        title="Tournoi de Noël de badminton",
        day=date(2025, 12, 17),
        start=time(13, 30),
        end=time(17, 0),
        place="Gymnase du lycée",
        activity="Badminton",
        description="Tournoi en double mixte, goûter offert par l'AS.",
    ),
]

OTHER_TITLES = [
    (TRAIN, "Entraînement de handball", "Handball"),
    (MEET, "Assemblée générale de l'AS", None),
    (TOURN, "Tournoi de futsal inter-classes", "Futsal"),
    (ANIM, "Journée du sport scolaire", "Cross country"),
]


def seed_register(rng: random.Random) -> dict[str, int]:
    counts = {"events": 0}
    activities = {a.name: a for a in Activity.objects.all()}
    teachers = _teachers()
    for association in SportsAssociation.objects.order_by("code"):
        authors = teachers.get(association.pk)
        if not authors:
            continue
        if association.code == SEED_AS:
            events = [_seed_event(spec, rng.choice(authors), activities) for spec in SEED_EVENTS]
        elif rng.random() < 0.4:
            events = [
                _other_event(rng, kind, title, activities.get(activity or ""), rng.choice(authors))
                for kind, title, activity in rng.sample(OTHER_TITLES, rng.randint(1, 3))
            ]
        else:
            continue
        for event in events:
            event.association = association
        RegisterEvent.objects.bulk_create(events)
        counts["events"] += len(events)
    return counts


def _teachers() -> dict[int, list]:
    teachers: dict[int, list] = {}
    for assignment in (
        RoleAssignment.objects.filter(role=Role.AS_TEACHER).select_related("user").order_by("pk")
    ):
        teachers.setdefault(assignment.association_id, []).append(assignment.user)
    return teachers


def _seed_event(seed: Seed, author, activities) -> RegisterEvent:
    return RegisterEvent(
        kind=seed.kind,
        title=seed.title,
        date=seed.day,
        end_date=seed.end_day,
        start_time=seed.start,
        end_time=seed.end,
        place=seed.place,
        activity=activities.get(seed.activity or ""),
        description=seed.description,
        created_by=author,
        created_at=_written_before(seed.day),
    )


def _other_event(rng, kind, title, activity, author) -> RegisterEvent:
    day = date(2025, 9, 15) + timedelta(days=rng.randint(0, 100))
    start = time(rng.choice([12, 13, 17]), rng.choice([0, 30]))
    return RegisterEvent(
        kind=kind,
        title=title,
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
