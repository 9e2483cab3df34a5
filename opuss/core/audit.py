"""The audit log, and each object's « Historique ».

Two sources make one timeline: our AuditEntry rows, written by `record` for business actions
(« affilier », « licence transférée »...), and django-auditlog's LogEntry rows, written by
signals on every save of the models of opuss/core/auditing.py, whatever code saves them. Both are
shown in French: field names become their verbose names, codes their labels, booleans Oui/Non,
dates French dates, foreign keys the object they point to, IBANs masked."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal, InvalidOperation

from auditlog.models import LogEntry
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Q
from django.forms.models import model_to_dict
from django.utils import formats, timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.text import capfirst

from opuss.core.auditing import CHILDREN, MASKED_KEYS
from opuss.core.models import AuditEntry

EMPTY = "—"
SYSTEM = "système"
LONGEST_VALUE = 300
LOG_ACTIONS = {
    LogEntry.Action.CREATE: "Création",
    LogEntry.Action.UPDATE: "Modification",
    LogEntry.Action.DELETE: "Suppression",
}
MISSING = object()  # a key an entry has on one side only
# A business action and the changes auditlog saw it make are one line of the history: they
# concern the same object, have the same author and were written in the same request.
SAME_ACTION = timedelta(seconds=5)


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
    entry = audit_entry(actor=actor, action=action, obj=obj, before=before, after=after, at=at)
    entry.save()
    return entry


def record_all(entries: list[AuditEntry]) -> list[AuditEntry]:
    """Entries made by `audit_entry`, written in one INSERT (a basket's hundreds of licences)."""
    return AuditEntry.objects.bulk_create(entries)


def audit_entry(
    *, actor, action: str, obj, before: dict | None = None, after: dict | None = None, at=None
) -> AuditEntry:
    """An entry not saved yet: `record` saves one, `record_all` many."""
    changed_before = before or {}
    changed_after = after or {}
    if before is not None and after is not None:
        keys = {k for k in set(before) | set(after) if before.get(k) != after.get(k)}
        changed_before = {k: before.get(k) for k in sorted(keys)}
        changed_after = {k: after.get(k) for k in sorted(keys)}
    return AuditEntry(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=changed_before,
        after=changed_after,
        **({"at": at} if at is not None else {}),
    )


def audit_entries_for(*objects):
    """Our own entries (business actions) about these objects, newest first."""
    condition = Q(pk__in=[])
    for obj in objects:
        condition |= Q(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return AuditEntry.objects.filter(condition).select_related("actor")


def log_entries_for(*objects):
    """django-auditlog's entries about these objects (one query whatever their number)."""
    ids = defaultdict(list)
    for obj in objects:
        ids[type(obj)].append(obj.pk)
    condition = Q(pk__in=[])
    for model, pks in ids.items():
        condition |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=pks)
    return (
        LogEntry.objects.filter(condition)
        .exclude(action=LogEntry.Action.ACCESS)
        .select_related("actor", "content_type")
    )


# --- the timeline -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    label: str
    before: str | None  # None: nothing to show before (a creation, a key new in this entry)
    after: str


@dataclass(frozen=True)
class TimelineEntry:
    at: datetime
    actor: str
    action: str
    subject: str  # the object concerned, when the history covers several
    changes: list[Change]


@dataclass
class _Row:
    """One entry of either source, before it is put into words."""

    at: datetime
    actor_id: int | None
    actor: str
    action: str
    object_key: tuple[str, str]
    object_repr: str
    model: type[models.Model] | None
    pairs: list[tuple[str, object, object]]  # key, before, after
    created: bool = False
    merged: list["_Row"] = field(default_factory=list)


def entries_for(*objects) -> list[TimelineEntry]:
    """The « Historique » of these objects (and of the rows they are made of, see CHILDREN):
    one timeline of both sources, newest first, in a constant number of queries."""
    objects = _with_children(objects)
    rows = _merged(
        [_audit_row(entry) for entry in audit_entries_for(*objects)],
        [_log_row(entry) for entry in log_entries_for(*objects)],
    )
    names = _related_names(rows)
    several = len({row.object_key for row in rows}) > 1
    rows.sort(key=lambda row: row.at, reverse=True)
    return [_entry(row, names, several) for row in rows]


def _with_children(objects) -> list:
    found = list(objects)
    for obj in objects:
        for relation in CHILDREN.get(obj._meta.label, []):
            found += list(getattr(obj, relation).all())
    return found


def _actor(user, email: str | None = None) -> str:
    return str(user) if user is not None else (email or SYSTEM)


def _audit_row(entry: AuditEntry) -> _Row:
    keys = list(dict.fromkeys([*entry.before, *entry.after]))
    return _Row(
        at=entry.at,
        actor_id=entry.actor_id,
        actor=_actor(entry.actor),
        action=entry.action,
        object_key=(entry.object_type, entry.object_id),
        object_repr=entry.object_repr,
        model=_model(entry.object_type),
        pairs=[
            (key, entry.before.get(key, MISSING), entry.after.get(key, MISSING)) for key in keys
        ],
        created=not entry.before,
    )


def _log_row(entry: LogEntry) -> _Row:
    model = entry.content_type.model_class()
    pairs = []
    for key, values in (entry.changes or {}).items():
        if isinstance(values, dict):  # a many-to-many change: the objects added or removed
            verb = "ajout" if values.get("operation") == "add" else "retrait"
            pairs.append((key, MISSING, f"{verb} : {', '.join(values.get('objects', []))}"))
        else:
            pairs.append((key, *values))
    return _Row(
        at=entry.timestamp,
        actor_id=entry.actor_id,
        actor=_actor(entry.actor, entry.actor_email),
        action=LOG_ACTIONS[entry.action],
        object_key=(entry.content_type.app_label + "." + entry.content_type.model, entry.object_pk),
        object_repr=entry.object_repr,
        model=model,
        pairs=pairs,
        created=entry.action == LogEntry.Action.CREATE,
    )


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _merged(business: list[_Row], logged: list[_Row]) -> list[_Row]:
    """Each change auditlog saw goes under the business action it belongs to, if any."""
    by_author = defaultdict(list)
    for row in business:
        by_author[row.object_key, row.actor_id].append(row)
    alone = []
    for row in logged:
        candidates = [
            action
            for action in by_author[row.object_key, row.actor_id]
            if abs(action.at - row.at) <= SAME_ACTION
        ]
        if candidates:
            min(candidates, key=lambda action: abs(action.at - row.at)).merged.append(row)
        else:
            alone.append(row)
    return business + alone


# --- putting values into words ----------------------------------------------------------------


def _field(model, key: str) -> models.Field | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return found if getattr(found, "concrete", False) else None


def _hidden(model, key: str) -> bool:
    """The id, and other models' links to this one (an AS's licences): not changes of it."""
    if model is None:
        return False
    try:
        found = model._meta.get_field(key)
    except FieldDoesNotExist:
        return False
    return not found.concrete or getattr(found, "primary_key", False)


def _points_to(model_field) -> bool:
    return model_field is not None and (model_field.many_to_one or model_field.one_to_one)


def _related_names(rows: list[_Row]) -> dict:
    """str() of every object a foreign key of these rows points to: one query per model."""
    wanted = defaultdict(set)
    for row in rows:
        for part in [row, *row.merged]:
            for key, *values in part.pairs:
                model_field = _field(part.model, key)
                if _points_to(model_field):
                    # Only ids: some entries keep the object's name under the field's key.
                    wanted[model_field.related_model] |= {
                        v for v in values if isinstance(v, int) and not isinstance(v, bool)
                    }
    names = {}
    for model, pks in wanted.items():
        if pks:
            for obj in model._base_manager.select_related().filter(pk__in=pks):
                names[model, obj.pk] = str(obj)
    return names


def _entry(row: _Row, names: dict, several: bool) -> TimelineEntry:
    changes: dict[str, Change] = {}
    for part in [row, *row.merged]:
        for key, before, after in part.pairs:
            if _hidden(part.model, key):
                continue
            model_field = _field(part.model, key)
            label = capfirst(str(model_field.verbose_name)) if model_field else capfirst(key)
            shown_after = _display(key, model_field, after, names)
            if label in changes or (part.created and shown_after == EMPTY):
                continue
            shown_before = (
                None
                if part.created or before is MISSING
                else _display(key, model_field, before, names)
            )
            changes[label] = Change(label, shown_before, shown_after)
    return TimelineEntry(
        at=row.at,
        actor=row.actor,
        action=row.action,
        subject=row.object_repr if several else "",
        changes=list(changes.values()),
    )


def _display(key: str, model_field, value, names: dict) -> str:
    if value is None or value is MISSING or value in ("", "None", [], {}):
        return EMPTY
    if key.lower() in MASKED_KEYS:
        return MASKED_KEYS[key.lower()](str(value)) or EMPTY
    if model_field is None:
        return _plain(value)
    if isinstance(model_field, models.BooleanField):
        return _yes_no(value)
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if _points_to(model_field):
        return names.get((model_field.related_model, value), str(value))
    if isinstance(model_field, models.DateTimeField):
        return _date_time(value)
    if isinstance(model_field, models.DateField):
        return _date(value)
    if isinstance(model_field, models.DecimalField):
        return _decimal(value, model_field.decimal_places)
    return _plain(value)


def _plain(value) -> str:
    if isinstance(value, bool):
        return _yes_no(value)
    if isinstance(value, (list, tuple)):
        value = " ; ".join(str(item) for item in value)
    text = str(value)
    return text if len(text) <= LONGEST_VALUE else text[: LONGEST_VALUE - 1] + "…"


def _yes_no(value) -> str:
    if isinstance(value, str):
        value = value.strip().lower() in {"true", "1", "oui"}
    return "Oui" if value else "Non"


def _date_time(value) -> str:
    moment = value if isinstance(value, datetime) else parse_datetime(str(value))
    if moment is None:
        return str(value)
    if timezone.is_naive(moment):  # auditlog keeps date-times in UTC, without their zone
        moment = timezone.make_aware(moment, UTC)
    return formats.date_format(timezone.localtime(moment), "d/m/Y H:i")


def _date(value) -> str:
    day = parse_date(str(value)[:10])
    return formats.date_format(day, "d/m/Y") if day else str(value)


def _decimal(value, places: int) -> str:
    try:
        return formats.number_format(Decimal(str(value)), places, use_l10n=True)
    except (InvalidOperation, ValidationError):
        return str(value)
