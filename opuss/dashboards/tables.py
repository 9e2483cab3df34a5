"""The dashboard's figures as tables: each with its caption, its typed cells (what the exports
write), the link of each figure to the list behind it, and the chart drawn from it."""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from opuss.core.exports import Percent, display
from opuss.dashboards.selectors import NOT_STARTED, TerritoryFigures, UnitRow
from opuss.rules.figures import change
from opuss.territories.levels import Territory, TerritoryLevel

NO_FORM = "NONE"  # the AS list's « Aucun formulaire » (opuss.associations.views)
IN_DEBT = "oui"  # the finance list's « En dette : Oui » (opuss.finance.selectors.YES)


@dataclass(frozen=True)
class Cell:
    value: Any
    link: str | None = None

    @property
    def text(self) -> str:
        return display(self.value)


@dataclass
class FigureTable:
    key: str
    caption: str
    labels: list[str]
    rows: list[list[Cell]]
    chart: dict | None = None  # {"type", "labels", "datasets": [{"label", "data"}]}
    sort_keys: list[str] = field(default_factory=list)  # the units table: sortable columns
    order: str = ""

    @property
    def chart_id(self) -> str:
        return f"graphique-{self.key}"

    @property
    def header(self) -> list[dict]:
        """The column headers; on a sortable table each links to its sort, the other way round
        when it is the current one (aria-sort says which)."""
        if not self.sort_keys:
            return [{"label": label} for label in self.labels]
        cells = []
        for key, label in zip(self.sort_keys, self.labels, strict=True):
            aria = (
                "ascending"
                if self.order == key
                else "descending"
                if self.order == f"-{key}"
                else "none"
            )
            cells.append(
                {"label": label, "sort": f"-{key}" if self.order == key else key, "aria": aria}
            )
        return cells

    def export_rows(self) -> list[list[Any]]:
        return [[cell.value for cell in row] for row in self.rows]


def _rate(value: Decimal | None) -> Percent | None:
    return Percent(value) if value is not None else None


@dataclass(frozen=True)
class Links:
    """Where a click on a figure leads: an existing list with its filters, only when that list
    shows exactly the rows counted (else the figure has no link). The services' lists show the
    current season and filter on a department; the AS's own pages show the AS."""

    territory: Territory
    unit: Any  # the académie, department, district or AS; None for national
    whole_scope: bool  # the territory is everything the user sees (DN national, an SR's...)
    current_season: bool
    season_year: int

    @property
    def _code(self) -> str:
        return self.unit.code

    def _department(self) -> dict[str, str] | None:
        """The lists' filter that selects this territory; None when none does."""
        if self.territory.level == TerritoryLevel.DEPARTMENT:
            return {"departement": self._code}
        if self.whole_scope and self.territory.level != TerritoryLevel.DISTRICT:
            return {}
        return None

    def _staff(self, name: str, **params: str) -> str | None:
        department = self._department()
        if department is None:
            return None
        query = urlencode(params | department)
        return reverse(name) + (f"?{query}" if query else "")

    @property
    def _association(self) -> bool:
        return self.territory.level == TerritoryLevel.ASSOCIATION

    def licences(self, **params: str) -> str | None:
        if self._association:
            query = urlencode({"saison": str(self.season_year)} | params)
            return reverse("associations:licences", args=[self._code]) + f"?{query}"
        return self._staff("cards:region_licences", **params) if self.current_season else None

    def affiliations(self, state: str) -> str | None:
        if self._association or not self.current_season:
            return None
        return self._staff(
            "associations:list", affiliation=NO_FORM if state == NOT_STARTED else state
        )

    def jo(self, level: str) -> str | None:
        if self._association:
            return reverse("jo:association", args=[self._code])
        return self._staff("jo:staff", niveau=level)

    def guardians(self) -> str | None:
        if self._association:
            return reverse("guardians:association", args=[self._code])
        return self._staff("guardians:staff") if self.current_season else None

    def money(self, in_debt: bool = False) -> str | None:
        if self._association:
            return reverse("finances:association", args=[self._code])
        season = f"{self.season_year}-{self.season_year + 1}"
        return self._staff(
            "finances:list", saison=season, **({"dette": IN_DEBT} if in_debt else {})
        )


