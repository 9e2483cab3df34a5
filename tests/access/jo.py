from tests.access import SIDE_A_AS, STAFF, BodyId, Write, body_of, only, writers

AS_A = lambda w: {"code": w.a.association.code}  # noqa: E731
PUPILS = {"pupil", "pupil_b"}
QUESTION_WRITERS = {"sr", "dn", "sr_b"}


def attempt_a(w):
    """A questionnaire started by side A's pupil."""
    from opuss.jo import services
    from tests.jo.factories import QuestionFactory

    QuestionFactory()
    attempt = services.start_attempt(
        pupil=w.a.licence.pupil, role="REFEREE", level="DISTRICT", activity=None
    )
    return {"pk": attempt.pk}


def question_a(w):
    """A question of side A's académie bank."""
    from tests.jo.factories import QuestionFactory

    return {"pk": QuestionFactory(academy=w.a.association.department.academy).pk}


RULES = {
    # The pupil's own JO and questionnaire; an attempt is its pupil's only.
    "jo:pupil_jo": (None, only(PUPILS)),
    "jo:quiz": (None, only(PUPILS)),
    "jo:attempt": (attempt_a, only({"pupil"})),
    # The AS's JO: its members and the services of its territory, who all certify at some level.
    "jo:association": (AS_A, only(SIDE_A_AS)),
    "jo:association_events": (AS_A, only(SIDE_A_AS)),
    "jo:association_certify": (AS_A, only(SIDE_A_AS)),
    "jo:association_record": (AS_A, only(SIDE_A_AS)),
    # The services' JO of their territory.
    "jo:staff": (None, only(STAFF)),
    "jo:staff_events": (None, only(STAFF)),
    "jo:staff_certify": (None, only(STAFF)),
    "jo:staff_record": (None, only(STAFF)),
    # The question bank: DN (national) and the SR (their académie's).
    "jo:questions": (None, only(QUESTION_WRITERS)),
    "jo:question_create": (None, only(QUESTION_WRITERS)),
    "jo:question_edit": (question_a, only({"sr", "dn"})),
}


# --- writes ---------------------------------------------------------------------------------


def activity_pk() -> int:
    from opuss.sport.models import Activity

    return Activity.objects.get(name="Volley Ball").pk


def certification(licence: str | int, **extra) -> dict:
    return {
        "licence": licence,
        "activity": activity_pk(),
        "role": "REFEREE",
        "level": "DISTRICT",
        "certified_on": "2025-10-01",
    } | extra


def officiating(licence: str | int) -> dict:
    return certification(licence, title="Cross du district", held_on="2025-10-01", place="Parc")


def with_question(w):
    from tests.jo.factories import QuestionFactory

    QuestionFactory()
    return None


def right_answers(w, k):
    from opuss.jo.models import QuizAttempt

    attempt = QuizAttempt.objects.get(pk=k["pk"])
    return {
        question.field_name: [str(c.id) for c in question.choices if c.correct]
        for question in attempt.asked
    }


def new_question(w, k):
    return {
        "role": "REFEREE",
        "level": "DISTRICT",
        "activity": "",
        "text": "Combien de joueurs sur un terrain de volley ?",
        "explanation": "Six par équipe.",
        "active": "on",
        "choice_1": "Six",
        "correct_1": "on",
        "choice_2": "Sept",
    }


def question_body(w, k):
    from opuss.jo.forms import QuestionForm
    from opuss.jo.models import Question

    question = Question.objects.get(pk=k["pk"])
    form = QuestionForm(banks=[question.academy], question=question)
    return body_of(form) | {"text": "Question reformulée ?"}


# Side B's services certify in their territory, not side A's pupils: the number is refused.
STAFF_A = writers({"sd", "sr", "dn"}) | {"sd_b": 200, "sr_b": 200}
WRITES = {
    "jo:association_certify": Write(
        AS_A, lambda w, k: certification(w.a.licence.pk), writers(SIDE_A_AS)
    ),
    "jo:association_record": Write(
        AS_A, lambda w, k: officiating(w.a.licence.pk), writers(SIDE_A_AS)
    ),
    "jo:staff_certify": Write(None, lambda w, k: certification(w.a.licence.number), STAFF_A),
    "jo:staff_record": Write(None, lambda w, k: officiating(w.a.licence.number), STAFF_A),
    "jo:quiz": Write(
        with_question,
        lambda w, k: {"role": "REFEREE", "level": "DISTRICT", "activity": ""},
        writers(PUPILS),
    ),
    "jo:attempt": Write(attempt_a, right_answers, writers({"pupil"})),
    "jo:question_create": Write(None, new_question, writers(QUESTION_WRITERS)),
    "jo:question_edit": Write(question_a, question_body, writers({"sr", "dn"})),
}


def questions_of_b(w):
    from opuss.jo.models import Question

    return Question.objects.filter(academy=w.b.association.department.academy)


def question_not_asked(w, k):
    from tests.jo.factories import QuestionFactory

    other = QuestionFactory(text="Une question d'un autre questionnaire ?")
    return {f"question-{other.pk}": [str(other.choices.first().pk)]}


LICENCE_FIELD = "opuss.jo.forms.JoForm.licence"
SIDE_A_STAFF = frozenset({"sd", "sr"})
BODY_IDS = {
    ("jo:association_certify", "licence"): BodyId(
        (LICENCE_FIELD,), lambda w, k: {"licence": w.b.licence.pk}
    ),
    ("jo:association_record", "licence"): BodyId(
        (LICENCE_FIELD,), lambda w, k: {"licence": w.b.licence.pk}
    ),
    ("jo:staff_certify", "licence"): BodyId(
        (LICENCE_FIELD,), lambda w, k: {"licence": w.b.licence.number}, actors=SIDE_A_STAFF
    ),
    ("jo:staff_record", "licence"): BodyId(
        (LICENCE_FIELD,), lambda w, k: {"licence": w.b.licence.number}, actors=SIDE_A_STAFF
    ),
    # The bank is offered to whoever writes in several; an SR of one académie writes in his.
    ("jo:question_create", "bank"): BodyId(
        ("opuss.jo.forms.QuestionForm.bank",),
        lambda w, k: {"bank": str(w.b.association.department.academy_id)},
        kept=questions_of_b,
        actors=frozenset({"sr"}),
    ),
    # The answers name the questions asked and their choices; anything else is refused whole.
    ("jo:attempt", "question-<id>"): BodyId(("opuss.jo.views:POST:*",), question_not_asked),
}
