"""Demo data: the seed 000's pupil (JO N° 1529567) certified by his animateurs and the Haut-Rhin
SD, with a few events he officiated at and two questionnaires done; other pupils certified; the
national question bank and a few questions of the académie de Strasbourg."""

import random
from datetime import date, datetime, time

from django.utils import timezone

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment
from opuss.jo import services
from opuss.jo.demo_questions import NATIONAL, STRASBOURG
from opuss.jo.enums import JoLevel, JoRole
from opuss.licences.models import Licence
from opuss.seasons.models import Season
from opuss.sport.models import Activity
from opuss.territories.models import Academy

SEED_LICENCE = "242140172"
SEED_JO_NUMBER = "1529567"  # seed 000: "JO N° 1529567"
SEED_TEACHERS = ("heloise.bernasconi@demo.opuss.fr", "theodore.klein@demo.opuss.fr")
OTHER_CERTIFIED = 14
ROLES = [
    JoRole.REFEREE,
    JoRole.REFEREE,
    JoRole.JUDGE,
    JoRole.ORGANISER,
    JoRole.REPORTER,
    JoRole.FIRST_AIDER,
    JoRole.COACH,
]
ACTIVITIES = [
    "Volley Ball",
    "Handball",
    "Basket Ball",
    "Badminton",
    "Football",
    "Tennis de table",
    "Athlétisme estival",
    "Cross country",
]
RIGHT_ANSWER_SHARE = 0.7
BANK_WRITTEN_ON = date(2025, 9, 1)


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed_jo(rng: random.Random) -> dict[str, int]:
    counts = {"questions": 0, "certifications": 0, "events": 0, "attempts": 0}
    current = Season.objects.current_or_none()
    seed_licence = Licence.objects.filter(number=SEED_LICENCE, season=current).first()
    if current is None or seed_licence is None:
        return counts
    activities = {a.name: a for a in Activity.objects.all()}
    counts["questions"] = _seed_questions(activities)
    counts |= _seed_pupil(seed_licence, current, activities)
    certified, events = _seed_others(rng, current, seed_licence.pupil, activities)
    counts["certifications"] += certified
    counts["events"] += events
    counts["attempts"] = _seed_attempts(rng, seed_licence.pupil, activities)
    return counts


def _staff(role: Role, **scope):
    return RoleAssignment.objects.filter(role=role, **scope).select_related("user").first().user


def _seed_questions(activities) -> int:
    dn = _staff(Role.DN)
    strasbourg = Academy.objects.filter(code="24").first()
    banks = [(None, dn, NATIONAL)]
    if strasbourg is not None:
        banks.append((strasbourg, _staff(Role.SR, academy=strasbourg), STRASBOURG))
    made = 0
    for academy, author, questions in banks:
        for question in questions:
            services.save_question(
                actor=author,
                question=None,
                values={
                    "role": question.role,
                    "level": question.level,
                    "activity": activities[question.activity] if question.activity else None,
                    "text": question.text,
                    "explanation": question.explanation,
                    "academy": academy,
                    "active": True,
                },
                choices=question.choices,
                at=_at(BANK_WRITTEN_ON),
            )
            made += 1
    return made


def _seed_pupil(licence, current, activities) -> dict[str, int]:
    """Thomas SCHMITTE: his certifications of last season and this one, and his events."""
    pupil = licence.pupil
    if not pupil.jo_number:
        pupil.jo_number = SEED_JO_NUMBER
        pupil.save(update_fields=["jo_number"])
    previous = pupil.licences.filter(season=current.previous()).first() or licence
    heloise, theodore = (_user_by_email(email) for email in SEED_TEACHERS)
    sd = _staff(Role.SD, department=licence.association.department)
    certifications = [
        (heloise, previous, "Volley Ball", JoRole.REFEREE, JoLevel.DISTRICT, date(2024, 11, 20)),
        (sd, previous, "Volley Ball", JoRole.REFEREE, JoLevel.DEPARTMENTAL, date(2025, 3, 26)),
        (
            theodore,
            previous,
            "Athlétisme estival",
            JoRole.JUDGE,
            JoLevel.DISTRICT,
            date(2025, 5, 14),
        ),
        (theodore, licence, "Cross country", JoRole.JUDGE, JoLevel.DISTRICT, date(2025, 10, 1)),
    ]
    for actor, held, activity, role, level, day in certifications:
        services.certify(
            actor=actor,
            licence=held,
            activity=activities[activity],
            role=role,
            level=level,
            certified_on=day,
            at=_at(day, 17),
        )
    events = [
        (
            heloise,
            previous,
            "Championnat de district de volley-ball lycées",
            "Mulhouse",
            "Volley Ball",
            JoRole.REFEREE,
            JoLevel.DISTRICT,
            date(2024, 12, 11),
        ),
        (
            sd,
            previous,
            "Cross départemental du Haut-Rhin",
            "Guebwiller",
            "Cross country",
            JoRole.JUDGE,
            JoLevel.DEPARTMENTAL,
            date(2024, 11, 27),
        ),
        (
            sd,
            previous,
            "Championnat départemental de volley-ball lycées",
            "Colmar",
            "Volley Ball",
            JoRole.REFEREE,
            JoLevel.DEPARTMENTAL,
            date(2025, 2, 5),
        ),
        (
            theodore,
            previous,
            "Meeting d'athlétisme du district Mulhouse lycées",
            "Mulhouse, stade de l'Ill",
            "Athlétisme estival",
            JoRole.JUDGE,
            JoLevel.DISTRICT,
            date(2025, 5, 21),
        ),
    ]
    for actor, held, title, place, activity, role, level, day in events:
        services.record_officiating(
            actor=actor,
            licence=held,
            title=title,
            place=place,
            activity=activities[activity],
            role=role,
            level=level,
            held_on=day,
            at=_at(day, 18),
        )
    return {"certifications": len(certifications), "events": len(events)}


