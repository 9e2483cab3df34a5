"""From a user's roles to what he sees (his scope) and where he lands (his home)."""

from django.urls import reverse

from opuss.accounts.enums import AS_ROLES, Role
from opuss.core.scope import Level, Scope

ACTIVE_ROLE_SESSION_KEY = "opuss_active_role"

# When a person holds several roles, he lands on the widest one's home first.
ROLE_PRIORITY = [Role.DN, Role.SR, Role.SD, Role.AS_SECRETARY, Role.AS_TEACHER, Role.PUPIL]


def compute_scope(user) -> Scope:
    assignments = user.role_assignments_cached
    if any(a.role == Role.DN for a in assignments):
        return Scope(national=True)
    ids: dict[Level, set[int]] = {level: set() for level in Level}
    for assignment in assignments:
        if assignment.role == Role.PUPIL:
            pupil = getattr(user, "pupil", None)
            if pupil is not None:
                ids[Level.PUPIL].add(pupil.pk)
        elif assignment.role in AS_ROLES:
            ids[Level.ASSOCIATION].add(assignment.association_id)
        elif assignment.role == Role.SD:
            ids[Level.DEPARTMENT].add(assignment.department_id)
        elif assignment.role == Role.SR:
            ids[Level.ACADEMY].add(assignment.academy_id)
    return Scope(ids={level: frozenset(pks) for level, pks in ids.items() if pks})


def sorted_assignments(user):
    return sorted(user.role_assignments_cached, key=lambda a: (ROLE_PRIORITY.index(a.role), a.pk))


def active_assignment(request):
    """The role the user is acting in now: the one he chose, or his widest."""
    assignments = sorted_assignments(request.user)
    if not assignments:
        return None
    chosen = request.session.get(ACTIVE_ROLE_SESSION_KEY)
    return next((a for a in assignments if a.pk == chosen), assignments[0])


def home_url(assignment) -> str:
    if assignment is None:
        return reverse("accounts:no_role")
    if assignment.role == Role.PUPIL:
        return reverse("licences:pupil_home")
    if assignment.role in AS_ROLES:
        return reverse("associations:detail", args=[assignment.association.code])
    return reverse("core:staff_home")
