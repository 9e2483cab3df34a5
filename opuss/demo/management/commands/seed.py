import contextlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from opuss.accounts.models import User
from opuss.associations.models import SportsAssociation
from opuss.demo.models import DemoAccount
from opuss.licences.models import Licence
from opuss.seasons.models import Season
from opuss.territories.models import Academy

# What a database holds once anyone has used it: the demo loads only where none of these exist.
REAL_DATA = (User, Academy, SportsAssociation, Licence, Season)
# What the demo needs beyond the runtime dependencies: pyproject's `demo` extra.
DEMO_EXTRA = ("faker", "time_machine")


def demo_seeder():
    """The demo's builder, whose packages a production install goes without."""
    with _demo_extra():
        from opuss.demo.seed import Seeder
    return Seeder


def national_seeder():
    """`seed --national`'s builder (opuss.demo.national), from the same extra."""
    with _demo_extra():
        from opuss.demo.national import seed_national
    return seed_national


@contextlib.contextmanager
def _demo_extra():
    try:
        yield
    except ModuleNotFoundError as missing:
        if missing.name not in DEMO_EXTRA:
            raise
        raise CommandError(
            f"Il manque le module « {missing.name} » : la démonstration a besoin de Faker et de "
            "time-machine, qu'une installation de production n'a pas. Installez-les avec "
            "« pip install --require-hashes -r requirements/demo.txt » (ou « make install » "
            "pour développer)."
        ) from missing


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
        parser.add_argument(
            "--national",
            action="store_true",
            help="la fédération entière (une trentaine d'académies, une AS pour 120 élèves), "
            "pour la formation et le banc d'essai (make bench)",
        )
        parser.add_argument(
            "--pupils",
            type=int,
            default=None,
            help="avec --national : le nombre d'élèves (1 200 000 par défaut)",
        )

    def handle(self, *args, force=False, national=False, pupils=None, **options):
        if pupils is not None and (not national or pupils < 1):
            raise CommandError("--pupils va avec --national et compte au moins un élève.")
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
        if national:
            self._national(pupils)
            return
        accounts = demo_seeder()(seed=settings.OPUSS_DEMO_SEED).run()
        self.stdout.write(
            self.style.SUCCESS(
                f"Données de démonstration chargées ({len(accounts)} comptes de démonstration)."
            )
        )

    def _national(self, pupils: int | None) -> None:
        seed_national = national_seeder()
        summary = seed_national(pupils) if pupils else seed_national()
        self.stdout.write(
            self.style.SUCCESS(
                f"Fédération nationale chargée en {summary.seconds:.0f} s : {summary.pupils} "
                f"élèves, {summary.licences} licences, {summary.associations} AS, "
                f"{summary.debits} prélèvements de septembre."
            )
        )
