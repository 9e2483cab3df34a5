"""Reads: where each licence stands with its guardian, and the response rate per AS."""

from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When

from opuss.guardians.enums import GuardianState
from opuss.guardians.models import GuardianRequest, GuardianResponse


def with_guardian_state(licences):
    """Licences annotated with `guardian_state` (GuardianState), `image_refused` (a guardian
    said no: the refusal prevails) and `correction_note` (what a guardian said is wrong in the
    licence's data, if anything)."""
    responses = GuardianResponse.objects.filter(licence=OuterRef("pk"))
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
        correction_note=Subquery(
            responses.filter(data_correct=False)
            .order_by("-answered_at")
            .values("correction_note")[:1]
        ),
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
