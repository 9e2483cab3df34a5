from tests.access import AS_MEMBERS_A, POST_ONLY, PUBLIC, SIDE_A_AS, STAFF, only

AS_A = lambda w: {"code": w.a.association.code}  # noqa: E731
LICENCE_A = lambda w: {"code": w.a.association.code, "licence_pk": w.a.licence.pk}  # noqa: E731


def token_a(w):
    """A valid link for side A's licence: the page needs no account, so everyone sees it."""
    from opuss.guardians.links import make_token
    from opuss.guardians.models import GuardianRequest

    request, _ = GuardianRequest.objects.get_or_create(
        licence=w.a.licence,
        email="parent.a@example.fr",
        defaults={"created_at": w.a.licence.created_at},
    )
    return {"token": make_token(request)}


RULES = {
    "guardians:answer": (token_a, PUBLIC),
    # The AS follows its answers; the services of its territory see them too (the SD reads).
    "guardians:association": (AS_A, only(SIDE_A_AS)),
    "guardians:resend": (LICENCE_A, POST_ONLY),
    "guardians:resend_all": (AS_A, POST_ONLY),
    # The signed paper sheet is the AS's: only its members type it.
    "guardians:paper": (LICENCE_A, only(AS_MEMBERS_A)),
    "guardians:staff": (None, only(STAFF)),
}
