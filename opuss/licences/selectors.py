from django.http import Http404

from opuss.associations.selectors import kept_association
from opuss.licences.models import Licence


def user_for_licence_number(number: str):
    """The account of the pupil who holds (or last held) this licence number."""
    licence = (
        Licence.objects.filter(number=number, pupil__user__isnull=False)
        .select_related("pupil__user")
        .order_by("-season__start_year")
        .first()
    )
    return licence.pupil.user if licence else None


def latest_licence(pupil) -> Licence | None:
    """With its season, and its AS with its establishment and territories, as kept for all the
    AS's pupils (issue #14)."""
    return _latest(pupil.licences.select_related("season"))


def _latest(licences) -> Licence | None:
    licence = licences.order_by("-season__start_year").first()
    if licence is not None:
        licence.association = kept_association(licence.association_id)
    return licence


def own_pupil(request):
    """The pupil record of the person asking: every page of the licencié's space is about it, and
    does not exist for someone without one."""
    pupil = getattr(request.user, "pupil", None)
    if pupil is None:
        raise Http404
    return pupil


def latest_licence_of(user) -> Licence | None:
    """The user's own latest licence (his AS, his académie), looked up once per user object, so
    once per request however many blocks of a page ask."""
    if not hasattr(user, "_opuss_latest_licence"):
        # His pupil record comes with it: one query for both (issue #14).
        own = Licence.objects.filter(pupil__user=user).select_related("season", "pupil")
        licence = _latest(own)
        if licence is not None:
            user.pupil = licence.pupil
        user._opuss_latest_licence = licence
    return user._opuss_latest_licence
