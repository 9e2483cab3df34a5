from tests.access import PUBLIC, only


def guardian_token_a(w):
    """A valid link of side A's guardian, his child a minor: the link is the key, so anyone
    holding it gets the data (tests/privacy/test_downloads.py refuses the others)."""
    import datetime as dt

    from opuss.core import clock
    from opuss.guardians.links import make_token
    from opuss.guardians.models import GuardianRequest

    pupil = w.a.licence.pupil
    pupil.birth_date = clock.now().date() - dt.timedelta(days=12 * 365)
    pupil.save(update_fields=["birth_date"])
    request, _ = GuardianRequest.objects.get_or_create(
        licence=w.a.licence,
        email="parent.a@example.fr",
        defaults={"created_at": w.a.licence.created_at},
    )
    return {"token": make_token(request)}


RULES = {
    # « Données personnelles »: the notice every footer links to.
    "privacy:notice": (None, PUBLIC),
    # A pupil's own data: no id in the address, his account says whose.
    "privacy:pupil_page": (None, only({"pupil", "pupil_b"})),
    "privacy:pupil_json": (None, only({"pupil", "pupil_b"})),
    "privacy:pupil_pdf": (None, only({"pupil", "pupil_b"})),
    "privacy:guardian_json": (guardian_token_a, PUBLIC),
    "privacy:guardian_pdf": (guardian_token_a, PUBLIC),
}
