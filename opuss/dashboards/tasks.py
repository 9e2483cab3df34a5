from django_tasks import task

from opuss.dashboards import refresh


@task()
def refresh_current_figures() -> int:
    """The current season's dashboard figures (every 15 minutes: opuss.core.periodic)."""
    return refresh.refresh_current()


@task()
def refresh_all_figures() -> int:
    """Every season's dashboard figures (nightly: opuss.core.periodic)."""
    return refresh.refresh_all()
