"""The read replica: what reads much and may lag a second (exports, dashboards, the bench)
reads from `DATABASE_REPLICA_URL` when one is configured; everything else, and every write,
goes to the primary. Without a replica, nothing changes.

    @reads_from_replica            # a view
    with reading_replica(): ...    # a block, e.g. a streamed export's rows
"""

import contextlib
import contextvars
import functools

from django.conf import settings

REPLICA = "replica"
_reading = contextvars.ContextVar("opuss_reading_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextlib.contextmanager
def reading_replica():
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


def reads_from_replica(view):
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        with reading_replica():
            return view(*args, **kwargs)

    return wrapped


class ReplicaRouter:
    """Django's database router: reads inside `reading_replica()` go to the replica."""

    def db_for_read(self, model, **hints):
        return REPLICA if _reading.get() and replica_configured() else None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA  # the replica follows the primary's schema by replication
