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
    return (
        pupil.licences.select_related("association__establishment", "season")
        .order_by("-season__start_year")
        .first()
    )
