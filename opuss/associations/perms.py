"""Who may manage an AS. Seeing it is the scope (`for_user`); managing is narrower. Circular
2025-2026: "Le service régional pourra ensuite créer cette nouvelle AS" and "En cas de changement
de district, le SR devra modifier l'affectation de l'AS à un district"; the departmental service
also attaches an AS to a district of its department ("son service régional ou départemental").
DN acts everywhere (it manages Corsica and the AEFE)."""

from opuss.accounts.enums import Role
from opuss.territories.models import Academy


def can_create(user) -> bool:
    return any(a.role in (Role.SR, Role.DN) for a in user.role_assignments_cached)


def creation_academies(user):
    """The académies where the user may create an AS."""
    assignments = user.role_assignments_cached
    if any(a.role == Role.DN for a in assignments):
        return Academy.objects.all()
    return Academy.objects.filter(pk__in=[a.academy_id for a in assignments if a.role == Role.SR])


def can_decide(user, association) -> bool:
    """Create, change the AS's e-mail (its secretary account): SR of its académie, DN."""
    academy_id = association.department.academy_id
    return any(
        a.role == Role.DN or (a.role == Role.SR and a.academy_id == academy_id)
        for a in user.role_assignments_cached
    )


def can_move_district(user, association) -> bool:
    return can_decide(user, association) or any(
        a.role == Role.SD and a.department_id == association.department_id
        for a in user.role_assignments_cached
    )


# The "Gestion de l'AS" page: whoever may do one of its actions.
can_manage = can_move_district
