"""The figures of a territory for a season, read by the dashboards and `opuss figures`.

Every figure is an aggregate made by the database (GROUP BY, conditional counts and sums): the
number of queries is the same for 2 AS as for 10,000, and no licence, affiliation or ledger line
is loaded into Python. Above the AS, the licence counts (and the previous season's at the same
date) and the money are sums of the summary rows kept per AS (opuss.dashboards.models, refreshed
by a periodic task: at most one row per AS instead of every licence and ledger line of the
season); an AS's own figures, the affiliations, JO certifications and activities are live.
Rates and comparisons are computed on the counts by opuss.rules.figures."""

from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from opuss.affiliations.enums import AffiliationState
from opuss.affiliations.models import Affiliation
from opuss.associations.models import SportsAssociation
from opuss.competitions.models import Entry
from opuss.core import clock
from opuss.core.caching import kept
from opuss.dashboards.models import (
    AssociationCategoryFigures,
    AssociationFigures,
    AssociationMoneyFigures,
    FiguresRefresh,
)
from opuss.finance.ledger import Figures, figures
from opuss.finance.models import LedgerLine
from opuss.guardians.models import GuardianResponse
from opuss.jo.models import Certification
from opuss.licences.enums import Sex
from opuss.licences.models import Licence
from opuss.rules.errors import UnknownSeason
from opuss.rules.figures import (
    Change,
    as_of_in_season,
    change,
    end_of,
    percent,
    same_day_a_year_before,
)
from opuss.rules.money import round_money
from opuss.rules.season import load_season
from opuss.territories.levels import (
    CONTAINERS,
    THROUGH_ASSOCIATION,
    Territory,
    TerritoryLevel,
    level_below,
    territory_label,
)

NOT_STARTED = "NOT_STARTED"
NOT_STARTED_LABEL = "Aucun formulaire"
# How an AS reaches each level (itself included): the AS of a territory, grouped by unit.
AS_PATHS: dict[TerritoryLevel, str] = CONTAINERS[TerritoryLevel.ASSOCIATION] | {
    TerritoryLevel.ASSOCIATION: "pk"
}


@dataclass(frozen=True)
class CategoryRow:
    category: str
    girls: int
    boys: int

    @property
    def total(self) -> int:
        return self.girls + self.boys


@dataclass(frozen=True)
class Counted:
    """One bar of a chart: a key (a state, a level: what the list behind it filters on), its
    French label and its count."""

    key: str
    label: str
    count: int


@dataclass(frozen=True)
class UnitRow:
    """One unit of the level below, with its own figures (the sortable comparison table)."""

    territory: Territory
    name: str
    param: tuple[str, str]  # the query parameter that opens its dashboard (and its lists)
    associations: int
    affiliated: int
    licences: int
    girls: int
    previous_licences: int
    enrolment: int
    money: Figures

    @property
    def participation_rate(self) -> Decimal | None:
        return percent(self.licences, self.enrolment)

    @property
    def girls_share(self) -> Decimal | None:
        return percent(self.girls, self.licences)

    @property
    def change(self) -> Change:
        return change(self.licences, self.previous_licences)


@dataclass(frozen=True)
class Previous:
    """The previous season at the same date: its licences taken up to `day`."""

    label: str
    day: date
    licences: int
    girls: int
    boys: int


@dataclass(frozen=True)
class TerritoryFigures:
    territory: Territory
    name: str
    season: str
    as_of: date
    refreshed_at: datetime | None  # when the summary rows were computed; None: counted live
    associations: int
    licences: int
    girls: int
    boys: int
    sport_partage: int
    handicap: int
    guardians_answered: int
    enrolment: int
    enrolment_girls: int
    enrolment_boys: int
    by_category: list[CategoryRow]
    by_activity: list[Counted]
    jo_by_level: list[Counted]
    affiliations: list[Counted]
    money: Figures
    previous: Previous | None
    units: list[UnitRow] = field(default_factory=list)

    @property
    def participation_rate(self) -> Decimal | None:
        return percent(self.licences, self.enrolment)

    @property
    def girls_participation_rate(self) -> Decimal | None:
        return percent(self.girls, self.enrolment_girls)

    @property
    def boys_participation_rate(self) -> Decimal | None:
        return percent(self.boys, self.enrolment_boys)

    @property
    def girls_share(self) -> Decimal | None:
        return percent(self.girls, self.licences)

    @property
    def guardian_answer_rate(self) -> Decimal | None:
        return percent(self.guardians_answered, self.licences)

    @property
    def change(self) -> Change | None:
        if self.previous is None:
            return None
        return change(self.licences, self.previous.licences)

    @property
    def jo_certifications(self) -> int:
        return sum(row.count for row in self.jo_by_level)


