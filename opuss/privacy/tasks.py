from django_tasks import task

from opuss.core import clock
from opuss.privacy import retention


@task()
def apply_retention() -> int:
    """The nightly retention (opuss.core.periodic): what it erased or anonymised, in all."""
    return sum(retention.run(clock.now()).counts.values())
