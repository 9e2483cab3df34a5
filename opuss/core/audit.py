from django.db.models import Q
from django.forms.models import model_to_dict

from opuss.core.models import AuditEntry


def snapshot(obj, fields=None) -> dict:
    """The fields of a model instance as JSON-safe values, for the before/after of an entry."""
    data = model_to_dict(obj, fields=fields)
    return {
        key: value if isinstance(value, (int, bool, type(None))) else str(value)
        for key, value in data.items()
    }


def record(
    *, actor, action: str, obj, before: dict | None = None, after: dict | None = None, at=None
):
    changed_before = before or {}
    changed_after = after or {}
    if before is not None and after is not None:
        keys = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        changed_before = {k: before.get(k) for k in sorted(keys)}
        changed_after = {k: after.get(k) for k in sorted(keys)}
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=changed_before,
        after=changed_after,
        **({"at": at} if at is not None else {}),
    )


def entries_for(*objects):
    """The audit entries of these objects, newest first."""
    condition = Q(pk__in=[])
    for obj in objects:
        condition |= Q(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return AuditEntry.objects.filter(condition).select_related("actor")
