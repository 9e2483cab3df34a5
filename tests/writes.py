"""Posting as someone and seeing what it changed, for the write matrices
(tests/test_write_matrix.py, tests/test_body_ids.py).

What a request changed is a digest of every row of every table, taken just before and just
after it, and the work it left for after the commit (e-mails, tasks). The test world is small, so
reading it whole is cheap; a digest of the rows catches an UPDATE as well as an INSERT or a
DELETE. Left out: what any request may write whoever makes it (the session, django-axes' log of
logins and logouts, the record of a signed-in browser and its last activity).

Each actor posts inside a savepoint rolled back afterwards, so that every one of them meets the
same world."""

import functools
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
from django.db import connection, transaction

IGNORED_TABLES = frozenset(
    {"django_session", "django_migrations", "axes_accesslog", "accounts_usersession"}
)


@functools.cache
def _columns(database: str) -> dict[str, tuple[str, ...]]:
    """The columns of every table but the ignored ones (the schema does not change during a
    test run)."""
    names = sorted(set(connection.introspection.table_names()) - IGNORED_TABLES)
    with connection.cursor() as cursor:
        return {
            table: tuple(
                column.name
                for column in connection.introspection.get_table_description(cursor, table)
            )
            for table in names
        }


def _digest(rows) -> str:
    text = "\n".join(sorted(repr(tuple(row)) for row in rows))
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def _read_each_table(cursor, columns: dict) -> dict[str, str]:
    quote = connection.ops.quote_name
    state = {}
    for table, names in columns.items():
        cursor.execute(f"SELECT {', '.join(map(quote, names))} FROM {quote(table)}")  # noqa: S608
        state[table] = _digest(cursor.fetchall())
    return state


def _digest_on_the_server(cursor, columns: dict) -> dict[str, str]:
    """PostgreSQL digests every table in one round trip."""
    quote = connection.ops.quote_name
    parts = [
        f"SELECT %s, md5(coalesce(string_agg(r, '|' ORDER BY r), '')) FROM "  # noqa: S608
        f"(SELECT ROW({', '.join(map(quote, names))})::text AS r FROM {quote(table)}) AS t"
        for table, names in columns.items()
    ]
    cursor.execute(" UNION ALL ".join(parts), list(columns))
    return dict(cursor.fetchall())


def database_state() -> dict[str, str]:
    """table -> digest of its rows, for every table but the ignored ones."""
    columns = _columns(connection.settings_dict["NAME"])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            return _digest_on_the_server(cursor, columns)
        return _read_each_table(cursor, columns)


@dataclass(frozen=True)
class Effects:
    """What one request did: the tables whose rows changed, and the callbacks it queued for
    after the commit."""

    tables: tuple[str, ...]
    after_commit: int

    def __bool__(self) -> bool:
        return bool(self.tables or self.after_commit)


def effects_since(before: dict[str, str], queued_before: int) -> Effects:
    after = database_state()
    changed = tuple(sorted(t for t in set(before) | set(after) if before.get(t) != after.get(t)))
    return Effects(changed, len(connection.run_on_commit) - queued_before)


@contextmanager
def rolled_back():
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def log_in(client, world, actor: str) -> None:
    client.logout()
    user = world.actor(actor)
    if user is not None:
        client.force_login(user)


def post_as(client, world, actor: str, url: str, data: dict, session=None):
    """The actor's POST and what it changed (inside rolled_back()); `session` values are put in
    his session first."""
    log_in(client, world, actor)
    if session:
        stored = client.session
        stored.update(session)
        stored.save()
    before, queued = database_state(), len(connection.run_on_commit)
    response = client.post(url, data)
    return response, effects_since(before, queued)


IN_SEASON = "2025-10-06T10:00:00+02:00"  # the demo's day: affiliation and licence periods open


@pytest.fixture
def in_season(settings):
    settings.OPUSS_NOW = IN_SEASON


@pytest.fixture
def fast_passwords(settings):
    """Passwords hashed with MD5 rather than argon2: the matrix changes one eleven times."""
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.MD5PasswordHasher",
        *settings.PASSWORD_HASHERS,
    ]
