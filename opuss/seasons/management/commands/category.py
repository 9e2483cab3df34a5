"""`opuss category`: the age category of a pupil for a season."""

import sys
from datetime import date
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from opuss.rules.categories import age_category
from opuss.rules.errors import RulesError
from opuss.rules.season import load_season


class Command(BaseCommand):
    help = "Donne la catégorie d'âge d'un élève pour une saison."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--season", required=True, help="Saison, par exemple 2025-2026.")
        parser.add_argument("--birth-date", required=True, help="Date de naissance, AAAA-MM-JJ.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            birth_date = date.fromisoformat(options["birth_date"])
        except ValueError:
            self._fail(
                f"Date de naissance invalide : « {options['birth_date']} » "
                "(format attendu : AAAA-MM-JJ)."
            )
        try:
            rules = load_season(options["season"])
            category = age_category(rules, birth_date)
        except RulesError as error:
            self._fail(str(error))
        self.stdout.write(category.label)
        if rules.categories_assumption:
            # On stderr: the answer on stdout stays one word for scripts.
            self.stderr.write(rules.categories_assumption, style_func=lambda text: text)

    def _fail(self, message: str) -> NoReturn:
        # One French line on stderr and exit status 2, without Django's "CommandError:" prefix.
        self.stderr.write(message, style_func=lambda text: text)
        sys.exit(2)
