"""Demo data: the seed 000's pupil (JO N° 1529567) certified by his animateurs and the Haut-Rhin
SD, with a few events he officiated at and two questionnaires done; other pupils certified; the
national question bank and a few questions of the académie de Strasbourg."""

import random
from datetime import date, datetime, time

from django.utils import timezone

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment
from opuss.demo.tables import load
from opuss.jo import services
from opuss.jo.demo_questions import NATIONAL, STRASBOURG
from opuss.jo.enums import JoLevel, JoRole
from opuss.licences.models import Licence
from opuss.seasons.models import Season
from opuss.sport.models import Activity
from opuss.territories.models import Academy

TABLE = load("jo.toml")
SEED = TABLE["seed_pupil"]


def _at(day: date, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed_jo(rng: random.Random) -> dict[str, int]:
    counts = {"questions": 0, "certifications": 0, "events": 0, "attempts": 0}
    current = Season.objects.current_or_none()
    seed_licence = Licence.objects.filter(number=SEED["licence"], season=current).first()
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
                at=_at(TABLE["bank_written_on"]),
            )
            made += 1
    return made


def _seed_pupil(licence, current, activities) -> dict[str, int]:
    """Thomas SCHMITTE: his certifications of last season and this one, and his events."""
    pupil = licence.pupil
    if not pupil.jo_number:
        pupil.jo_number = SEED["jo_number"]
        pupil.save(update_fields=["jo_number"])
    held = {
        "previous": pupil.licences.filter(season=current.previous()).first() or licence,
        "current": licence,
    }
    sd = _staff(Role.SD, department=licence.association.department)
    people = {
        row["by"]: sd if row["by"] == "sd" else _user_by_email(row["by"])
        for row in SEED["certifications"] + SEED["events"]
    }
    for row in SEED["certifications"]:
        services.certify(
            actor=people[row["by"]],
            licence=held[row["season"]],
            activity=activities[row["activity"]],
            role=JoRole[row["role"]],
            level=JoLevel[row["level"]],
            certified_on=row["day"],
            at=_at(row["day"], 17),
        )
    for row in SEED["events"]:
        services.record_officiating(
            actor=people[row["by"]],
            licence=held[row["season"]],
            title=row["title"],
            place=row["place"],
            activity=activities[row["activity"]],
            role=JoRole[row["role"]],
            level=JoLevel[row["level"]],
            held_on=row["day"],
            at=_at(row["day"], 18),
        )
    return {"certifications": len(SEED["certifications"]), "events": len(SEED["events"])}


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
    others = TABLE["others"]
    licences = rng.sample(list(renewed), min(others["certified"], len(renewed)))
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
        role = JoRole[rng.choice(others["roles"])]
        activity = activities[rng.choice(others["activities"])]
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
                level=JoLevel.DEPARTMENT,
                certified_on=later,
                at=_at(later, 17),
            )
            made += 1
    return made, events


def _seed_attempts(rng: random.Random, pupil, activities) -> int:
    """Two questionnaires done by the seed pupil, answered mostly right."""
    done = SEED["questionnaires"]
    for row in done:
        day = row["day"]
        attempt = services.start_attempt(
            pupil=pupil,
            role=JoRole[row["role"]],
            level=JoLevel[row["level"]],
            activity=activities[row["activity"]],
            rng=rng,
            at=_at(day, 18),
        )
        posted = {q.field_name: [str(c) for c in _answer(rng, q)] for q in attempt.asked}
        services.submit_attempt(attempt=attempt, posted=posted, at=_at(day, 18).replace(minute=9))
    return len(done)


def _answer(rng: random.Random, question) -> list[int]:
    right = sorted(question.correct_ids)
    if rng.random() < TABLE["right_answer_share"]:
        return right
    if question.multiple:
        return right[:1]  # one right answer of several: counted wrong
    return [rng.choice([c.id for c in question.choices if not c.correct])]
