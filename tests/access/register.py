from tests.access import AS_MEMBERS_A, POST_ONLY, SIDE_A_AS, only

AS_A = lambda w: {"code": w.a.association.code}  # noqa: E731


def event_a(w):
    """An event of side A's register, written by its teacher."""
    import datetime as dt

    from opuss.register.models import RegisterEvent

    event = RegisterEvent.objects.create(
        association=w.a.association,
        kind="TRAINING",
        title="Entraînement de volley",
        date=dt.date(2025, 10, 8),
        created_by=w.a.teacher,
    )
    return {"code": w.a.association.code, "pk": event.pk}


RULES = {
    # Seed 000, "Registre de mon AS": the licencié reads his AS's.
    "register:pupil_register": (None, only({"pupil", "pupil_b"})),
    # Kept by the AS's teachers and secretary; the services of its territory read it.
    "register:association": (AS_A, only(SIDE_A_AS)),
    "register:create": (AS_A, only(AS_MEMBERS_A)),
    # The author edits his event; the AS's secretary too.
    "register:edit": (event_a, only(AS_MEMBERS_A)),
    "register:delete": (event_a, POST_ONLY),
}
