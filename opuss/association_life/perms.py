"""Who enters an AS's « Vie de l'AS »: its animateurs (2025 circular: « la saisie de la vie des
AS ... par les animateurs d'AS ») and its secretary, who answers for the AS. The services of its
territory read it (scope)."""

from opuss.accounts.enums import AS_ROLES


def can_enter(user, association) -> bool:
    return any(
        a.role in AS_ROLES and a.association_id == association.pk
        for a in user.role_assignments_cached
    )
