import json

from django.core.management.base import BaseCommand

from opuss.demo.accounts import demo_accounts


class Command(BaseCommand):
    help = "Affiche les comptes de démonstration (--json : liste d'objets role, login, password)."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true", help="Sortie JSON.")

    def handle(self, *args, **options):
        accounts = demo_accounts()
        if options["json"]:
            self.stdout.write(
                json.dumps(
                    [{"role": a.role, "login": a.login, "password": a.password} for a in accounts],
                    ensure_ascii=False,
                )
            )
            return
        self.stdout.write(
            "Comptes de démonstration (mot de passe commun : %s)"
            % (accounts[0].password if accounts else "—")
        )
        for account in accounts:
            self.stdout.write(f"  {account.role:<13} {account.login:<45} {account.name}")
