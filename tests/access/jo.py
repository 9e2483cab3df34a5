from tests.access import SIDE_A_AS, STAFF, only

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
