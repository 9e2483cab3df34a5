"""Writes on districts. Circular 2025-2026: the regional or departmental service "veillera à
associer un libellé significatif à chaque district ainsi qu'à lui associer un ou plusieurs
coordonnateurs". Each service checks, raises DistrictError with a French message, runs in one
transaction, saves what it changes and leaves an audit entry with its author."""

from django.db import IntegrityError, transaction
from django.db.models import Q

from opuss.accounts.enums import AS_ROLES, Role
from opuss.accounts.models import RoleAssignment, User
from opuss.core.audit import record
from opuss.territories.models import District


class DistrictError(Exception):
    """A refused change; the message is shown to the user as it is, next to `field`."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def eligible_coordinators(department):
    """Who may coordinate a district of this department: the animateurs and secretaries of its
    AS, its departmental service and the regional service of its académie."""
    holders = RoleAssignment.objects.filter(
        Q(role__in=AS_ROLES, association__department=department)
        | Q(role=Role.SD, department=department)
        | Q(role=Role.SR, academy=department.academy_id)
    ).values("user")
    return User.objects.filter(pk__in=holders, is_active=True).order_by(
        "last_name", "first_name", "pk"
    )


def district_errors(*, department, label: str, coordinators, district=None) -> dict[str, str]:
    """What is wrong with these values, by field: shown next to the fields by the form, raised
    by the services. Checking the label first keeps the database constraint
    `district_label_unique_in_department` from ever being the one to say no."""
    errors = {}
    label = label.strip()
    if not label:
        errors["label"] = "Indiquez le libellé du district."
    else:
        twins = District.objects.filter(department=department, label__iexact=label)
        if district is not None:
            twins = twins.exclude(pk=district.pk)
        if twins.exists():
            errors["label"] = f"Le département {department} a déjà un district « {label} »."
    kept = set(district.coordinators.values_list("pk", flat=True)) if district else set()
    allowed = set(eligible_coordinators(department).values_list("pk", flat=True)) | kept
    refused = [user for user in coordinators if user.pk not in allowed]
    if refused:
        names = ", ".join(user.display_name for user in refused)
        errors["coordinators"] = (
            f"{names} : un coordonnateur est un animateur ou secrétaire d'une AS du département "
            f"{department}, ou son service départemental ou régional."
        )
    return errors


def _check(**values) -> None:
    errors = district_errors(**values)
    if errors:
        field, message = next(iter(errors.items()))
        raise DistrictError(message, field)


def _state(district: District) -> dict:
    return {
        "libellé": district.label,
        "département": str(district.department),
        "coordonnateurs": ", ".join(
            sorted(user.display_name for user in district.coordinators.all())
        ),
    }


def _save(district: District, **kwargs) -> None:
    """Two services creating the same label at once: the second meets the constraint."""
    try:
        with transaction.atomic():
            district.save(**kwargs)
    except IntegrityError:
        raise DistrictError(
            f"Le département {district.department} a déjà un district « {district.label} ».",
            "label",
        ) from None


@transaction.atomic
def district_create(*, actor, department, label: str, coordinators=()) -> District:
    _check(department=department, label=label, coordinators=coordinators)
    district = District(department=department, label=label.strip())
    _save(district)
    district.coordinators.set(coordinators)
    record(actor=actor, action="district créé", obj=district, after=_state(district))
    return district


@transaction.atomic
def district_update(*, actor, district: District, label: str, coordinators) -> District:
    _check(
        department=district.department, label=label, coordinators=coordinators, district=district
    )
    before = _state(district)
    if district.label != label.strip():
        district.label = label.strip()
        _save(district, update_fields=["label"])
    district.coordinators.set(coordinators)
    after = _state(district)
    if after != before:
        record(actor=actor, action="district modifié", obj=district, before=before, after=after)
    return district
