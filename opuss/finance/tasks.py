"""The SEPA batch as a periodic job (opuss.core.periodic, « sepa-batch », daily).

DN generates each run's batch from « Prélèvements SEPA », which e-mails each AS its
pre-notification. Should DN not have done it by the last day that keeps the pre-notification
delay (opuss.rules.sepa.latest_generation_date: « J-2 » business days before the value date),
this job generates it that day: the AS are pre-notified in time, and the file waits for DN in
« Prélèvements SEPA » as if DN had generated it."""

import logging

from django.utils import timezone
from django_tasks import task

from opuss.core import clock
from opuss.finance import debits
from opuss.seasons.models import Season

logger = logging.getLogger(__name__)


@task()
def generate_due_batch() -> list[str]:
    """The runs ("2025-10") whose batch this call generated."""
    season = Season.objects.current_or_none()
    if season is None:
        return []
    today = timezone.localtime(clock.now()).date()
    generated = []
    for status in debits.season_runs(season):
        if status.latest != today or not status.can_generate:
            continue
        try:
            _, created = debits.run_batch(season=season, run_month=status.key, actor=None)
        except debits.DebitError as error:
            logger.info("Lot SEPA %s non généré : %s", status.key, error)
            continue
        if created:
            generated.append(status.key)
    return generated
