"""Searching names the way people type them: without case or accents (« helene » finds
« Hélène », « LEFEVRE » « Lefèvre »), anywhere in the name.

On PostgreSQL the `unaccented` lookup is `opuss_unaccent(column) ILIKE opuss_unaccent('%term%')`:
`opuss_unaccent` is an IMMUTABLE wrapper of the unaccent extension (unaccent() itself is only
STABLE, so no index may use it), and the names searched at national scale have a pg_trgm GIN
index on that very expression (licences migration 0011), which serves the leading-wildcard ILIKE.
On SQLite the same SQL function is a Python one registered on every connection (`fold`), and the
search reads the table: SQLite only serves the demo and the tests.

A list's codes and numbers (`Code`) are digits: they are searched only when the term has one, so
that a search by name stays on the name indexes instead of OR-ing with every licence number."""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import CharField, Lookup, Q, TextField

UNACCENT_FUNCTION = "opuss_unaccent"
# Letters NFKD does not take apart (PostgreSQL's unaccent maps them the same way).
_LIGATURES = str.maketrans({"æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss"})
_HAS_DIGIT = re.compile(r"\d")


def fold(text: str | None) -> str | None:
    """Lower case, without accents: what both sides of a search are compared as."""
    if text is None:
        return None
    decomposed = unicodedata.normalize("NFKD", text.translate(_LIGATURES))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


@dataclass(frozen=True)
class Code:
    """A searched field made of digits (an AS code, a licence number)."""

    lookup: str


def search_condition(fields: Iterable[str | Code], term: str) -> Q | None:
    """Rows where one of the fields contains the term, accents and case aside; None when no
    field can match it (a term without a digit and only codes to search)."""
    condition = Q()
    searched = False
    for field in fields:
        if isinstance(field, Code):
            if not _HAS_DIGIT.search(term):
                continue
            condition |= Q(**{f"{field.lookup}__icontains": term})
        else:
            condition |= Q(**{f"{field}__unaccented": term})
        searched = True
    return condition if searched else None


@CharField.register_lookup
@TextField.register_lookup
class Unaccented(Lookup):
    """`field__unaccented="helene"`: the field contains the term, case and accents aside."""

    lookup_name = "unaccented"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        rhs_sql, rhs_params = self.process_rhs(compiler, connection)
        pattern = f"%{connection.ops.prep_for_like_query(rhs_params[0])}%"
        if connection.vendor == "postgresql":
            sql = f"{UNACCENT_FUNCTION}({lhs_sql}) ILIKE {UNACCENT_FUNCTION}({rhs_sql})"
        else:
            sql = f"{UNACCENT_FUNCTION}({lhs_sql}) LIKE {UNACCENT_FUNCTION}({rhs_sql}) ESCAPE '\\'"
        return sql, [*lhs_params, pattern]


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """SQLite has no unaccent: the same function name, in Python (deterministic, so that SQLite
    may use it in an index too)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(UNACCENT_FUNCTION, 1, fold, deterministic=True)


def connect() -> None:
    from django.db.backends.signals import connection_created

    connection_created.connect(register_sqlite_function, dispatch_uid="opuss-unaccent")
