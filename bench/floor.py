"""The seed's floor: a raw COPY of the very rows the seed wrote, from files, into an empty copy
of the migrated tables (same indexes, constraints and foreign keys), in one transaction."""

import time
from pathlib import Path

import psycopg
from psycopg import sql

from bench.db import META, Server, row_counts


def seeded_tables(server: Server, seeded: str, template: str) -> dict[str, int]:
    """The tables the seed filled (empty in the migrated template), with their row counts."""
    before = row_counts(server.url_of(template))
    return {table: count for table, count in row_counts(server.url_of(seeded)).items()
            if table not in before and table != META}


def raw_copy_seconds(server: Server, seeded: str, template: str, work: Path) -> dict:
    tables = seeded_tables(server, seeded, template)
    work.mkdir(parents=True, exist_ok=True)
    files = {table: work / f"{table}.copy" for table in tables}
    with psycopg.connect(server.url_of(seeded)) as conn, conn.cursor() as cursor:
        for table, path in files.items():
            with path.open("wb") as out, cursor.copy(
                sql.SQL("COPY {} TO STDOUT").format(sql.Identifier(table))
            ) as copy:
                for data in copy:
                    out.write(data)
    target = f"{seeded}_floor"
    server.create(target, template=template)
    try:
        with psycopg.connect(server.url_of(target)) as conn, conn.cursor() as cursor:
            started = time.perf_counter()
            for table, path in files.items():
                with path.open("rb") as source, cursor.copy(
                    sql.SQL("COPY {} FROM STDIN").format(sql.Identifier(table))
                ) as copy:
                    while data := source.read(1 << 20):
                        copy.write(data)
            conn.commit()  # the deferred foreign keys are checked here, as in the seed
            seconds = time.perf_counter() - started
    finally:
        server.drop(target)
        for path in files.values():
            path.unlink(missing_ok=True)
    return {"seconds": seconds, "rows": sum(tables.values()), "tables": tables}
