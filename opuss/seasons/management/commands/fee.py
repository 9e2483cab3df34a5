"""`opuss fee`: the fee of an AS for a season, computed by `opuss.rules.fees`."""

import json
import sys
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from opuss.rules.errors import RulesError
from opuss.rules.fees import ContractChoice, FeeInput, compute_fee
from opuss.rules.money import format_eur
from opuss.rules.season import load_season


class Command(BaseCommand):
    help = "Calcule la cotisation d'une AS (affiliation et contrat licences) pour une saison."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--season", required=True, help="Saison, par exemple 2025-2026.")
        parser.add_argument(
            "--type",
            dest="establishment_type",
            required=True,
            help="Type d'établissement : COL, LYC, LA, LPA, LP, LPO, AUT, CFA, EEA, ES, PJJ.",
        )
        # Read as text so that a wrong value gets a French message, not argparse's English.
        parser.add_argument("--enrolment", required=True, help="Effectif réel de l'établissement.")
        parser.add_argument(
            "--previous-licensees", help="Nombre de licenciés de la saison précédente."
        )
        parser.add_argument(
            "--contract",
            default=ContractChoice.AUTO.value,
            help="auto (le contrat par défaut, ou le plus favorable auquel l'AS a droit), "
            "personalised ou accompanied.",
        )
        parser.add_argument("--rep-plus", action="store_true", help="Collège classé REP+.")
        parser.add_argument(
            "--ex-priority", action="store_true", help="LP de l'ex-éducation prioritaire."
        )
        parser.add_argument(
            "--first-affiliation", action="store_true", help="Première affiliation."
        )
        parser.add_argument(
            "--not-affiliated-since-2014",
            action="store_true",
            help="AS non affiliée depuis 2014-2015.",
        )
        parser.add_argument("--aefe", action="store_true", help="Établissement de l'AEFE.")
        parser.add_argument(
            "--full-price-last-season",
            action="store_true",
            help="AS en « Licences plein tarif » la saison précédente (2011-2012 : le contrat "
            "accompagné lui est proposé, appliqué seulement avec --contract accompanied).",
        )
        parser.add_argument("--json", action="store_true", help="Résultat en JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            rules = load_season(options["season"])
            fee_input = FeeInput(
                establishment_type=options["establishment_type"].strip().upper(),
                enrolment=self._count(options["enrolment"], "L'effectif"),
                previous_licensees=(
                    self._count(options["previous_licensees"], "Le nombre de licenciés")
                    if options["previous_licensees"] is not None
                    else None
                ),
                contract=self._contract(options["contract"]),
                rep_plus=options["rep_plus"],
                ex_priority=options["ex_priority"],
                first_affiliation=options["first_affiliation"],
                not_affiliated_since_2014=options["not_affiliated_since_2014"],
                aefe=options["aefe"],
                full_price_last_season=options["full_price_last_season"],
            )
            result = compute_fee(rules, fee_input)
        except RulesError as error:
            self._fail(str(error))
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(f"Saison {result.season}")
        self.stdout.write(f"Affiliation : {format_eur(result.affiliation)}")
        self.stdout.write(f"{result.contract_label} : {format_eur(result.contract)}")
        self.stdout.write(f"Total : {format_eur(result.total)}")
        licences = result.break_even_licences
        self.stdout.write(f"Seuil de rentabilité : {licences} licence{'s' if licences > 1 else ''}")
        self.stdout.write("\nDétail du calcul :")
        for line in result.explanation:
            self.stdout.write(f"  {line}")

    def _count(self, value: str, what: str) -> int:
        try:
            return int(value.strip())
        except ValueError:
            self._fail(f"{what} doit être un nombre entier (reçu : « {value} »).")

    def _contract(self, value: str) -> ContractChoice:
        try:
            return ContractChoice(value)
        except ValueError:
            choices = ", ".join(choice.value for choice in ContractChoice)
            self._fail(f"Choix de contrat inconnu : {value}. Choix possibles : {choices}.")

    def _fail(self, message: str) -> NoReturn:
        # One French line on stderr and exit status 2, without Django's "CommandError:" prefix.
        self.stderr.write(message, style_func=lambda text: text)
        sys.exit(2)
