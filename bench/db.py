"""The bench's PostgreSQL databases: the seeded one (kept between runs), an empty migrated
template, and the copies each run measures on, so that every run starts from the same rows."""

import json
from dataclasses import dataclass
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg import sql

# docs/deploy.md's settings of the primary (« PostgreSQL »): pages in RAM or on SSD
# (PostgreSQL's default, 4, is for disks), and no parallel plan for a web request's query.
PLANNER = {"random_page_cost": "1.1", "max_parallel_workers_per_gather": "0"}
META = "bench_meta"  # one row in the seeded database: how it was seeded, and how long it took


@dataclass(frozen=True)
class Server:
    url: str  # the seeded database's URL

    @property
    def name(self) -> str:
        return urlsplit(self.url).path.lstrip("/")

    def url_of(self, name: str) -> str:
        parts = urlsplit(self.url)
        return urlunsplit(parts._replace(path=f"/{name}"))

    def _admin(self) -> psycopg.Connection:
        return psycopg.connect(self.url_of("postgres"), autocommit=True)

    def exists(self, name: str) -> bool:
        with self._admin() as conn:
            return conn.execute("SELECT 1 FROM pg_database WHERE datname = %s",
                                [name]).fetchone() is not None

    def create(self, name: str, template: str | None = None) -> None:
        """A fresh `name`, empty or a copy of `template` (dropped first if it was there)."""
        self.drop(name)
        statement = sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name))
        if template:
            statement += sql.SQL(" TEMPLATE {}").format(sql.Identifier(template))
        with self._admin() as conn:
            conn.execute(statement)

    def drop(self, name: str) -> None:
        with self._admin() as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)")
                         .format(sql.Identifier(name)))

    def vacuum(self, name: str) -> None:
        """VACUUM (ANALYZE) after a bulk load, as autovacuum soon would in production: the
        statistics, and the visibility map that lets counts read only their index."""
        with psycopg.connect(self.url_of(name), autocommit=True) as conn:
            conn.execute("VACUUM (ANALYZE)")

    def tune(self, name: str) -> None:
        """The planner's settings of docs/deploy.md (« PostgreSQL »). Per database: a copy does
        not inherit them."""
        with self._admin() as conn:
            for setting, value in PLANNER.items():
                conn.execute(sql.SQL("ALTER DATABASE {} SET {} = {}").format(
                    sql.Identifier(name), sql.Identifier(setting), sql.Literal(value)))

    def version(self) -> str:
        with self._admin() as conn:
            return conn.execute("SHOW server_version").fetchone()[0]

    def settings(self, name: str = "postgres") -> dict[str, str]:
        names = ["shared_buffers", "work_mem", "max_wal_size", "synchronous_commit",
                 *PLANNER]
        with psycopg.connect(self.url_of(name), autocommit=True) as conn:
            return {name: conn.execute(sql.SQL("SHOW {}").format(sql.Identifier(name)))
                    .fetchone()[0] for name in names}


def read_meta(url: str) -> dict | None:
    with psycopg.connect(url) as conn:
        if conn.execute("SELECT to_regclass(%s)", [META]).fetchone()[0] is None:
            return None
        row = conn.execute(sql.SQL("SELECT data FROM {}").format(sql.Identifier(META))).fetchone()
        return row[0] if row else None


def write_meta(url: str, data: dict) -> None:
    with psycopg.connect(url) as conn:
        conn.execute(sql.SQL("CREATE TABLE IF NOT EXISTS {} (data jsonb)")
                     .format(sql.Identifier(META)))
        conn.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(META)))
        conn.execute(sql.SQL("INSERT INTO {} VALUES (%s)").format(sql.Identifier(META)),
                     [json.dumps(data)])


def is_empty(url: str) -> bool:
    """No seeded federation: no table yet, or no academy."""
    with psycopg.connect(url) as conn:
        if conn.execute("SELECT to_regclass('territories_academy')").fetchone()[0] is None:
            return True
        return conn.execute("SELECT NOT EXISTS (SELECT 1 FROM territories_academy)").fetchone()[0]


def row_counts(url: str) -> dict[str, int]:
    """Exact row counts of the tables that hold any row."""
    with psycopg.connect(url) as conn:
        tables = [row[0] for row in conn.execute(
            "SELECT relname FROM pg_stat_user_tables WHERE schemaname = 'public' ORDER BY 1")]
        counts = {}
        for table in tables:
            count = conn.execute(sql.SQL("SELECT count(*) FROM {}")
                                 .format(sql.Identifier(table))).fetchone()[0]
            if count:
                counts[table] = count
        return counts


def applied(url: str) -> set[tuple[str, str]]:
    """The migrations a database has (none before its first migrate)."""
    with psycopg.connect(url) as conn:
        if conn.execute("SELECT to_regclass('django_migrations')").fetchone()[0] is None:
            return set()
        return set(conn.execute("SELECT app, name FROM django_migrations").fetchall())
