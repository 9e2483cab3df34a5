"""Typed reading of a season file: every value is checked for its type, every key must be known.

A misspelt key ("no_licensee_share") would otherwise be silently ignored and a tariff lost, so a
table is `finish()`ed once read, which refuses the keys nobody asked for.
"""

from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import NoReturn

from opuss.rules.errors import InvalidSeasonFile


class Table:
    def __init__(self, data: Mapping[str, object], source: str, path: str = "") -> None:
        self._data = data
        self._source = source
        self._path = path
        self._read: set[str] = set()

    def fail(self, message: str, key: str | None = None) -> NoReturn:
        where = ".".join(part for part in (self._path, key) if part)
        location = f" [{where}]" if where else ""
        raise InvalidSeasonFile(f"Fichier de saison {self._source}{location} : {message}.")

    def names(self) -> list[str]:
        self._read.update(self._data)
        return list(self._data)

    def has(self, key: str) -> bool:
        return key in self._data

    def _get(self, key: str) -> object:
        self._read.add(key)
        if key not in self._data:
            self.fail("valeur manquante", key)
        return self._data[key]

    def string(self, key: str) -> str:
        value = self._get(key)
        if not isinstance(value, str) or not value.strip():
            self.fail("texte attendu", key)
        return value

    def decimal(self, key: str) -> Decimal:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int | Decimal):
            self.fail("nombre attendu", key)
        return Decimal(value)

    def optional_decimal(self, key: str) -> Decimal | None:
        return self.decimal(key) if self.has(key) else None

    def integer(self, key: str) -> int:
        value = self._get(key)
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail("nombre entier attendu", key)
        return value

    def day(self, key: str) -> date:
        value = self._get(key)
        if isinstance(value, datetime) or not isinstance(value, date):
            self.fail("date attendue (AAAA-MM-JJ)", key)
        return value

    def moment(self, key: str) -> datetime:
        value = self._get(key)
        if not isinstance(value, datetime) or value.tzinfo is not None:
            self.fail("date et heure locales attendues (AAAA-MM-JJTHH:MM:SS)", key)
        return value

    def optional_moment(self, key: str) -> datetime | None:
        return self.moment(key) if self.has(key) else None

    def strings(self, key: str) -> tuple[str, ...]:
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
            self.fail("liste de textes attendue", key)
        return tuple(value)

    def table(self, key: str) -> "Table":
        value = self._get(key)
        if not isinstance(value, dict):
            self.fail("table attendue", key)
        return Table(value, self._source, self._child(key))

    def optional_table(self, key: str) -> "Table | None":
        return self.table(key) if self.has(key) else None

    def tables(self, key: str) -> list["Table"]:
        """An array of tables (`[[key]]`); absent means empty."""
        if not self.has(key):
            return []
        value = self._get(key)
        if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
            self.fail("liste de tables attendue", key)
        return [
            Table(item, self._source, f"{self._child(key)}[{index}]")
            for index, item in enumerate(value, start=1)
        ]

    def finish(self) -> None:
        unknown = sorted(set(self._data) - self._read)
        if unknown:
            self.fail(f"clé inconnue : {', '.join(unknown)}")

    def _child(self, key: str) -> str:
        return f"{self._path}.{key}" if self._path else key
