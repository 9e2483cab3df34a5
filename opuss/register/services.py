"""Writes in an AS's register. The register is a diary, not evidence: its authors change and
delete their events; each change is audited all the same."""

from django.db import transaction
from django.utils.formats import date_format

from opuss.core.audit import record
from opuss.register import perms
from opuss.register.models import RegisterEvent

FIELDS = [
    "kind",
    "title",
    "date",
    "end_date",
    "start_time",
    "end_time",
    "place",
    "activity",
    "description",
]


class RegisterError(Exception):
    """A refused change, shown to the user as it is."""


def event_errors(values: dict) -> dict[str, str]:
    errors = {}
    start, end = values.get("date"), values.get("end_date")
    if start and end and end < start:
        errors["end_date"] = "La date de fin ne peut pas précéder la date de début."
    if values.get("end_time") and not values.get("start_time"):
        errors["start_time"] = "Indiquez l'heure de début."
    elif (
        values.get("end_time")
        and values.get("start_time")
        and (not end or end == start)
        and values["end_time"] <= values["start_time"]
    ):
        errors["end_time"] = "L'heure de fin doit suivre l'heure de début."
    return errors


def _check(values: dict) -> None:
    errors = event_errors(values)
    if errors:
        raise RegisterError(next(iter(errors.values())))


def _state(event: RegisterEvent) -> dict:
    return {
        "type": event.get_kind_display(),
        "intitulé": event.title,
        "quand": event.when_text,
        "lieu": event.place,
        "activité": str(event.activity) if event.activity else "",
        "description": event.description,
    }


@transaction.atomic
def event_create(*, actor, association, values: dict) -> RegisterEvent:
    if not perms.is_member(actor, association):
        raise RegisterError("Seuls les animateurs et le secrétaire de l'AS tiennent son registre.")
    _check(values)
    event = RegisterEvent(association=association, created_by=actor)
    for name in FIELDS:
        setattr(event, name, values.get(name))
    event.place = event.place or ""
    event.description = event.description or ""
    event.save()
    return event


@transaction.atomic
def event_update(*, actor, event: RegisterEvent, values: dict) -> RegisterEvent:
    if not perms.can_change(actor, event):
        raise RegisterError("Seul son auteur ou le secrétaire de l'AS modifie cet événement.")
    _check(values)
    before = _state(event)
    for name in FIELDS:
        setattr(event, name, values.get(name))
    event.place = event.place or ""
    event.description = event.description or ""
    event.save()
    after = _state(event)
    if after != before:
        record(
            actor=actor,
            action="événement du registre modifié",
            obj=event,
            before=before,
            after=after,
        )
    return event


@transaction.atomic
def event_delete(*, actor, event: RegisterEvent) -> str:
    if not perms.can_change(actor, event):
        raise RegisterError("Seul son auteur ou le secrétaire de l'AS supprime cet événement.")
    label = f"{event.title} du {date_format(event.date, 'd/m/Y')}"
    record(actor=actor, action="événement du registre supprimé", obj=event, before=_state(event))
    event.delete()
    return label
