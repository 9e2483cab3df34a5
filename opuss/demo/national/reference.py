"""The national seed's reference data, from opuss/demo/tables/: the académies and their
departments (the real map of 2020, with codes of the seed's own), names to draw from."""

from dataclasses import dataclass
from functools import cache

from opuss.demo.tables import load


@dataclass(frozen=True)
class DepartmentSpec:
    code: str
    name: str
    prefecture: str

    @property
    def uai_prefix(self) -> str:
        """The three digits UAIs start with: the department, Corsica's as 620 and 720."""
        return {"2A": "620", "2B": "720"}.get(self.code, self.code.zfill(3))

    @property
    def postcode_prefix(self) -> str:
        return {"2A": "20", "2B": "20"}.get(self.code, self.code)


@dataclass(frozen=True)
class AcademySpec:
    code: str
    name: str
    departments: tuple[DepartmentSpec, ...]


@cache
def academies() -> tuple[AcademySpec, ...]:
    by_code: dict[tuple[str, str], list[DepartmentSpec]] = {}
    for row in load("national_departments.csv"):
        by_code.setdefault((row["academy_code"], row["academy"]), []).append(
            DepartmentSpec(row["department_code"], row["department"], row["prefecture"])
        )
    return tuple(
        AcademySpec(code, name, tuple(departments))
        for (code, name), departments in sorted(by_code.items())
    )


@cache
def names() -> dict[str, list[str]]:
    return load("national_names.json")
