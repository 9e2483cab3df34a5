from django_tasks import task

from opuss.core import clock
from opuss.guardians.services import send_reminders


@task()
def send_guardian_reminders() -> int:
    """The daily reminders, for a deployment that schedules tasks rather than cron."""
    return send_reminders(clock.now())
