from django import forms
from django.db.models import Q

from opuss.accounts.enums import AS_ROLES
from opuss.accounts.models import User
from opuss.territories import services
from opuss.territories.models import District


def _describe_roles(user) -> str:
    parts = []
    for assignment in user.role_assignments.all():
        if assignment.role in AS_ROLES:
            parts.append(f"{assignment.get_role_display()} {assignment.association.code}")
        elif assignment.department_id or assignment.academy_id:
            parts.append(assignment.get_role_display())
    return ", ".join(sorted(set(parts)))


class CoordinatorsField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user) -> str:
        roles = _describe_roles(user)
        return f"{user.display_name} ({roles})" if roles else user.display_name


def coordinators_field(department, district=None) -> CoordinatorsField:
    """Chosen among the people of the department (services.eligible_coordinators); a current
    coordinator who no longer qualifies stays listed so that saving does not drop him unseen."""
    chosen = Q(pk__in=[])
    if department is not None:
        chosen |= Q(pk__in=services.eligible_coordinators(department).values("pk"))
    if district is not None:
        chosen |= Q(pk__in=district.coordinators.values("pk"))
    queryset = User.objects.filter(chosen).order_by("last_name", "first_name", "pk")
    return CoordinatorsField(
        label="Coordonnateurs",
        queryset=queryset.prefetch_related("role_assignments__association"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
        help_text="Un ou plusieurs : animateurs et secrétaires des AS du département, services "
        "départemental et régional. Ctrl (ou Cmd) + clic pour en choisir plusieurs.",
        error_messages={
            "invalid_choice": "Cette personne ne peut pas coordonner un district de ce "
            "département.",
        },
    )


class DistrictForm(forms.Form):
    """Create (department chosen among those the user manages) or edit (department fixed)."""

    label = forms.CharField(
        label="Libellé",
        max_length=District._meta.get_field("label").max_length,
        help_text="Un libellé significatif, par exemple « 68-Mulhouse lycées ».",
    )
    department = forms.ModelChoiceField(
        label="Département", queryset=None, empty_label="— Choisir —"
    )

    def __init__(self, *args, departments, district: District | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.district = district
        if district is not None:
            del self.fields["department"]
            self.current_department = district.department
        else:
            self.fields["department"].queryset = departments
            self.current_department = self._chosen_department(departments)
        self.fields["coordinators"] = coordinators_field(self.current_department, district)

    def _chosen_department(self, departments):
        value = (self.data if self.is_bound else self.initial).get("department")
        if value is None and departments.count() == 1:
            value = departments.first().pk
            self.initial["department"] = value
        try:
            return departments.filter(pk=value).first() if value else None
        except (TypeError, ValueError):
            return None

    def clean(self):
        data = super().clean()
        department = self.current_department if self.district else data.get("department")
        if department is None or "label" not in data:
            return data
        errors = services.district_errors(
            department=department,
            label=data["label"],
            coordinators=data.get("coordinators", []),
            district=self.district,
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return data
