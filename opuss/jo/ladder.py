"""Who may certify a Jeune Officiel at which level (no Django here).

Issue #6: "JO certification by a teacher (AS, district) or an SD/SR (higher levels)". Each
authority over the pupil certifies up to its own level: his AS the district level, the SD of his
department up to the departmental level, the SR of his académie up to the académique level, the
national direction every level, national and international included."""

from collections.abc import Iterable
from enum import StrEnum

# Lowest first; the values of opuss.jo.enums.JoLevel (TerritoryLevel's from the district up,
# then INTERNATIONAL).
LEVELS = ("DISTRICT", "DEPARTMENT", "ACADEMY", "NATIONAL", "INTERNATIONAL")


class Authority(StrEnum):
    """What a certifier is to the pupil."""

    ASSOCIATION = "ASSOCIATION"  # a teacher or the secretary of the pupil's AS
    DEPARTMENT = "DEPARTMENT"  # the SD of the AS's department
    ACADEMY = "ACADEMY"  # the SR of the AS's académie
    NATION = "NATION"  # the national direction (DN)


HIGHEST_LEVEL = {
    Authority.ASSOCIATION: "DISTRICT",
    Authority.DEPARTMENT: "DEPARTMENT",
    Authority.ACADEMY: "ACADEMY",
    Authority.NATION: "INTERNATIONAL",
}


def grantable_levels(authorities: Iterable[Authority]) -> tuple[str, ...]:
    """The levels these authorities together may give, lowest first (none: an empty tuple)."""
    top = max((LEVELS.index(HIGHEST_LEVEL[a]) for a in authorities), default=-1)
    return LEVELS[: top + 1]


def may_grant(authorities: Iterable[Authority], level: str) -> bool:
    return level in grantable_levels(authorities)
