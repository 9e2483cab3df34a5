from django_tasks import task

from opuss.association_life.alerts import send_statistics_alerts
from opuss.core import clock


@task()
def send_statistics_alerts_task() -> int:
    """The memento's April alert (opuss/association_life/alerts.py), run daily by the workers:
    it sends nothing before the season's date, and nothing twice."""
    return send_statistics_alerts(clock.now())