# --- the day figures are read at ---------------------------------------------------------------


def as_of(season) -> date:
    """Today, within the season's dates when its file is on file (a past season is read on its
    last day); today otherwise."""
    today = timezone.localdate(clock.now())
    try:
        rules = load_season(season.label)
    except UnknownSeason:
        return today
    return as_of_in_season(today, rules.starts, rules.ends)


def _before(day: date) -> datetime:
    """The moment that ends `day` (Paris time): licences taken up to `day` were taken before."""
    return timezone.make_aware(datetime.combine(end_of(day), time.min))


# --- licences ----------------------------------------------------------------------------------


def _licences(season, previous, territory: Territory, previous_day: date | None):
    """The season's licences of the territory, and the previous season's taken up to the same
    day, in one queryset: the counts tell them apart with their conditions."""
    wanted = Q(season=season)
    if previous is not None and previous_day is not None:
        wanted |= Q(season=previous, created_at__lt=_before(previous_day))
    return Licence.objects.filter(territory.condition(THROUGH_ASSOCIATION)).filter(wanted)


def _licence_counts(season, previous) -> dict:
    current = Q(season=season)
    before = Q(season=previous) if previous is not None else Q(pk__in=[])
    girls, boys = Q(pupil__sex=Sex.FEMALE), Q(pupil__sex=Sex.MALE)
    return {
        "licences": Count("pk", filter=current),
        "girls": Count("pk", filter=current & girls),
        "boys": Count("pk", filter=current & boys),
        "previous_licences": Count("pk", filter=before),
        "previous_girls": Count("pk", filter=before & girls),
        "previous_boys": Count("pk", filter=before & boys),
    }


def _live_counts(season, previous, territory: Territory, previous_day: date | None) -> dict:
    """One AS's licence counts, counted on its licences (its own dashboard stays live)."""
    current = Q(season=season)
    answered = Exists(GuardianResponse.objects.filter(licence=OuterRef("pk")))
    return _licences(season, previous, territory, previous_day).aggregate(
        **_licence_counts(season, previous),
        sport_partage=Count("pk", filter=current & Q(sport_partage=True)),
        handicap=Count("pk", filter=current & Q(pupil__handicap=True)),
        guardians_answered=Count("pk", filter=current & Q(answered)),
    )


def _by_category(season, territory: Territory) -> list[CategoryRow]:
    rows = (
        Licence.objects.filter(territory.condition(THROUGH_ASSOCIATION), season=season)
        .order_by()
        .values("category")
        .annotate(
            girls=Count("pk", filter=Q(pupil__sex=Sex.FEMALE)),
            boys=Count("pk", filter=Q(pupil__sex=Sex.MALE)),
        )
        .order_by("category")
    )
    return [CategoryRow(row["category"], row["girls"], row["boys"]) for row in rows]


def _by_activity(season, territory: Territory) -> list[Counted]:
    """Licensees entered in the season's competitions, per activity (a licence carries no
    activity: docs/rules.md); a pupil entered in two activities counts in each."""
    rows = (
        Entry.objects.filter(territory.condition(THROUGH_ASSOCIATION), licence__season=season)
        .order_by()
        .values("competition__activity", "competition__activity__name")
        .annotate(pupils=Count("pupil", distinct=True))
        .order_by("-pupils", "competition__activity__name")
    )
    return [
        Counted(
            str(row["competition__activity"]), row["competition__activity__name"], row["pupils"]
        )
        for row in rows
    ]


# --- JO, affiliations, money -------------------------------------------------------------------


def _jo_by_level(season, territory: Territory) -> list[Counted]:
    counts = dict(
        Certification.objects.filter(territory.condition(THROUGH_ASSOCIATION), season=season)
        .order_by()
        .values_list("level")
        .annotate(n=Count("pk"))
    )
    levels = Certification._meta.get_field("level").choices or []
    return [Counted(key, str(label), counts.get(key, 0)) for key, label in levels]


def _enrolment(prefix: str = "") -> dict:
    """The enrolment declared on affiliated forms: « Effectifs d'élèves scolarisés (Garçons +
    Filles) », the deductions left aside (they only lower the fee: docs/rules.md)."""
    affiliated = Q(**{f"{prefix}state": AffiliationState.AFFILIATED})
    zero = Value(0)

    def declared(name: str) -> Coalesce:
        return Coalesce(Sum(f"{prefix}{name}", filter=affiliated), zero)

    return {
        "enrolment_girls": declared("girls"),
        "enrolment_boys": declared("boys"),
    }