def _user_by_email(email: str):
    return (
        RoleAssignment.objects.select_related("user")
        .get(role=Role.AS_TEACHER, user__email=email)
        .user
    )


def _seed_others(rng: random.Random, current, seed_pupil, activities) -> tuple[int, int]:
    """Pupils licensed last season and this one, certified last season by an animateur of their
    AS, some of them also by their SD; some officiated at a district meeting."""
    previous = current.previous()
    renewed = (
        Licence.objects.filter(season=previous, pupil__licences__season=current)
        .exclude(pupil=seed_pupil)
        .select_related("pupil", "association__department", "association__establishment", "season")
        .order_by("pk")
    )
    licences = rng.sample(list(renewed), min(OTHER_CERTIFIED, len(renewed)))
    made = events = 0
    for licence in licences:
        teacher = (
            RoleAssignment.objects.filter(role=Role.AS_TEACHER, association=licence.association)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if teacher is None:
            continue
        role = rng.choice(ROLES)
        activity = activities[rng.choice(ACTIVITIES)]
        day = date(2025, rng.randint(1, 6), rng.randint(1, 28))
        services.certify(
            actor=teacher.user,
            licence=licence,
            activity=activity,
            role=role,
            level=JoLevel.DISTRICT,
            certified_on=day,
            at=_at(day, 17),
        )
        made += 1
        if rng.random() < 1 / 3:
            services.record_officiating(
                actor=teacher.user,
                licence=licence,
                title=f"Rencontre de district : {activity.name.lower()}",
                place=licence.association.establishment.city,
                activity=activity,
                role=role,
                level=JoLevel.DISTRICT,
                held_on=day,
                at=_at(day, 18),
            )
            events += 1
        if rng.random() < 1 / 3:
            sd = _staff(Role.SD, department=licence.association.department)
            later = date(2025, 6, rng.randint(10, 25))
            services.certify(
                actor=sd,
                licence=licence,
                activity=activity,
                role=role,
                level=JoLevel.DEPARTMENTAL,
                certified_on=later,
                at=_at(later, 17),
            )
            made += 1
    return made, events


def _seed_attempts(rng: random.Random, pupil, activities) -> int:
    """Two questionnaires done by the seed pupil, answered mostly right."""
    done = [
        (JoRole.REFEREE, JoLevel.DISTRICT, "Volley Ball", date(2025, 9, 24)),
        (JoRole.JUDGE, JoLevel.DISTRICT, "Athlétisme estival", date(2025, 10, 2)),
    ]
    for role, level, activity, day in done:
        attempt = services.start_attempt(
            pupil=pupil,
            role=role,
            level=level,
            activity=activities[activity],
            rng=rng,
            at=_at(day, 18),
        )
        posted = {q.field_name: [str(c) for c in _answer(rng, q)] for q in attempt.asked}
        services.submit_attempt(attempt=attempt, posted=posted, at=_at(day, 18).replace(minute=9))
    return len(done)


def _answer(rng: random.Random, question) -> list[int]:
    right = sorted(question.correct_ids)
    if rng.random() < RIGHT_ANSWER_SHARE:
        return right
    if question.multiple:
        return right[:1]  # one right answer of several: counted wrong
    return [rng.choice([c.id for c in question.choices if not c.correct])]
