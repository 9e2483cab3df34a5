"""Who may do what on an affiliation. Seeing it is the scope (`for_user`); acting is narrower:
the AS fills in its own form, the regional service decides (DN too: it manages Corsica and the
AEFE), the departmental service only looks."""

from opuss.accounts.enums import AS_ROLES, Role


def _roles(user):
    return user.role_assignments_cached


def can_fill_in(user, association) -> bool:
    return any(a.role in AS_ROLES and a.association_id == association.pk for a in _roles(user))


def can_decide(user, association) -> bool:
    academy_id = association.department.academy_id
    return any(
        a.role == Role.DN or (a.role == Role.SR and a.academy_id == academy_id)
        for a in _roles(user)
    )


can_enter_bank_details = can_decide
