"""List filters on the federation map, offered within the viewer's scope."""

from opuss.core.listing import Filter
from opuss.territories.models import Department


def department_filter(user, path: str = "department__code", departments=None) -> Filter:
    """"Département": the departments the user sees (or those given); `path` leads from the
    listed rows to the department's code."""
    if departments is None:
        departments = Department.objects.for_user(user)
    return Filter("departement", "Département", path, [(d.code, str(d)) for d in departments])
