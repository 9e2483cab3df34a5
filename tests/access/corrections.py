from tests.access import POST_ONLY, only

LICENCE_A = lambda w: {"pk": w.a.licence.pk}  # noqa: E731

RULES = {
    # The SR of the académie (and DN) changes licences; the SD does not.
    "corrections:manage": (LICENCE_A, only({"sr", "dn"})),
    "corrections:identity": (LICENCE_A, POST_ONLY),
    "corrections:replace": (LICENCE_A, POST_ONLY),
    "corrections:transfer": (LICENCE_A, POST_ONLY),
}
