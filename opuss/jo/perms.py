"""Who may do what with Jeunes Officiels. Seeing is the scope (`for_user`). Certifying, and
recording an officiated event, follow the ladder (opuss.jo.ladder): each authority over the
pupil's AS up to its own level. The question bank is written by the national direction (the
national bank) and the regional services (their académie's)."""

from opuss.accounts.enums import AS_ROLES, Role
from opuss.jo.ladder import Authority, grantable_levels

STAFF_AUTHORITY = {
    Role.SD: Authority.DEPARTMENT,
    Role.SR: Authority.ACADEMY,
    Role.DN: Authority.NATION,
}


def authorities_over(user, association) -> set[Authority]:
    """What the user is to the pupils of this AS."""
    found = set()
    for a in user.role_assignments_cached:
        if a.role in AS_ROLES and a.association_id == association.pk:
            found.add(Authority.ASSOCIATION)
        elif a.role == Role.SD and a.department_id == association.department_id:
            found.add(Authority.DEPARTMENT)
        elif a.role == Role.SR and a.academy_id == association.department.academy_id:
            found.add(Authority.ACADEMY)
        elif a.role == Role.DN:
            found.add(Authority.NATION)
    return found


def levels_for(user, association) -> tuple[str, ...]:
    """The levels the user may certify (or record an event at) for a pupil of this AS."""
    return grantable_levels(authorities_over(user, association))


def staff_levels(user) -> tuple[str, ...]:
    """The levels an SD, SR or DN may give somewhere in his territory."""
    return grantable_levels(
        STAFF_AUTHORITY[a.role] for a in user.role_assignments_cached if a.role in STAFF_AUTHORITY
    )


def writes_questions(user) -> bool:
    return any(a.role in (Role.SR, Role.DN) for a in user.role_assignments_cached)


def question_banks(user) -> list:
    """The banks the user writes in: None for the national one (DN), or académies (SR)."""
    banks: list = []
    if any(a.role == Role.DN for a in user.role_assignments_cached):
        banks.append(None)
    banks += [a.academy for a in user.role_assignments_cached if a.role == Role.SR]
    return banks


def may_edit_question(user, question) -> bool:
    return any(
        a.role == Role.DN or (a.role == Role.SR and a.academy_id == question.academy_id)
        for a in user.role_assignments_cached
    )
