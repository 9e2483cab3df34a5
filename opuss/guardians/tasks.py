from django_tasks import task

from opuss.core import clock
from opuss.guardians import services


@task()
def send_guardian_links(request_ids: list[int]) -> int:
    """The links of a batch of guardian requests (a validated basket's), rendered and sent here,
    by the worker, through one connection: never in the request that took the licences."""
    return services.send_links(request_ids)


@task()
def send_guardian_reminders() -> int:
    """The daily reminders, for a deployment that schedules tasks rather than cron."""
    return services.send_reminders(clock.now())
