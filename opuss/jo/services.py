"""Writes: certifying a Jeune Officiel, recording an event he officiated at, writing the
question bank, taking the questionnaire."""

import random
import secrets
from collections.abc import Mapping, Sequence
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from opuss.core import clock
from opuss.core.audit import record, snapshot
from opuss.jo import perms
from opuss.jo.enums import JoLevel, JoRole
from opuss.jo.models import Certification, Choice, Officiating, Question, QuizAttempt
from opuss.jo.numbering import give_jo_number
from opuss.jo.quiz import draw, read_answers, score, unanswered
from opuss.licences.selectors import latest_licence


class JoError(Exception):
    """A refused write; the message is shown as it is, next to `field` when there is one."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


class Unanswered(JoError):
    def __init__(self, question_ids: set[int]):
        super().__init__("Réponds à chaque question avant de rendre le questionnaire.")
        self.question_ids = question_ids


def _today() -> date:
    return timezone.localdate(clock.now())


def _check_level(actor, licence, level: str, what: str) -> None:
    if level not in perms.levels_for(actor, licence.association):
        raise JoError(
            f"Vous ne pouvez pas {what} de niveau {JoLevel(level).label} pour un élève de "
            f"l'AS {licence.association.code}.",
            "level",
        )


def _check_past(day: date, field: str) -> None:
    if day > _today():
        raise JoError("La date ne peut pas être dans le futur.", field)


@transaction.atomic
def certify(
    *,
    actor,
    licence,
    activity,
    role: str,
    level: str,
    certified_on: date,
    at: datetime | None = None,
) -> Certification:
    """Certify the pupil of this licence (his AS and season at the time), and give him a JO
    number if he has none."""
    _check_level(actor, licence, level, "délivrer une certification")
    _check_past(certified_on, "certified_on")
    pupil = licence.pupil
    try:
        with transaction.atomic():
            certification = Certification.objects.create(
                pupil=pupil,
                activity=activity,
                role=role,
                level=level,
                certified_on=certified_on,
                certifier=actor,
                season=licence.season,
                association=licence.association,
                created_at=at or clock.now(),
            )
    except IntegrityError:
        raise JoError(
            f"{pupil} a déjà la certification {JoRole(role).label} en {activity}, niveau "
            f"{JoLevel(level).label}."
        ) from None
    give_jo_number(pupil, actor=actor, at=at)
    record(
        actor=actor,
        action="Certification JO",
        obj=certification,
        after=snapshot(certification),
        at=at,
    )
    return certification


@transaction.atomic
def record_officiating(
    *,
    actor,
    licence,
    activity,
    role: str,
    level: str,
    title: str,
    held_on: date,
    place: str,
    at: datetime | None = None,
) -> Officiating:
    """An event the pupil officiated at, recorded by whoever may certify at its level."""
    _check_level(actor, licence, level, "saisir un événement")
    _check_past(held_on, "held_on")
    officiating = Officiating.objects.create(
        pupil=licence.pupil,
        title=title.strip(),
        held_on=held_on,
        place=place.strip(),
        activity=activity,
        role=role,
        level=level,
        recorded_by=actor,
        season=licence.season,
        association=licence.association,
        created_at=at or clock.now(),
    )
    record(
        actor=actor,
        action="Événement JO encadré",
        obj=officiating,
        after=snapshot(officiating),
        at=at,
    )
    return officiating


# --- the question bank ---------------------------------------------------------------------


def _question_state(question: Question) -> dict:
    state = snapshot(
        question, fields=["role", "level", "activity", "text", "explanation", "academy", "active"]
    )
    state["choices"] = [f"{'[x]' if c.correct else '[ ]'} {c.text}" for c in question.choices.all()]
    return state


@transaction.atomic
def save_question(
    *,
    actor,
    question: Question | None,
    values: dict,
    choices: list[tuple[str, bool]],
    at: datetime | None = None,
) -> Question:
    """Create or change a question and its choices (2 to 5, at least one right). Past
    questionnaires keep the question as it was asked."""
    if not 2 <= len(choices) <= 5 or not any(correct for _, correct in choices):
        raise JoError("Une question a de 2 à 5 réponses, dont au moins une bonne.")
    if question is not None and not perms.may_edit_question(actor, question):
        raise JoError("Cette question n'est pas de votre banque.")
    if question is None and values.get("academy") not in perms.question_banks(actor):
        raise JoError("Vous ne pouvez pas écrire dans cette banque de questions.")
    before = _question_state(question) if question is not None else None
    question = question or Question(created_by=actor)
    for name, value in values.items():
        setattr(question, name, value)
    question.updated_at = at or clock.now()
    question.save()
    question.choices.all().delete()
    Choice.objects.bulk_create(
        Choice(question=question, position=n, text=text.strip(), correct=correct)
        for n, (text, correct) in enumerate(choices, start=1)
    )
    record(
        actor=actor,
        action="Question JO modifiée" if before else "Question JO rédigée",
        obj=question,
        before=before,
        after=_question_state(question),
        at=question.updated_at,
    )
    return question


# --- the questionnaire ---------------------------------------------------------------------


def quiz_bank(pupil, *, role: str, level: str, activity):
    """The questions the pupil may be asked: the national bank and his académie's, in service,
    for this role and level; for the activity chosen and for all activities, or for every
    activity when he chose none."""
    licence = latest_licence(pupil)
    academy = licence.association.department.academy if licence else None
    questions = Question.objects.in_bank_of(academy).filter(active=True, role=role, level=level)
    if activity is not None:
        questions = questions.filter(Q(activity=activity) | Q(activity__isnull=True))
    return questions.prefetch_related("choices").order_by("pk")


def start_attempt(
    *,
    pupil,
    role: str,
    level: str,
    activity,
    rng: random.Random | None = None,
    at: datetime | None = None,
) -> QuizAttempt:
    """Draw the questions (10, or fewer if the bank has fewer) and keep them as asked. The
    draw is reproducible: a given seed and bank give the same questions."""
    seed = rng.getrandbits(63) if rng is not None else secrets.randbits(63)
    bank = list(quiz_bank(pupil, role=role, level=level, activity=activity))
    if not bank:
        raise JoError(
            "Aucune question ne correspond encore à ce choix : essaie un autre rôle, "
            "niveau ou activité."
        )
    asked = draw([q.as_asked() for q in bank], random.Random(seed))
    return QuizAttempt.objects.create(
        pupil=pupil,
        role=role,
        level=level,
        activity=activity,
        seed=seed,
        questions=[q.to_json() for q in asked],
        total=len(asked),
        started_at=at or clock.now(),
    )


@transaction.atomic
def submit_attempt(
    *, attempt: QuizAttempt, posted: Mapping[str, Sequence[str]], at: datetime | None = None
) -> QuizAttempt:
    """Score what was posted (`question-<id>`: the choices ticked) against the questions asked.
    Answers to other questions or with other choices are refused (TamperedAnswers); each
    question needs an answer (Unanswered)."""
    attempt = QuizAttempt.objects.select_for_update().get(pk=attempt.pk)
    if attempt.submitted_at is not None:
        raise JoError("Ce questionnaire est déjà corrigé.")
    asked = attempt.asked
    answers = read_answers(asked, posted)
    missing = unanswered(asked, answers)
    if missing:
        raise Unanswered(missing)
    attempt.answers = {str(k): sorted(v) for k, v in answers.items()}
    attempt.right = score(asked, answers).right
    attempt.submitted_at = at or clock.now()
    attempt.save(update_fields=["answers", "right", "submitted_at"])
    return attempt
