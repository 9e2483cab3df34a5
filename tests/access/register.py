from tests.access import AS_MEMBERS_A, POST_ONLY, SIDE_A_AS, Inner, Write, only, writers

AS_A = lambda w: {"code": w.a.association.code}  # noqa: E731


def event_of(side):
    """An event of the side's register, written by its teacher."""
    import datetime as dt

    from opuss.register.models import RegisterEvent

    return RegisterEvent.objects.create(
        association=side.association,
        kind="TRAINING",
        title="Entraînement de volley",
        date=dt.date(2025, 10, 8),
        created_by=side.teacher,
    )


def event_a(w):
    return {"code": w.a.association.code, "pk": event_of(w.a).pk}


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


# --- writes ---------------------------------------------------------------------------------


def event(w, k, **changes):
    return {"kind": "TRAINING", "title": "Entraînement de handball", "date": "2025-10-15"} | changes


WRITES = {
    "register:create": Write(AS_A, event, writers(AS_MEMBERS_A)),
    "register:edit": Write(
        event_a, lambda w, k: event(w, k, place="Gymnase"), writers(AS_MEMBERS_A)
    ),
    "register:delete": Write(event_a, lambda w, k: {}, writers(AS_MEMBERS_A)),
}


def event_b_under_a(w):
    return {"code": w.a.association.code, "pk": event_of(w.b).pk}


INNER_IDS = {
    "register:edit": Inner(event_b_under_a),
    "register:delete": Inner(event_b_under_a),
}
