import getpass
import sys

from django.core.management.base import BaseCommand, CommandError

from opuss.core.install import InstallError, checked_email, install
from opuss.seasons.models import Season


class Command(BaseCommand):
    help = (
        "Première étape d'une installation de production, après `opuss migrate` : crée les "
        "saisons dont les règles sont connues et le premier compte de la direction nationale."
    )
    stealth_options = ("stdin",)  # tests pass the password this way

    def add_arguments(self, parser):
        parser.add_argument("--email", required=True, help="adresse e-mail du compte DN")
        parser.add_argument("--last-name", default="Direction nationale", help="nom")
        parser.add_argument("--first-name", default="UNSS", help="prénom")
        parser.add_argument(
            "--password-stdin",
            action="store_true",
            help="lire le mot de passe sur l'entrée standard (scripts), sans le demander",
        )

    def handle(self, *args, **options):
        try:
            checked_email(options["email"])  # before asking for a password, not after
            seasons, dn = install(
                email=options["email"],
                password=self.read_password(options),
                last_name=options["last_name"],
                first_name=options["first_name"],
            )
        except InstallError as error:
            raise CommandError(str(error)) from None
        for season in seasons:
            self.stdout.write(f"Saison {season.label} créée.")
        if current := Season.objects.current_or_none():
            self.stdout.write(f"Saison en cours : {current.label}.")
        self.stdout.write(
            self.style.SUCCESS(f"Compte de la direction nationale créé : {dn.email}.")
        )

    def read_password(self, options) -> str:
        if options["password_stdin"]:
            return (options.get("stdin") or sys.stdin).readline().rstrip("\r\n")
        password = getpass.getpass("Mot de passe : ")
        if password != getpass.getpass("Mot de passe (à nouveau) : "):
            raise CommandError("Les deux mots de passe diffèrent.")
        return password
