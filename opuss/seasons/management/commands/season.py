"""`opuss season open 2026-2027`: DN opens the next season once its rules file is on file
(opuss.seasons.services.season_open). A refusal is one French line on stderr and exit status 2,
as `opuss fee` does; opening an open season again says so and exits 0."""

import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from opuss.seasons.services import SeasonError, season_open


class Command(BaseCommand):
    help = "Gère les saisons : « opuss season open 2026-2027 » ouvre la saison suivante."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, title="actions")
        opening = actions.add_parser(
            "open",
            help="Ouvre la saison suivante (son fichier de règles doit exister).",
            description="Ouvre la saison suivante : elle devient la saison en cours.",
        )
        opening.add_argument("label", help="La saison à ouvrir, par exemple 2026-2027.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            opening = season_open(label=options["label"], actor=None)
        except SeasonError as error:
            self._fail(str(error))
        for line in opening.lines():
            self.stdout.write(line)

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message, style_func=lambda text: text)
        sys.exit(2)