def _bar(labels: list[str], *datasets: tuple[str, list]) -> dict:
    return {
        "type": "bar",
        "labels": labels,
        "datasets": [
            {"label": label, "data": [float(v or 0) for v in data]} for label, data in datasets
        ],
    }


def summary_table(f: TerritoryFigures, links: Links) -> FigureTable:
    rows = [
        ("Licences", f.licences, links.licences()),
        ("Filles", f.girls, links.licences(sexe="F")),
        ("Garçons", f.boys, links.licences(sexe="M")),
        ("Part des filles", _rate(f.girls_share), None),
        ("Effectif déclaré (AS affiliées)", f.enrolment, None),
        ("Taux de participation", _rate(f.participation_rate), None),
        ("Taux de participation des filles", _rate(f.girls_participation_rate), None),
        ("Taux de participation des garçons", _rate(f.boys_participation_rate), None),
        ("Sport partagé", f.sport_partage, None),
        ("Licenciés en situation de handicap", f.handicap, None),
        ("Licences validées par un responsable légal", f.guardians_answered, links.guardians()),
        (
            "Taux de réponse des responsables légaux",
            _rate(f.guardian_answer_rate),
            links.guardians(),
        ),
        ("Certifications de Jeunes Officiels", f.jo_certifications, None),
        ("Associations sportives", f.associations, None),
    ]
    return FigureTable(
        "synthese",
        f"Chiffres clés – {f.name}, saison {f.season}",
        ["Indicateur", "Valeur"],
        [[Cell(label), Cell(value, link)] for label, value, link in rows],
    )


def comparison_table(f: TerritoryFigures, links: Links) -> FigureTable | None:
    if f.previous is None or f.change is None:
        return None
    p = f.previous
    day = display(p.day)
    rows = [
        [
            Cell(f"{f.season} (au {display(f.as_of)})"),
            Cell(f.licences, links.licences()),
            Cell(f.girls),
            Cell(f.boys),
        ],
        [Cell(f"{p.label} (au {day})"), Cell(p.licences), Cell(p.girls), Cell(p.boys)],
        [
            Cell("Évolution"),
            Cell(f.change.difference),
            Cell(f.girls - p.girls),
            Cell(f.boys - p.boys),
        ],
        [
            Cell("Évolution (%)"),
            Cell(_rate(f.change.percent)),
            Cell(_rate(_change_percent(f.girls, p.girls))),
            Cell(_rate(_change_percent(f.boys, p.boys))),
        ],
    ]
    return FigureTable(
        "comparaison",
        f"Licences comparées à la saison {p.label} à la même date",
        ["Saison", "Licences", "Filles", "Garçons"],
        rows,
        _bar(
            [f.season, p.label],
            ("Filles", [f.girls, p.girls]),
            ("Garçons", [f.boys, p.boys]),
        ),
    )


def _change_percent(current: int, previous: int) -> Decimal | None:
    return change(current, previous).percent


def categories_table(f: TerritoryFigures, links: Links) -> FigureTable:
    rows = [
        [
            Cell(row.category),
            Cell(row.girls, links.licences(categorie=row.category, sexe="F")),
            Cell(row.boys, links.licences(categorie=row.category, sexe="M")),
            Cell(row.total, links.licences(categorie=row.category)),
        ]
        for row in f.by_category
    ]
    labels = [row.category for row in f.by_category]
    return FigureTable(
        "categories",
        "Licences par catégorie et par sexe",
        ["Catégorie", "Filles", "Garçons", "Total"],
        rows,
        _bar(
            labels,
            ("Filles", [row.girls for row in f.by_category]),
            ("Garçons", [row.boys for row in f.by_category]),
        )
        | {"stacked": True},
    )


def activities_table(f: TerritoryFigures) -> FigureTable:
    return FigureTable(
        "activites",
        "Licenciés engagés en compétition, par activité",
        ["Activité", "Licenciés engagés"],
        [[Cell(row.label), Cell(row.count)] for row in f.by_activity],
        _bar(
            [row.label for row in f.by_activity],
            ("Licenciés engagés", [r.count for r in f.by_activity]),
        )
        | {"horizontal": True},
    )


