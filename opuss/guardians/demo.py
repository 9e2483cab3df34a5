"""Demo data: the guardians of the current season's licences have been sent their link; about
half have answered, by e-mail or on paper, a few refusing image rights. No e-mail is sent."""

import random
from datetime import timedelta

from django.utils import timezone

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment
from opuss.demo.tables import load
from opuss.guardians.enums import Channel
from opuss.guardians.mentions import shown_for
from opuss.guardians.models import GuardianRequest, GuardianResponse
from opuss.licences.enums import LicenceState
from opuss.licences.models import Licence
from opuss.seasons.models import Season

TABLE = load("guardians.toml")
SHARES = TABLE["shares"]


def seed_guardians(rng: random.Random) -> dict[str, int]:
    """Requests for the current season's licences whose pupil has a guardian e-mail, and
    responses for about half of them. Returns the counts made."""
    season = Season.objects.current_or_none()
    counts = {"requests": 0, "email": 0, "paper": 0}
    if season is None:
        return counts
    licences = (
        Licence.objects.filter(season=season, state=LicenceState.ACTIVE)
        .exclude(pupil__guardian_email="")
        .select_related("pupil", "season", "association__establishment", "created_by")
        .order_by("pk")
    )
    teachers = _teachers(season)
    for licence in licences:
        sent = licence.created_at + timedelta(minutes=rng.randint(1, 30))
        request = GuardianRequest.objects.create(
            licence=licence,
            email=licence.pupil.guardian_email.lower(),
            nonce=f"{rng.getrandbits(128):032x}",
            created_at=sent,
            created_by=licence.created_by,
            sent_at=sent,
        )
        counts["requests"] += 1
        if rng.random() >= SHARES["answered"]:
            continue
        teacher = teachers.get(licence.association_id)
        paper = teacher is not None and rng.random() < SHARES["paper"]
        _respond(rng, licence, request, teacher if paper else None, sent)
        counts["paper" if paper else "email"] += 1
    return counts


def _teachers(season) -> dict[int, object]:
    """One animateur per AS, to have typed its paper forms."""
    teachers: dict[int, object] = {}
    for assignment in RoleAssignment.objects.filter(role=Role.AS_TEACHER).order_by("pk"):
        teachers.setdefault(assignment.association_id, assignment.user)
    return teachers


def _respond(rng: random.Random, licence, request, recorded_by, sent) -> GuardianResponse:
    shown = shown_for(licence)
    correct = rng.random() >= SHARES["correction"]
    answered_at = sent + timedelta(days=rng.randint(0, 12), minutes=rng.randint(5, 600))
    answered_at = min(answered_at, timezone.now())  # the seed runs on the demo's clock
    return GuardianResponse.objects.create(
        request=None if recorded_by else request,
        licence=licence,
        channel=Channel.PAPER if recorded_by else Channel.EMAIL,
        guardian_name=f"{licence.pupil.last_name.upper()} {rng.choice(TABLE['first_names'])}",
        data_correct=correct,
        correction_note="" if correct else rng.choice(TABLE["corrections"]),
        image_rights=rng.random() >= SHARES["image_refused"],
        rgpd_read=True,
        insurance_read=True,
        ia_sport_plus=(
            rng.random() < SHARES["ia_subscribed"] if shown["ia_sport_plus"] is not None else None
        ),
        shown=shown,
        answered_at=answered_at,
        signed_on=(answered_at - timedelta(days=rng.randint(1, 5))).date() if recorded_by else None,
        recorded_by=recorded_by,
    )
