"""`opuss periodic [--list]`: enqueues the periodic jobs that are due (opuss.core.periodic).
Run it every few minutes (ops/systemd/opuss-periodic.timer); the task workers run the jobs."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from opuss.core import clock
from opuss.core.periodic import JOBS, enqueue_due, last_runs


def _moment(value) -> str:
    return f"{timezone.localtime(value):%d/%m/%Y à %H:%M}" if value else "jamais"


class Command(BaseCommand):
    help = (
        "Met en file les tâches périodiques dont l'heure est venue (à lancer toutes les "
        "5 minutes) ; --list les énumère avec leur horaire."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--list", action="store_true", help="Énumère les tâches périodiques, sans rien lancer."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["list"]:
            runs = last_runs()
            for job in JOBS:
                run = runs.get(job.name)
                last = _moment(run.slot if run else None)
                self.stdout.write(f"{job.name} : {job.schedule} — {job.label} (dernier : {last})")
            return
        enqueued = enqueue_due(clock.now())
        for item in enqueued:
            self.stdout.write(f"{item.job.name} : mise en file (créneau du {_moment(item.slot)})")
        if not enqueued:
            self.stdout.write("Aucune tâche périodique à lancer.")
