"""A level of the federation and its territory: the nation (DN), an académie (SR), a department
(SD), a district (CD) or an AS. One vocabulary and one containment rule for everything that
belongs to a territory (content, competitions, JO, dashboards); who may see it stays `for_user`.

`Territory` is a value: a level and, below national, the primary key of its académie,
department, district or AS. A model reaches its territories through `paths`, the lookup from
the model to each level's object (e.g. a licence: {DEPARTMENT: "association__department"}).
"""

from dataclasses import dataclass

from django.db import models
from django.db.models import Q


class TerritoryLevel(models.TextChoices):
    """From the largest to the smallest: the order of LEVELS."""

    NATIONAL = "NATIONAL", "National"
    ACADEMY = "ACADEMY", "Académique"
    DEPARTMENT = "DEPARTMENT", "Départemental"
    DISTRICT = "DISTRICT", "District"
    ASSOCIATION = "AS", "AS"


LEVELS: tuple[TerritoryLevel, ...] = tuple(TerritoryLevel)
# The field naming each level's object on a territorial row, and the model behind it.
LEVEL_FIELD: dict[TerritoryLevel, str] = {
    TerritoryLevel.ACADEMY: "academy",
    TerritoryLevel.DEPARTMENT: "department",
    TerritoryLevel.DISTRICT: "district",
    TerritoryLevel.ASSOCIATION: "association",
}
LEVEL_MODEL: dict[TerritoryLevel, str] = {
    TerritoryLevel.ACADEMY: "territories.Academy",
    TerritoryLevel.DEPARTMENT: "territories.Department",
    TerritoryLevel.DISTRICT: "territories.District",
    TerritoryLevel.ASSOCIATION: "associations.SportsAssociation",
}
# From each level's object, the lookup to the larger ones containing it.
CONTAINERS: dict[TerritoryLevel, dict[TerritoryLevel, str]] = {
    TerritoryLevel.ACADEMY: {},
    TerritoryLevel.DEPARTMENT: {TerritoryLevel.ACADEMY: "academy"},
    TerritoryLevel.DISTRICT: {
        TerritoryLevel.DEPARTMENT: "department",
        TerritoryLevel.ACADEMY: "department__academy",
    },
    TerritoryLevel.ASSOCIATION: {
        TerritoryLevel.DISTRICT: "district",
        TerritoryLevel.DEPARTMENT: "department",
        TerritoryLevel.ACADEMY: "department__academy",
    },
}
# How things that belong to an AS reach each level (licences, affiliations, statistics...).
THROUGH_ASSOCIATION: dict[TerritoryLevel, str] = {
    level: f"association__{path}" for level, path in CONTAINERS[TerritoryLevel.ASSOCIATION].items()
} | {TerritoryLevel.ASSOCIATION: "association"}


# The federation's short names, on the seed's coloured pills ("SR SD CD AS"): the service or
# committee of each level (service régional, départemental, comité de district).
LEVEL_SHORT: dict[TerritoryLevel, str] = {
    TerritoryLevel.NATIONAL: "N",
    TerritoryLevel.ACADEMY: "SR",
    TerritoryLevel.DEPARTMENT: "SD",
    TerritoryLevel.DISTRICT: "CD",
    TerritoryLevel.ASSOCIATION: "AS",
}
# How a territory is named alone ("Académie de Lyon") and after a noun ("les AS de l'académie
# de Lyon"); {} is the object's own name.
LABELS: dict[TerritoryLevel, tuple[str, str]] = {
    TerritoryLevel.ACADEMY: ("Académie de {}", "de l'académie de {}"),
    TerritoryLevel.DEPARTMENT: ("Département {}", "du département {}"),
    TerritoryLevel.DISTRICT: ("District {}", "du district {}"),
    TerritoryLevel.ASSOCIATION: ("{}", "de l'{}"),
}
NATIONAL_LABEL = "National"
NATIONAL_PHRASE = "de toute la fédération"


def territory_label(level: str, obj) -> str:
    """ "Académie de Strasbourg", "Département 68 – Haut-Rhin", "District 68-Mulhouse lycées",
    "AS 0681234 – Lycée …", "National"."""
    if level == TerritoryLevel.NATIONAL or obj is None:
        return NATIONAL_LABEL
    return LABELS[TerritoryLevel(level)][0].format(obj)


def territory_phrase(level: str, obj) -> str:
    """ "de l'académie de Strasbourg", "du département 68 – Haut-Rhin", "du district …"."""
    if level == TerritoryLevel.NATIONAL or obj is None:
        return NATIONAL_PHRASE
    return LABELS[TerritoryLevel(level)][1].format(obj)


def level_below(level: TerritoryLevel) -> TerritoryLevel | None:
    index = LEVELS.index(level)
    return LEVELS[index + 1] if index + 1 < len(LEVELS) else None


def level_model(level: TerritoryLevel):
    from django.apps import apps

    return apps.get_model(LEVEL_MODEL[level])


@dataclass(frozen=True)
class Territory:
    level: TerritoryLevel
    pk: int | None = None

    def __post_init__(self) -> None:
        if (self.level == TerritoryLevel.NATIONAL) != (self.pk is None):
            raise ValueError("A territory below national names its object; national none.")

    @classmethod
    def national(cls) -> "Territory":
        return cls(TerritoryLevel.NATIONAL)

    @classmethod
    def of(cls, obj) -> "Territory":
        """The territory of an académie, department, district or AS instance."""
        for level, label in LEVEL_MODEL.items():
            if obj._meta.label == label:
                return cls(level, obj.pk)
        raise TypeError(f"{obj!r} is not a territory.")

    @property
    def is_national(self) -> bool:
        return self.level == TerritoryLevel.NATIONAL

    def get(self):
        """The académie, department, district or AS; None for national."""
        if self.is_national:
            return None
        return level_model(self.level).objects.get(pk=self.pk)

    def condition(self, paths: dict[TerritoryLevel, str]) -> Q:
        """The rows within this territory, for a model reaching each level by `paths`."""
        if self.is_national:
            return Q()
        return Q(**{paths[self.level]: self.pk})

    def label(self) -> str:
        return territory_label(self.level, self.get())

    def phrase(self) -> str:
        return territory_phrase(self.level, self.get())

    def units(self, level: TerritoryLevel):
        """The académies, departments, districts or AS (`level`) lying in this territory, this
        one included when it is of that level (a queryset)."""
        units = level_model(level).objects.all()
        if self.is_national:
            return units
        if level == self.level:
            return units.filter(pk=self.pk)
        path = CONTAINERS[level].get(self.level)
        return units.filter(**{path: self.pk}) if path else units.none()

    def children(self):
        """The units of the level below that lie in this territory (a queryset), or None at
        the AS level."""
        below = level_below(self.level)
        if below is None:
            return None
        units = level_model(below).objects.all()
        if self.is_national:
            return units
        return units.filter(**{CONTAINERS[below][self.level]: self.pk})
