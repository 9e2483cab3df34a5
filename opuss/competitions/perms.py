"""Who organises which competitions and who enters pupils.

The departmental service (SD) organises district and departmental competitions of its department,
the regional service (SR) académique ones of its académie and any lower one inside it, the
national direction (DN) any, national ones included. Pupils are entered "par l'intermédiaire de
son enseignant EPS" (seed 000): by the animateurs and the secretary of their AS."""

from opuss.accounts.enums import AS_ROLES, Role
from opuss.competitions.enums import COMPETITION_LEVELS
from opuss.territories.levels import TerritoryLevel

SD_LEVELS = (TerritoryLevel.DISTRICT, TerritoryLevel.DEPARTMENT)
SR_LEVELS = (*SD_LEVELS, TerritoryLevel.ACADEMY)


def levels_for(user) -> list[str]:
    """The levels the user may organise, from the lowest."""
    roles = {a.role for a in user.role_assignments_cached}
    if Role.DN in roles:
        return [level.value for level in COMPETITION_LEVELS]
    if Role.SR in roles:
        return list(SR_LEVELS)
    if Role.SD in roles:
        return list(SD_LEVELS)
    return []


def can_organise(user, level: str, *, department=None, academy=None) -> bool:
    """May the user organise a competition of this level in that department (district and
    departmental levels) or académie (académique level)?"""
    for a in user.role_assignments_cached:
        if a.role == Role.DN:
            return True
        if level == TerritoryLevel.NATIONAL:
            continue
        academy_id = academy.pk if academy is not None else getattr(department, "academy_id", None)
        if (
            a.role == Role.SR
            and level in SR_LEVELS
            and academy_id is not None
            and a.academy_id == academy_id
        ):
            return True
        if (
            a.role == Role.SD
            and level in SD_LEVELS
            and department is not None
            and a.department_id == department.pk
        ):
            return True
    return False


def can_manage(user, competition) -> bool:
    """Edit it and record its participation: whoever may organise it where it is."""
    return can_organise(
        user, competition.level, department=competition.department, academy=competition.academy
    )


def is_member(user, association) -> bool:
    return any(
        a.role in AS_ROLES and a.association_id == association.pk
        for a in user.role_assignments_cached
    )
