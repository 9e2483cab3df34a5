"""A basket of 500 validated (300 of last season's pupils and 200 new ones, or what the AS has),
through the page's POST as a teacher does it, against a raw multi-row INSERT of the very rows the
validation created, into the same tables.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.basket --out basket.json [--times 3]

The floor: in a transaction, the validation's new rows are deleted, then put back by one INSERT
... VALUES per table (timed), and the transaction is rolled back. Foreign keys are deferred
there (Django declares them so) and never checked: the floor is a little low, the ratio a little
high."""

import argparse
import datetime as dt
import json
import statistics
import time

import django

RENEWALS = 300
LINES = 500
MAX_PARAMETERS = 60_000  # PostgreSQL takes at most 65,535 per statement


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--times", type=int, default=3)
    args = parser.parse_args()
    django.setup()
    runs = [validate_one(association) for association in largest_associations(args.times)]
    validation = statistics.median(run["validation_ms"] for run in runs)
    insert = statistics.median(run["insert_ms"] for run in runs)
    with open(args.out, "w") as out:
        json.dump({"runs": runs, "validation_ms": validation, "insert_ms": insert,
                   "ratio": validation / insert}, out, ensure_ascii=False, indent=1)


def largest_associations(count: int) -> list:
    """The AS with most of last season's pupils still to renew, but the demo teacher's (whose
    basket the page figures use)."""
    from django.db.models import Count, Q

    from opuss.accounts.models import RoleAssignment
    from opuss.associations.models import SportsAssociation
    from opuss.demo.models import DemoAccount
    from opuss.licences.services import former_licensees
    from opuss.seasons.models import Season

    season = Season.objects.current()
    teacher = DemoAccount.objects.get(role="teacher").user
    kept = RoleAssignment.objects.get(user=teacher, role="AS_TEACHER").association_id
    candidates = (
        SportsAssociation.objects.exclude(pk=kept)
        .annotate(last_season=Count("licences", filter=Q(
            licences__season__start_year=season.start_year - 1)))
        .order_by("-last_season", "code")[:count * 4]
    )
    remaining = {association: former_licensees(association, season).count()
                 for association in candidates}
    return sorted(remaining, key=lambda association: (-remaining[association],
                                                      association.code))[:count]


def validate_one(association) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from opuss.demo.data import DEMO_PASSWORD
    from opuss.licences import services
    from opuss.seasons.models import Season

    season = Season.objects.current()
    teacher = association.role_assignments.filter(role="AS_TEACHER").order_by("pk").first().user
    client = Client()
    assert client.post("/compte/connexion/", {"username": teacher.email,
                                              "password": DEMO_PASSWORD}).status_code == 302
    lines = fill(association, season, teacher)
    checks = [*services.required_checks(season), services.DUPLICATES_CHECK]
    before = max_ids()
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        response = client.post(f"/as/{association.code}/panier/valider/", {"checks": checks})
        validation_ms = (time.perf_counter() - started) * 1000
    assert response["Location"].endswith("/licencies/"), "the basket was not validated"
    created = new_rows(before)
    assert created.get("licences_licence"), "the basket was not validated"
    return {"association": association.code, "lines": lines, "validation_ms": validation_ms,
            "queries": len(queries),
            "rows": {table: len(rows) for table, (_, rows) in created.items()},
            "insert_ms": insert_ms(created)}


def fill(association, season, teacher) -> int:
    from opuss.licences import services

    basket = services.basket_open(association=association, season=season, actor=teacher)
    former = list(services.former_licensees(association, season)[:RENEWALS])
    services.basket_add_renewals(basket=basket, pupils=former, actor=teacher)
    for n in range(LINES - basket.lines.count()):
        services.basket_add_new(basket=basket, actor=teacher, values={
            "last_name": f"Banc{n:03d}", "first_name": "Élève", "sex": "F" if n % 2 else "M",
            "birth_date": dt.date(2011 + n % 4, n % 12 + 1, n % 28 + 1), "class_level": "6e",
            "guardian_email": f"banc.{association.code}.{n}@exemple.fr",
            "insurance": "MAIF_COLLECTIVE",
        })
    return basket.lines.count()


def _tables_with_id(cursor) -> list[str]:
    cursor.execute(
        "SELECT table_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND column_name = 'id' AND data_type IN ('integer', 'bigint') ORDER BY 1")
    return [row[0] for row in cursor.fetchall()]


def max_ids() -> dict[str, int]:
    from django.db import connection

    with connection.cursor() as cursor:
        ids = {}
        for table in _tables_with_id(cursor):
            cursor.execute(f'SELECT coalesce(max(id), 0) FROM "{table}"')
            ids[table] = cursor.fetchone()[0]
        return ids


def new_rows(before: dict[str, int]) -> dict[str, tuple[list[str], list[tuple]]]:
    from django.db import connection

    created = {}
    with connection.cursor() as cursor:
        for table, last in before.items():
            cursor.execute(f'SELECT * FROM "{table}" WHERE id > %s ORDER BY id', [last])
            rows = cursor.fetchall()
            if rows:
                created[table] = ([column.name for column in cursor.description], rows)
    return created


def insert_ms(created: dict[str, tuple[list[str], list[tuple]]]) -> float:
    """The floor: the same rows by one multi-row INSERT per table, in a rolled-back
    transaction."""
    from django.db import connection, transaction
    from psycopg.types.json import Jsonb

    def adapt(value):
        return Jsonb(value) if isinstance(value, dict | list) else value

    with transaction.atomic(), connection.cursor() as cursor:
        for table, (_, rows) in created.items():
            cursor.execute(f'DELETE FROM "{table}" WHERE id = ANY(%s)', [[r[0] for r in rows]])
        started = time.perf_counter()
        for table, (columns, rows) in created.items():
            per_statement = max(1, MAX_PARAMETERS // len(columns))
            names = ", ".join(f'"{name}"' for name in columns)
            for start in range(0, len(rows), per_statement):
                chunk = rows[start:start + per_statement]
                values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(chunk))
                cursor.execute(f'INSERT INTO "{table}" ({names}) VALUES {values}',
                               [adapt(value) for row in chunk for value in row])
        elapsed = (time.perf_counter() - started) * 1000
        transaction.set_rollback(True)
    return elapsed


if __name__ == "__main__":
    main()
