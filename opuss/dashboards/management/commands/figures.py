"""`opuss figures`: the dashboard's figures of a territory for a season, national by default;
the export a ministry or a région asks for."""

import json
import sys
from decimal import Decimal
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser

from opuss.associations.models import SportsAssociation
from opuss.dashboards.refresh import refresh_season
from opuss.dashboards.selectors import TerritoryFigures, territory_figures
from opuss.seasons.models import Season
from opuss.territories.levels import Territory
from opuss.territories.models import Academy, Department, District


def _number(value: Decimal | None) -> str | None:
    """Rates and amounts as JSON strings ("12.4", "2145.78"): exact, never a float."""
    return None if value is None else str(value)


def figures_json(f: TerritoryFigures) -> dict[str, Any]:
    m = f.money
    return {
        "season": f.season,
        "territory": {"level": str(f.territory.level), "name": f.name},
        "as_of": f.as_of.isoformat(),
        "refreshed_at": f.refreshed_at.isoformat() if f.refreshed_at is not None else None,
        "associations": f.associations,
        "licences": f.licences,
        "girls": f.girls,
        "boys": f.boys,
        "girls_share": _number(f.girls_share),
        "by_category": [
            {"category": r.category, "girls": r.girls, "boys": r.boys, "total": r.total}
            for r in f.by_category
        ],
        "by_activity": [{"activity": r.label, "pupils": r.count} for r in f.by_activity],
        "enrolment": f.enrolment,
        "participation_rate": _number(f.participation_rate),
        "girls_participation_rate": _number(f.girls_participation_rate),
        "boys_participation_rate": _number(f.boys_participation_rate),
        "sport_partage": f.sport_partage,
        "handicap": f.handicap,
        "jo_certifications": {r.key: r.count for r in f.jo_by_level},
        "affiliations": {r.key: r.count for r in f.affiliations},
        "guardians_answered": f.guardians_answered,
        "guardian_answer_rate": _number(f.guardian_answer_rate),
        "money": {
            "due": str(m.invoiced),
            "collected": str(m.collected),
            "compensated": str(m.compensated),
            "open": str(m.open),
            "upcoming": str(m.upcoming),
            "debt": str(m.debt),
        },
        "previous_season": None
        if f.previous is None
        else {
            "season": f.previous.label,
            "as_of": f.previous.day.isoformat(),
            "licences": f.previous.licences,
            "girls": f.previous.girls,
            "boys": f.previous.boys,
        },
        "units": [
            {
                "level": str(u.territory.level),
                "name": u.name,
                u.param[0]: u.param[1],
                "associations": u.associations,
                "affiliated": u.affiliated,
                "licences": u.licences,
                "previous_licences": u.previous_licences,
                "girls": u.girls,
                "enrolment": u.enrolment,
                "participation_rate": _number(u.participation_rate),
                "due": str(u.money.invoiced),
                "debt": str(u.money.debt),
            }
            for u in f.units
        ],
    }


class Command(BaseCommand):
    help = "Les chiffres d'un territoire pour une saison, comme le tableau de bord."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--season", required=True, help="Saison, par exemple 2025-2026.")
        where = parser.add_mutually_exclusive_group()
        where.add_argument("--academy", help="Code de l'académie (deux chiffres).")
        where.add_argument("--department", help="Code du département.")
        where.add_argument("--district", type=int, help="Identifiant du district.")
        where.add_argument("--as", dest="association", help="Code de l'AS (cinq chiffres).")
        parser.add_argument("--json", action="store_true", help="Sortie JSON.")
        parser.add_argument(
            "--refresh",
            action="store_true",
            help="Recalculer d'abord les chiffres de la saison (sinon : ceux du dernier calcul "
            "périodique, toutes les 15 minutes pour la saison en cours).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        label = options["season"]
        season = Season.objects.filter(
            start_year=int(label[:4]) if label[:4].isdigit() else 0
        ).first()
        if season is None or season.label != label:
            self._fail(f"Saison inconnue : « {label} ».")
        territory, unit = self._territory(options)
        if options["refresh"]:
            refresh_season(season)
        figures = territory_figures(territory, season, unit=unit)
        data = figures_json(figures)
        if options["json"]:
            self.stdout.write(json.dumps(data, ensure_ascii=False, indent=2))
            return
        self._write_text(data)

    def _territory(self, options: dict) -> tuple[Territory, Any]:
        lookups = [
            ("academy", Academy.objects, "code", "Académie"),
            ("department", Department.objects, "code", "Département"),
            ("district", District.objects, "pk", "District"),
            (
                "association",
                SportsAssociation.objects.select_related("establishment"),
                "code",
                "AS",
            ),
        ]
        for option, manager, field, name in lookups:
            value = options.get(option)
            if value is None:
                continue
            unit = manager.filter(**{field: value}).first()
            if unit is None:
                self._fail(f"{name} inconnu(e) : « {value} ».")
            return Territory.of(unit), unit
        return Territory.national(), None

    def _write_text(self, data: dict) -> None:
        lines = [
            f"{data['territory']['name']} – saison {data['season']} (au {data['as_of']})",
            f"AS : {data['associations']}",
            f"Licences : {data['licences']} (filles {data['girls']}, garçons {data['boys']})",
            f"Taux de participation : {data['participation_rate'] or '–'} %",
            f"Part des filles : {data['girls_share'] or '–'} %",
            "Affiliations : "
            + ", ".join(f"{state} {count}" for state, count in data["affiliations"].items()),
        ]
        self.stdout.write("\n".join(lines))

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write(message, style_func=lambda text: text)
        sys.exit(2)
