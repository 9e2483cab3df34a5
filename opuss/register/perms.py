"""Who writes in an AS's register: its animateurs and its secretary ("saisis par les enseignants
EPS de son AS", seed 000). An event is changed or deleted by its author, or by the AS's
secretary, who answers for the AS. The services of its territory read it (scope)."""

from opuss.accounts.enums import AS_ROLES, Role


def is_member(user, association) -> bool:
    return any(
        a.role in AS_ROLES and a.association_id == association.pk
        for a in user.role_assignments_cached
    )


def is_secretary(user, association) -> bool:
    return any(
        a.role == Role.AS_SECRETARY and a.association_id == association.pk
        for a in user.role_assignments_cached
    )


def can_change(user, event) -> bool:
    association = event.association
    if not is_member(user, association):
        return False
    return event.created_by_id == user.pk or is_secretary(user, association)
