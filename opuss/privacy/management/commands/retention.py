"""`opuss retention [--dry-run]`: erases or anonymises what has passed its retention period
(docs/privacy.md). Run it once a day (cron), like `opuss guardian-reminders`."""

from django.core.management.base import BaseCommand

from opuss.core import clock
from opuss.privacy import retention


class Command(BaseCommand):
    help = (
        "Efface ou anonymise les données personnelles dont la durée de conservation est passée "
        "(à lancer chaque jour)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Dit ce qui serait effacé ou anonymisé, sans rien modifier.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        now = clock.now()
        counts = retention.counts_due(now) if dry_run else retention.run(now).counts
        for step in retention.STEPS:
            outcome = step.todo if dry_run else step.done
            self.stdout.write(
                f"{step.label} {outcome} : {counts[step.period.key]} ({step.period.kept})"
            )
        if dry_run:
            self.stdout.write("Simulation : rien n'a été modifié.")
