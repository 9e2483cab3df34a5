from tests.access import AS_MEMBERS_A, POST_ONLY, only

AS_A = lambda w: {"code": w.a.association.code}  # noqa: E731

RULES = {
    # Side A's AS is not affiliated in the world: its members see the upload page and the
    # refusal; the template (headers only) is theirs whatever the affiliation.
    "imports:upload": (AS_A, only(AS_MEMBERS_A)),
    "imports:confirm": (AS_A, POST_ONLY),
    "imports:template": (AS_A, only(AS_MEMBERS_A)),
}
