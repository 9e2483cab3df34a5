from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opuss.accounts.models import User
from opuss.associations.models import SportsAssociation
from opuss.demo.models import DemoAccount
from opuss.demo.seed import Seeder
from opuss.licences.models import Licence
from opuss.seasons.models import Season
from opuss.territories.models import Academy

# What a database holds once anyone has used it: the demo loads only where none of these exist.
REAL_DATA = (User, Academy, SportsAssociation, Licence, Season)


class Command(BaseCommand):
    help = (
        "Charge les données de démonstration, une seule fois, sur une base vide et en DEBUG "
        "(ses comptes ont un mot de passe public)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="charger aussi sans DEBUG (une base de formation) ; jamais sur une base qui "
            "contient déjà des données",
        )

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "Refusé : DEBUG est désactivé, cette installation ressemble à une production. "
                "Les comptes de démonstration ont un mot de passe public (README). Lancez avec "
                "DEBUG=1 (comme `make run`), ou --force pour une base de formation."
            )
        if DemoAccount.objects.exists():
            self.stdout.write("Données de démonstration déjà chargées : rien à faire.")
            return
        if found := [m._meta.verbose_name for m in REAL_DATA if m.objects.exists()]:
            raise CommandError(
                "Refusé : cette base contient déjà des données qui ne viennent pas de la "
                f"démonstration ({', '.join(found)}). La démonstration ne se charge que sur "
                "une base vide, même avec --force."
            )
        accounts = Seeder(seed=settings.OPUSS_DEMO_SEED).run()
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de démonstration chargées ({len(accounts)} comptes de démonstration)."
            )
        )
