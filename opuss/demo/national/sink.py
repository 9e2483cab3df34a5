"""Where the national seed's rows go: PostgreSQL's COPY (psycopg 3), or `bulk_create` in batches
elsewhere (SQLite). Rows are tuples in the order of `columns(model)`, with their ids given by the
seed: the database only stores them, and its sequences are moved past them at the end."""

import json
from collections.abc import Iterable

from django.core.management.color import no_style
from django.db import connection, models

BATCH = 2_000  # rows per INSERT on SQLite (its default limit is 32,766 variables per statement)


def columns(model: type[models.Model]) -> list[models.Field]:
    return list(model._meta.concrete_fields)


class Sink:
    def __init__(self) -> None:
        self.written: dict[type[models.Model], int] = {}
        self._ids: dict[type[models.Model], int] = {}

    def next_ids(self, model: type[models.Model], count: int) -> range:
        """`count` fresh ids for `model`, after any row already there (reference data)."""
        if model not in self._ids:
            last = model.objects.aggregate(last=models.Max("pk"))["last"] or 0
            self._ids[model] = last + 1
        start = self._ids[model]
        self._ids[model] = start + count
        return range(start, start + count)

    def next_id(self, model: type[models.Model]) -> int:
        return self.next_ids(model, 1)[0]

    def write(self, model: type[models.Model], rows: Iterable[tuple]) -> int:
        fields = columns(model)
        if connection.vendor == "postgresql":
            count = self._copy(model, fields, rows)
        else:
            count = self._bulk_create(model, fields, rows)
        self.written[model] = self.written.get(model, 0) + count
        return count

    def _copy(self, model, fields, rows) -> int:
        json_at = [i for i, field in enumerate(fields) if isinstance(field, models.JSONField)]
        names = ", ".join(connection.ops.quote_name(field.column) for field in fields)
        table = connection.ops.quote_name(model._meta.db_table)
        count = 0
        with connection.cursor() as cursor, cursor.cursor.copy(
            f"COPY {table} ({names}) FROM STDIN"
        ) as copy:
            for row in rows:
                if json_at:
                    row = list(row)
                    for i in json_at:
                        row[i] = json.dumps(row[i], ensure_ascii=False)
                copy.write_row(row)
                count += 1
        return count

    def _bulk_create(self, model, fields, rows) -> int:
        names = [field.attname for field in fields]
        batch: list[models.Model] = []
        count = 0
        for row in rows:
            batch.append(model(**dict(zip(names, row, strict=True))))
            if len(batch) == BATCH:
                count += len(model.objects.bulk_create(batch))
                batch = []
        if batch:
            count += len(model.objects.bulk_create(batch))
        return count

    def reset_sequences(self) -> None:
        """The next row a user creates gets an id after the seed's."""
        statements = connection.ops.sequence_reset_sql(no_style(), list(self.written))
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
