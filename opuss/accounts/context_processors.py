from opuss.accounts.enums import STAFF_ROLES, Role
from opuss.accounts.perms import holds_any_role
from opuss.accounts.roles import active_assignment, sorted_assignments


def active_role(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    assignment = active_assignment(request)
    return {
        "active_assignment": assignment,
        "all_assignments": sorted_assignments(user),
        "header_association": _association_of(user, assignment),
        "holds_staff_role": holds_any_role(user, STAFF_ROLES),  # « Sécurité du compte »
    }


def _association_of(user, assignment):
    """The AS shown in the header (seed 000: "AS 24214 Licencié"): the role's, or for a pupil
    the AS of his latest licence."""
    if assignment is None:
        return None
    if assignment.role == Role.PUPIL:
        from opuss.licences.selectors import latest_licence_of

        licence = latest_licence_of(user)
        return licence.association if licence else None
    return assignment.association
