from django.conf import settings
from django.core.management.base import BaseCommand

from opuss.demo.seed import Seeder
from opuss.territories.models import Academy


class Command(BaseCommand):
    help = "Charge les données de démonstration (une seule fois)."

    def handle(self, *args, **options):
        if Academy.objects.exists():
            self.stdout.write("Données de démonstration déjà chargées : rien à faire.")
            return
        accounts = Seeder(seed=settings.OPUSS_DEMO_SEED).run()
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de démonstration chargées ({len(accounts)} comptes de démonstration)."
            )
        )
