"""`opuss guardian-reminders`: e-mails the reminders due to guardians who have not answered.
Run it once a day (cron)."""

from django.core.management.base import BaseCommand

from opuss.core import clock
from opuss.guardians.services import reminders_due, send_reminders


class Command(BaseCommand):
    help = "Relance les responsables légaux qui n'ont pas répondu (à lancer chaque jour)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Compte les relances dues sans les envoyer."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        now = clock.now()
        if dry_run:
            count = len(reminders_due(now))
            self.stdout.write(f"{count} relance(s) due(s).")
            return
        count = send_reminders(now)
        self.stdout.write(f"{count} relance(s) envoyée(s).")