def jo_table(f: TerritoryFigures, links: Links) -> FigureTable:
    return FigureTable(
        "jeunes-officiels",
        "Certifications de Jeunes Officiels par niveau",
        ["Niveau", "Certifications"],
        [[Cell(row.label), Cell(row.count, links.jo(row.key))] for row in f.jo_by_level],
        _bar(
            [row.label for row in f.jo_by_level],
            ("Certifications", [r.count for r in f.jo_by_level]),
        ),
    )


def affiliations_table(f: TerritoryFigures, links: Links) -> FigureTable:
    return FigureTable(
        "affiliations",
        "Avancement des affiliations (AS par état)",
        ["État", "AS"],
        [[Cell(row.label), Cell(row.count, links.affiliations(row.key))] for row in f.affiliations],
        _bar([row.label for row in f.affiliations], ("AS", [r.count for r in f.affiliations])),
    )


def money_table(f: TerritoryFigures, links: Links) -> FigureTable:
    m = f.money
    rows = [
        ("Dû (facturé)", m.invoiced, links.money()),
        ("Encaissé", m.collected, links.money()),
        ("Compensé par des aides nationales", m.compensated, None),
        ("Reste à encaisser", m.open, links.money()),
        ("dont échéances à venir", m.upcoming, None),
        ("En dette (échu et non réglé)", m.debt, links.money(in_debt=True)),
    ]
    return FigureTable(
        "finances",
        "Cotisations : dû, encaissé et en dette",
        ["Montant", "Euros"],
        [[Cell(label), Cell(value, link)] for label, value, link in rows],
        _bar([label for label, _, _ in rows], ("Euros", [value for _, value, _ in rows])),
    )


UNIT_COLUMNS: list[tuple[str, str]] = [
    ("nom", "Unité"),
    ("as", "AS"),
    ("affiliees", "AS affiliées"),
    ("licences", "Licences"),
    ("n-1", "Licences N-1 à date"),
    ("evolution", "Évolution (%)"),
    ("filles", "Part des filles"),
    ("participation", "Taux de participation"),
    ("du", "Dû"),
    ("dette", "En dette"),
]


def _unit_values(unit: UnitRow) -> list[Any]:
    return [
        unit.name,
        unit.associations,
        unit.affiliated,
        unit.licences,
        unit.previous_licences,
        _rate(unit.change.percent),
        _rate(unit.girls_share),
        _rate(unit.participation_rate),
        unit.money.invoiced,
        unit.money.debt,
    ]


def _sort_value(value: Any) -> tuple:
    if isinstance(value, Percent):
        return (1, value.value)
    if value is None:
        return (0, 0)
    return (1, value)


def units_table(f: TerritoryFigures, dashboard_url: str, order: str) -> FigureTable | None:
    if not f.units:
        return None
    keys = [key for key, _ in UNIT_COLUMNS]
    column = keys.index(order.lstrip("-")) if order.lstrip("-") in keys else 0
    units = sorted(
        f.units, key=lambda u: _sort_value(_unit_values(u)[column]), reverse=order.startswith("-")
    )
    rows = []
    for unit in units:
        values = _unit_values(unit)
        link = f"{dashboard_url}?{urlencode([unit.param])}"
        rows.append([Cell(values[0], link), *(Cell(value) for value in values[1:])])
    below = f.units[0].territory.level
    return FigureTable(
        "unites",
        f"Comparaison des unités ({UNIT_NAMES[below]})",
        [label for _, label in UNIT_COLUMNS],
        rows,
        _bar(
            [unit.name for unit in units],
            ("Licences", [unit.licences for unit in units]),
            ("Licences N-1 à date", [unit.previous_licences for unit in units]),
        ),
        sort_keys=keys,
        order=order if order.lstrip("-") in keys else "nom",
    )


UNIT_NAMES = {
    TerritoryLevel.ACADEMY: "académies",
    TerritoryLevel.DEPARTMENT: "départements",
    TerritoryLevel.DISTRICT: "districts",
    TerritoryLevel.ASSOCIATION: "AS",
}


def all_tables(
    f: TerritoryFigures, links: Links, dashboard_url: str, order: str = ""
) -> list[FigureTable]:
    tables = [
        summary_table(f, links),
        comparison_table(f, links),
        categories_table(f, links),
        affiliations_table(f, links),
        jo_table(f, links),
        activities_table(f),
        money_table(f, links),
        units_table(f, dashboard_url, order),
    ]
    return [table for table in tables if table is not None]
