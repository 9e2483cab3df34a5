from tests.access import (
    AS_MEMBERS_A,
    POST_ONLY,
    PUBLIC,
    SIDE_A_AS,
    STAFF,
    Write,
    affiliated_a,
    only,
    writers,
)

AS_A = lambda w: {"code": w.a.association.code}  # noqa: E731


def verify_token(w):
    from opuss.licences.cards import verification_token

    return {"token": verification_token(w.a.licence)}


RULES = {
    # The card: the pupil his own, his AS's members, the services in scope.
    "cards:card": (lambda w: {"pk": w.a.licence.pk}, only(SIDE_A_AS | {"pupil"})),
    # Reached by the card's QR code by anyone, logged in or not.
    "cards:verify": (verify_token, PUBLIC),
    "cards:certified_list": (AS_A, only(SIDE_A_AS)),
    "cards:region_licences": (None, only(STAFF)),
    # Adult licences: the list for the AS and its services; ordering for the AS's members.
    "cards:adults": (AS_A, only(SIDE_A_AS)),
    "cards:adults_pdf": (AS_A, only(SIDE_A_AS)),
    "cards:adult_order": (AS_A, POST_ONLY),
    "cards:adult_animateurs": (AS_A, POST_ONLY),
}


# --- writes: the AS's members order, side A affiliated --------------------------------------


def licensing_a(w):
    affiliated_a(w)
    return AS_A(w)


WRITES = {
    "cards:adult_order": Write(
        licensing_a,
        lambda w, k: {
            "last_name": "Proviseur",
            "first_name": "Anne",
            "email": "anne.proviseur@example.fr",
            "kind": "DIRIGEANT",
        },
        writers(AS_MEMBERS_A),
    ),
    # Side A's teacher is its animateur without an adult licence yet.
    "cards:adult_animateurs": Write(licensing_a, lambda w, k: {}, writers(AS_MEMBERS_A)),
}
