"""The refresh of the dashboards' summary rows (opuss.dashboards.models): for a season, one
INSERT … SELECT per table, grouped by AS in the database — the same handful of queries for 2 AS
as for 10,000, and no licence loaded into Python."""

from django.db import connection, transaction

from opuss.core import clock
from opuss.core.caching import forget
from opuss.dashboards.models import (
    AssociationCategoryFigures,
    AssociationFigures,
    AssociationMoneyFigures,
    FiguresRefresh,
)
from opuss.finance.ledger import figure_aggregates
from opuss.finance.models import LedgerLine
from opuss.guardians.models import GuardianRequest, GuardianResponse
from opuss.licences.enums import Sex
from opuss.licences.models import Licence, Pupil
from opuss.rules.figures import same_day_a_year_before
from opuss.seasons.models import Season


def _tables() -> dict[str, str]:
    quote = connection.ops.quote_name
    return {
        "figures": quote(AssociationFigures._meta.db_table),
        "categories": quote(AssociationCategoryFigures._meta.db_table),
        "licence": quote(Licence._meta.db_table),
        "pupil": quote(Pupil._meta.db_table),
        "response": quote(GuardianResponse._meta.db_table),
        "request": quote(GuardianRequest._meta.db_table),
    }


FIGURES_SQL = """
INSERT INTO {figures} (association_id, season_id, licences, girls, boys, sport_partage,
    handicap, guardians_answered, guardians_unanswered,
    previous_licences, previous_girls, previous_boys)
SELECT l.association_id, %(season)s,
    SUM(CASE WHEN l.season_id = %(season)s THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.season_id = %(season)s AND p.sex = %(female)s THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.season_id = %(season)s AND p.sex = %(male)s THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.season_id = %(season)s AND l.sport_partage THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.season_id = %(season)s AND p.handicap THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.season_id = %(season)s AND EXISTS (
        SELECT 1 FROM {response} r WHERE r.licence_id = l.id) THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.season_id = %(season)s
        AND EXISTS (SELECT 1 FROM {request} q WHERE q.licence_id = l.id)
        AND NOT EXISTS (SELECT 1 FROM {response} r WHERE r.licence_id = l.id)
        THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.season_id = %(season)s THEN 0 ELSE 1 END),
    SUM(CASE WHEN l.season_id <> %(season)s AND p.sex = %(female)s THEN 1 ELSE 0 END),
    SUM(CASE WHEN l.season_id <> %(season)s AND p.sex = %(male)s THEN 1 ELSE 0 END)
FROM {licence} l JOIN {pupil} p ON p.id = l.pupil_id
WHERE l.season_id = %(season)s
    OR (l.season_id = %(previous)s AND l.created_at < %(before)s)
GROUP BY l.association_id
"""

CATEGORIES_SQL = """
INSERT INTO {categories} (association_id, season_id, category, girls, boys)
SELECT l.association_id, %(season)s, l.category,
    SUM(CASE WHEN p.sex = %(female)s THEN 1 ELSE 0 END),
    SUM(CASE WHEN p.sex = %(male)s THEN 1 ELSE 0 END)
FROM {licence} l JOIN {pupil} p ON p.id = l.pupil_id
WHERE l.season_id = %(season)s
GROUP BY l.association_id, l.category
"""


def _money_insert(season) -> tuple[str, tuple]:
    """The ledger's sums per AS, as opuss.finance.ledger computes them for one account (its own
    aggregates, compiled by the ORM), inserted by the database."""
    aggregates = figure_aggregates(season)
    select = (
        LedgerLine.objects.filter(season=season)
        .order_by()
        .values("association", "season")
        .annotate(**aggregates)
    )
    sql, params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ["association_id", "season_id", *aggregates])
    table = quote(AssociationMoneyFigures._meta.db_table)
    return f"INSERT INTO {table} ({columns}) {sql}", params


def refresh_season(season) -> FiguresRefresh:
    """Recomputes the season's summary rows in one transaction: readers see the former rows
    until it commits, then the new ones."""
    from opuss.dashboards.selectors import _before, as_of

    previous = season.previous()
    day = as_of(season)
    previous_day = same_day_a_year_before(day) if previous is not None else None
    params = {
        "season": season.pk,
        "previous": previous.pk if previous is not None else -1,
        "before": connection.ops.adapt_datetimefield_value(
            _before(previous_day) if previous_day is not None else clock.now()
        ),
        "female": Sex.FEMALE.value,
        "male": Sex.MALE.value,
    }
    tables = _tables()
    with transaction.atomic():
        AssociationFigures.objects.filter(season=season).delete()
        AssociationCategoryFigures.objects.filter(season=season).delete()
        AssociationMoneyFigures.objects.filter(season=season).delete()
        with connection.cursor() as cursor:
            cursor.execute(FIGURES_SQL.format(**tables), params)
            cursor.execute(CATEGORIES_SQL.format(**tables), params)
            cursor.execute(*_money_insert(season))
            if connection.vendor == "postgresql":
                # Their rows were all replaced: fresh statistics, or the planner counts 50 rows
                # where there are 10,000 and joins them one by one (issue #14).
                money = connection.ops.quote_name(AssociationMoneyFigures._meta.db_table)
                cursor.execute(f"ANALYZE {tables['figures']}, {tables['categories']}, {money}")
        done, _ = FiguresRefresh.objects.update_or_create(
            season=season,
            defaults={"refreshed_at": clock.now(), "as_of": day, "previous_day": previous_day},
        )
    forget("dashboards")  # the pages kept from the former rows
    return done


def refresh_current() -> int:
    """The current season's figures (the periodic job's): how many seasons were refreshed."""
    season = Season.objects.filter(is_current=True).first()
    if season is None:
        return 0
    refresh_season(season)
    return 1


def refresh_all() -> int:
    """Every season's figures (the nightly job's: a past season's licences rarely change)."""
    seasons = list(Season.objects.all())
    for season in seasons:
        refresh_season(season)
    return len(seasons)