def _affiliation_counts(season, territory: Territory) -> dict:
    return Affiliation.objects.filter(
        territory.condition(THROUGH_ASSOCIATION), season=season
    ).aggregate(
        **{state.value: Count("pk", filter=Q(state=state)) for state in AffiliationState},
        **_enrolment(),
    )


def _affiliations(counts: dict, associations: int) -> list[Counted]:
    started = sum(counts[state.value] for state in AffiliationState)
    return [
        *(Counted(state.value, state.label, counts[state.value]) for state in AffiliationState),
        Counted(NOT_STARTED, NOT_STARTED_LABEL, associations - started),
    ]


MONEY_FIELDS = [f.name for f in fields(Figures)]


def _money(sums: dict) -> Figures:
    # SQLite sums decimals as floats' text: back to cents (as opuss.finance.ledger.figures).
    return Figures(**{name: round_money(Decimal(sums[name])) for name in MONEY_FIELDS})


# --- the summary rows (above the AS) -----------------------------------------------------------

SUMMED = [
    "licences",
    "girls",
    "boys",
    "sport_partage",
    "handicap",
    "guardians_answered",
    "guardians_unanswered",
    "previous_licences",
    "previous_girls",
    "previous_boys",
]


def refreshed(season) -> FiguresRefresh:
    """The season's last refresh; made now when the season was never refreshed (a new season,
    before the periodic job's first run)."""
    done = FiguresRefresh.objects.filter(season=season).first()
    if done is None:
        from opuss.dashboards.refresh import refresh_season

        done = refresh_season(season)
    return done


def _summed() -> dict:
    return {name: Coalesce(Sum(name), Value(0)) for name in SUMMED}


def season_summary(user, season) -> dict:
    """The season's summed licence counts (SUMMED) of the user's scope, as of the season's last
    refresh (`refreshed(season)` first)."""
    return AssociationFigures.objects.for_user(user).filter(season=season).aggregate(**_summed())


def _summary_counts(season, territory: Territory) -> dict:
    return AssociationFigures.objects.filter(
        territory.condition(THROUGH_ASSOCIATION), season=season
    ).aggregate(**_summed())


def _summed_money() -> dict:
    zero = Value(Decimal("0.00"))
    return {name: Coalesce(Sum(name), zero) for name in MONEY_FIELDS}


def _summary_money(season, territory: Territory) -> Figures:
    return _money(
        AssociationMoneyFigures.objects.filter(
            territory.condition(THROUGH_ASSOCIATION), season=season
        ).aggregate(**_summed_money())
    )


def _summary_by_category(season, territory: Territory) -> list[CategoryRow]:
    rows = (
        AssociationCategoryFigures.objects.filter(
            territory.condition(THROUGH_ASSOCIATION), season=season
        )
        .order_by()
        .values("category")
        .annotate(girls=Sum("girls"), boys=Sum("boys"))
        .order_by("category")
    )
    return [CategoryRow(row["category"], row["girls"], row["boys"]) for row in rows]


# --- units of the level below ------------------------------------------------------------------


def _unit_name_and_param(level: TerritoryLevel, unit) -> tuple[str, tuple[str, str]]:
    if level == TerritoryLevel.ACADEMY:
        return unit.name, ("academie", unit.code)
    if level == TerritoryLevel.DEPARTMENT:
        return str(unit), ("departement", unit.code)
    if level == TerritoryLevel.DISTRICT:
        return unit.label, ("district", str(unit.pk))
    return f"{unit.code} – {unit.establishment.name}", ("as", unit.code)


def _grouped(queryset, path: str, **aggregates) -> dict[int, dict]:
    rows = queryset.order_by().values(path).annotate(**aggregates)
    return {row[path]: row for row in rows}


