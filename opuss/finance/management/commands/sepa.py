"""`opuss sepa --season 2025-2026 --month 2025-10 --output FILE`: generates the month's SEPA
direct-debit batch (opuss.finance.debits) and writes its pain.008 file. Run again for the same
month, it writes the same file: nothing is debited twice."""

import re
import sys
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.utils.timezone import localtime

from opuss.finance import debits
from opuss.rules.money import format_eur
from opuss.seasons.models import Season

SEASON = re.compile(r"(\d{4})-(\d{4})")
MONTH = re.compile(r"\d{4}-(0[1-9]|1[0-2])")


class Command(BaseCommand):
    help = (
        "Génère le lot de prélèvements SEPA d'une échéance (fichier pain.008) et l'écrit ; "
        "relancée pour la même échéance, redonne le même fichier."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--season", required=True, help="Saison, par exemple 2025-2026.")
        parser.add_argument("--month", required=True, help="Échéance, par exemple 2025-10.")
        parser.add_argument("--output", required=True, help="Fichier XML à écrire.")

    def handle(self, *args: Any, **options: Any) -> None:
        season = self._season(options["season"])
        month = options["month"].strip()
        if not MONTH.fullmatch(month):
            self._fail(f"Échéance invalide : « {month} » (attendu : AAAA-MM, par exemple 2025-10).")
        output = Path(options["output"])
        if not output.parent.is_dir():
            self._fail(f"Le dossier de « {output} » n'existe pas : aucun lot n'a été généré.")
        try:
            batch, created = debits.run_batch(season=season, run_month=month)
        except debits.DebitError as error:
            self._fail(str(error))
        try:
            output.write_text(batch.xml, encoding="utf-8")
        except OSError as error:
            self._fail(
                f"Le lot est généré mais le fichier « {output} » n'a pas pu être écrit "
                f"({error.strerror}) : relancez la commande, elle redonnera le même lot."
            )
        self._summary(batch, created, output)

    def _season(self, label: str) -> Season:
        label = label.strip()
        found = SEASON.fullmatch(label)
        season = (
            Season.objects.filter(start_year=int(found[1])).first()
            if found and int(found[2]) == int(found[1]) + 1
            else None
        )
        if season is None:
            known = ", ".join(s.label for s in Season.objects.all()) or "aucune"
            self._fail(f"Saison inconnue : {label}. Saisons enregistrées : {known}.")
        return season

    def _summary(self, batch, created: bool, output: Path) -> None:
        plural = "s" if batch.count > 1 else ""
        if not created:
            self.stdout.write(
                f"Ce lot avait déjà été généré le {localtime(batch.created_at):%d/%m/%Y à %H:%M} : "
                "c'est le même lot, rien n'a été prélevé une seconde fois."
            )
        self.stdout.write(f"Lot de l'échéance {batch.run_month} (saison {batch.season})")
        self.stdout.write(f"Prélèvements : {batch.count} prélèvement{plural}")
        self.stdout.write(f"Montant total : {format_eur(batch.total)}")
        self.stdout.write(f"Date de prélèvement : {batch.collection_date:%d/%m/%Y}")
        self.stdout.write(f"Identifiant du message : {batch.message_id}")
        self.stdout.write(f"Fichier écrit : {output}")

    def _fail(self, message: str) -> NoReturn:
        # One French line on stderr and exit status 2, as `opuss fee` does.
        self.stderr.write(message, style_func=lambda text: text)
        sys.exit(2)
