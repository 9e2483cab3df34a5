"""What each AS owes (issue #13): the AS's « Finances » page and statement for its members and
the services of its territory; the list of accounts for the services (the SD reads its
department's); the accountants' months for the SR and DN."""

from tests.access import SIDE_A_AS, STAFF, only

AS_A = lambda w: {"code": w.a.association.code}  # noqa: E731

RULES = {
    "finances:association": (AS_A, only(SIDE_A_AS)),
    "finances:statement": (AS_A, only(SIDE_A_AS)),
    "finances:list": (None, only(STAFF)),
    "finances:accounting": (None, only({"sr", "dn", "sr_b"})),
}