def units(season, territory: Territory) -> list[UnitRow]:
    """The units of the level below with their figures: five queries whatever their number (the
    licence counts from the summary rows: `refreshed(season)` first)."""
    below = level_below(territory.level)
    children = territory.children()
    if below is None or children is None:
        return []
    if below == TerritoryLevel.ASSOCIATION:
        children = children.select_related("establishment")
    licence_path = THROUGH_ASSOCIATION[below]
    licences = _grouped(
        AssociationFigures.objects.filter(territory.condition(THROUGH_ASSOCIATION), season=season),
        licence_path,
        **_summed(),
    )
    associations = _grouped(
        SportsAssociation.objects.filter(territory.condition(AS_PATHS)),
        AS_PATHS[below],
        n=Count("pk"),
    )
    affiliations = _grouped(
        Affiliation.objects.filter(territory.condition(THROUGH_ASSOCIATION), season=season),
        licence_path,
        affiliated=Count("pk", filter=Q(state=AffiliationState.AFFILIATED)),
        **_enrolment(),
    )
    money = _grouped(
        AssociationMoneyFigures.objects.filter(
            territory.condition(THROUGH_ASSOCIATION), season=season
        ),
        licence_path,
        **_summed_money(),
    )
    empty_money = _money(dict.fromkeys(MONEY_FIELDS, 0))
    rows = []
    for unit in children:
        name, param = _unit_name_and_param(below, unit)
        counted = licences.get(unit.pk, {})
        affiliated = affiliations.get(unit.pk, {})
        rows.append(
            UnitRow(
                territory=Territory(below, unit.pk),
                name=name,
                param=param,
                associations=associations.get(unit.pk, {}).get("n", 0),
                affiliated=affiliated.get("affiliated", 0),
                licences=counted.get("licences", 0),
                girls=counted.get("girls", 0),
                previous_licences=counted.get("previous_licences", 0),
                enrolment=affiliated.get("enrolment_girls", 0)
                + affiliated.get("enrolment_boys", 0),
                money=_money(money[unit.pk]) if unit.pk in money else empty_money,
            )
        )
    return rows


# --- the whole -----------------------------------------------------------------------------------


# Above the AS a dashboard is the last refresh's sums and a few live counts: kept this long per
# territory and season; each refresh renews the generation "dashboards" (docs/rules.md
# « Tableaux de bord », 6).
KEPT_SECONDS = 60


def kept_figures(territory: Territory, season, *, unit=None):
    """`territory_figures` as the dashboard page shows them: an AS's own, live; above it, kept
    a minute (issue #14: DN's national page grouped 10,000 rows on every view)."""
    if territory.level == TerritoryLevel.ASSOCIATION:
        return territory_figures(territory, season, unit=unit)
    key = f"dashboards:{territory.level}:{territory.pk}:{season.pk}"
    return kept(
        ["dashboards"], key, lambda: territory_figures(territory, season, unit=unit), KEPT_SECONDS
    )


def territory_figures(territory: Territory, season, *, unit=None, with_units=True):
    """Everything the dashboard and `opuss figures` show for the territory and season. `unit` is
    the territory's académie, department, district or AS when the caller has it already."""
    previous = season.previous()
    live = territory.level == TerritoryLevel.ASSOCIATION
    refreshed_at = None
    if live:
        day = as_of(season)
        previous_day = same_day_a_year_before(day) if previous is not None else None
        counts = _live_counts(season, previous, territory, previous_day)
        by_category = _by_category(season, territory)
    else:
        done = refreshed(season)
        day, previous_day, refreshed_at = done.as_of, done.previous_day, done.refreshed_at
        counts = _summary_counts(season, territory)
        by_category = _summary_by_category(season, territory)
    associations = SportsAssociation.objects.filter(territory.condition(AS_PATHS)).count()
    affiliation_counts = _affiliation_counts(season, territory)
    money = (
        figures(LedgerLine.objects.filter(territory.condition(THROUGH_ASSOCIATION)), season)
        if live
        else _summary_money(season, territory)
    )
    return TerritoryFigures(
        territory=territory,
        name=territory_label(
            territory.level, unit if unit is not None or territory.is_national else territory.get()
        ),
        season=season.label,
        as_of=day,
        refreshed_at=refreshed_at,
        associations=associations,
        licences=counts["licences"],
        girls=counts["girls"],
        boys=counts["boys"],
        sport_partage=counts["sport_partage"],
        handicap=counts["handicap"],
        guardians_answered=counts["guardians_answered"],
        enrolment=affiliation_counts["enrolment_girls"] + affiliation_counts["enrolment_boys"],
        enrolment_girls=affiliation_counts["enrolment_girls"],
        enrolment_boys=affiliation_counts["enrolment_boys"],
        by_category=by_category,
        by_activity=_by_activity(season, territory),
        jo_by_level=_jo_by_level(season, territory),
        affiliations=_affiliations(affiliation_counts, associations),
        money=money,
        previous=(
            Previous(
                previous.label,
                previous_day,
                counts["previous_licences"],
                counts["previous_girls"],
                counts["previous_boys"],
            )
            if previous is not None and previous_day is not None
            else None
        ),
        units=units(season, territory) if with_units and not live else [],
    )


__all__ = [
    "NOT_STARTED",
    "CategoryRow",
    "Counted",
    "Previous",
    "TerritoryFigures",
    "UnitRow",
    "as_of",
    "refreshed",
    "season_summary",
    "territory_figures",
    "units",
]
