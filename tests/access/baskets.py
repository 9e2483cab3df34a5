from tests.access import AS_MEMBERS_A, POST_ONLY, only

AS_A = lambda w: {"code": w.a.association.code}  # noqa: E731

RULES = {
    # Side A's AS is not affiliated in the world: its members see the page and the refusal.
    "baskets:basket": (AS_A, only(AS_MEMBERS_A)),
    "baskets:add_renewals": (AS_A, POST_ONLY),
    "baskets:add_new": (AS_A, POST_ONLY),
    "baskets:remove_line": (lambda w: {"code": w.a.association.code, "line_id": 1}, POST_ONLY),
    "baskets:validate": (AS_A, POST_ONLY),
    "baskets:decline_request": (
        lambda w: {"code": w.a.association.code, "request_id": 1}, POST_ONLY
    ),
}
