"""Who may manage districts. Circular 2025-2026: "Chaque AS doit être préalablement rattachée à
un district par son service régional ou départemental qui veillera à associer un libellé
significatif à chaque district ainsi qu'à lui associer un ou plusieurs coordonnateurs": the SD
for his department, the SR for his académie, DN everywhere."""

from django.db.models import Q

from opuss.accounts.enums import Role
from opuss.territories.models import Department


def can_manage_districts_of(user, department) -> bool:
    return any(
        a.role == Role.DN
        or (a.role == Role.SR and a.academy_id == department.academy_id)
        or (a.role == Role.SD and a.department_id == department.pk)
        for a in user.role_assignments_cached
    )


def can_manage_district(user, district) -> bool:
    return can_manage_districts_of(user, district.department)


def managed_departments(user):
    """The departments whose districts the user manages, within his scope."""
    departments = Department.objects.for_user(user).select_related("academy")
    assignments = user.role_assignments_cached
    if any(a.role == Role.DN for a in assignments):
        return departments
    return departments.filter(
        Q(pk__in=[a.department_id for a in assignments if a.role == Role.SD])
        | Q(academy__in=[a.academy_id for a in assignments if a.role == Role.SR])
    )
