"""`opuss statistics-alerts`: the « Vie de l'AS » alert of the seasons whose date has come
(once per AS and season). Run it once a day."""

from django.core.management.base import BaseCommand

from opuss.association_life.alerts import send_statistics_alerts, statistics_alerts_due
from opuss.core import clock


class Command(BaseCommand):
    help = "Alerte les AS (et leurs SD et SR) dont la vie de l'AS n'est pas renseignée."

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Dit quelles saisons sont à alerter, sans envoyer.",
        )

    def handle(self, *args, dry_run: bool = False, **options):
        now = clock.now()
        if dry_run:
            seasons = statistics_alerts_due(now)
            labels = ", ".join(s.label for s in seasons) or "aucune"
            self.stdout.write(f"Saisons à alerter : {labels}.")
            return
        count = send_statistics_alerts(now)
        self.stdout.write(f"{count} e-mail(s) d'alerte envoyé(s).")
