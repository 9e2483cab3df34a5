"""Reads: where each licence stands with its guardian, and the response rate per AS."""

from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When

from opuss.guardians.enums import CorrectionState, GuardianState
from opuss.guardians.models import GuardianRequest, GuardianResponse


def with_guardian_state(licences):
    """Licences annotated with `guardian_state` (GuardianState), `image_refused` (a guardian
    said no: the refusal prevails) and `correction_note` (what a guardian said is wrong in the
    licence's data, if anything) with `correction_handled_at` (when the services marked it
    « traitée », if they did)."""
    responses = GuardianResponse.objects.filter(licence=OuterRef("pk"))
    corrections = responses.filter(data_correct=False).order_by("-answered_at")
    return licences.annotate(
        guardian_state=Case(
            When(Exists(responses), then=Value(GuardianState.ANSWERED)),
            When(
                Exists(GuardianRequest.objects.filter(licence=OuterRef("pk"))),
                then=Value(GuardianState.PENDING),
            ),
            When(guardian_email="", pupil__guardian_email="", then=Value(GuardianState.NO_EMAIL)),
            default=Value(GuardianState.NOT_SENT),
        ),
        image_refused=Exists(responses.filter(image_rights=False)),
        correction_note=Subquery(corrections.values("correction_note")[:1]),
        correction_handled_at=Subquery(corrections.values("handling__handled_at")[:1]),
    )


def correction_requests(responses):
    """Among these answers, those asking a correction of the licence's data, annotated with
    `correction_state` (CorrectionState)."""
    return responses.filter(data_correct=False).annotate(
        correction_state=Case(
            When(handling__isnull=False, then=Value(CorrectionState.HANDLED)),
            default=Value(CorrectionState.TODO),
        )
    )


def correction_counts(responses) -> dict[str, int]:
    """How many correction requests among these answers, by CorrectionState."""
    return correction_requests(responses).aggregate(
        **{state.value: Count("pk", filter=Q(correction_state=state)) for state in CorrectionState}
    )


def associations_with_rate(associations, season):
    """AS annotated with their licences of the season (`licence_total`) and how many of those
    have a guardian's answer (`licence_answered`)."""
    in_season = Q(licences__season=season)
    return associations.annotate(
        licence_total=Count("licences", filter=in_season, distinct=True),
        licence_answered=Count(
            "licences",
            filter=in_season & Q(licences__guardian_responses__isnull=False),
            distinct=True,
        ),
    )


def percent(answered: int, total: int) -> int | None:
    return round(100 * answered / total) if total else None
