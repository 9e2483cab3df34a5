"""Writes of « Vie de l'AS »: an AS's figures of a season, entered or changed by its animateurs
until the deadline. Every save is audited by django-auditlog (opuss/core/auditing.py)."""

from django.db import transaction
from django.utils import timezone

from opuss.association_life import perms
from opuss.association_life.models import AssociationStatistics
from opuss.association_life.selectors import season_entry
from opuss.core import clock

FIELDS = ["participations", "events", "jo_trained", "shared_sport"]


class StatisticsError(Exception):
    """A refused entry, shown to the user as it is."""


def check_open(season, now) -> None:
    entry = season_entry(season, now)
    if not entry.open:
        raise StatisticsError(entry.entry.closed_text())


@transaction.atomic
def statistics_save(*, actor, association, season, values: dict) -> AssociationStatistics:
    if not perms.can_enter(actor, association):
        raise StatisticsError("Seuls les animateurs et le secrétaire de l'AS saisissent sa vie.")
    check_open(season, clock.now())
    statistics, _ = AssociationStatistics.objects.update_or_create(
        association=association,
        season=season,
        defaults={name: values[name] for name in FIELDS}
        | {"updated_at": timezone.now(), "updated_by": actor},
    )
    statistics.activities.set(values["activities"])
    if values["phone"] != association.phone:
        association.phone = values["phone"]
        association.save(update_fields=["phone"])
    return statistics
