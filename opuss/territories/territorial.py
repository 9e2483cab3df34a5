"""A row that belongs to a level's territory: a news article, a partner, a competition.

The row stores its level (TerritoryLevel) and names its level's object with the larger ones
containing it: a district competition names its district, the district's department and that
department's académie; a national row names none. So "within the académie" is one lookup
(`academy = X`) whatever the row's level, and "what reaches this AS" is five.

Each concrete model declares its level field with the levels it allows (`level_field`) and its
shape constraint (`territory_shape`); `save()` fills the containing foreign keys from the level's
object. Who may see a row stays the model's `for_user` (or `visible_to`)."""

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db import models
from django.db.models import Q

from opuss.territories.levels import (
    CONTAINERS,
    LEVEL_FIELD,
    LEVELS,
    Territory,
    TerritoryLevel,
    level_model,
    territory_label,
    territory_phrase,
)

# academy, department, district, association: from the largest to the smallest.
TERRITORY_FIELDS: tuple[str, ...] = tuple(LEVEL_FIELD.values())
SHAPE_REFUSED = "Le territoire ne correspond pas au niveau choisi."
MISSING = {
    TerritoryLevel.ACADEMY: "Choisissez l'académie.",
    TerritoryLevel.DEPARTMENT: "Choisissez le département.",
    TerritoryLevel.DISTRICT: "Choisissez le district.",
    TerritoryLevel.ASSOCIATION: "Choisissez l'AS.",
}


def named_fields(level: str) -> tuple[str, ...]:
    """The foreign keys a row of `level` sets: its level's and the larger levels'."""
    return tuple(LEVEL_FIELD[lvl] for lvl in LEVELS[1 : LEVELS.index(TerritoryLevel(level)) + 1])


def level_field(levels: Iterable[TerritoryLevel]) -> models.CharField:
    """The `level` field of a model allowing these levels."""
    return models.CharField(
        "niveau",
        max_length=10,
        choices=[(level.value, level.label) for level in levels],
    )


def territory_shape(levels: Iterable[TerritoryLevel], name: str) -> models.CheckConstraint:
    """The row's level is one of `levels` and it names exactly its level's object and the larger
    ones containing it: a department row its department and académie, no district, no AS."""

    def shape(level: TerritoryLevel) -> Q:
        named = named_fields(level)
        return Q(level=level.value, **{f"{f}__isnull": f not in named for f in TERRITORY_FIELDS})

    return models.CheckConstraint(
        condition=reduce(or_, (shape(level) for level in levels)),
        name=name,
        violation_error_message=SHAPE_REFUSED,
    )


def container_ids(level: str, pk: int) -> dict[str, int | None]:
    """The four foreign keys (as ids) of a row of `level` naming the object `pk`: one query
    below the académie, none above."""
    ids: dict[str, int | None] = dict.fromkeys(TERRITORY_FIELDS)
    if level == TerritoryLevel.NATIONAL:
        return ids
    level = TerritoryLevel(level)
    ids[LEVEL_FIELD[level]] = pk
    paths = CONTAINERS[level]
    if paths:
        found = level_model(level).objects.filter(pk=pk).values_list(*paths.values()).first()
        # An unknown object: its own key is kept, for the database to refuse.
        for larger, value in zip(paths, found or (None,) * len(paths), strict=True):
            ids[LEVEL_FIELD[larger]] = value
    return ids


def containing_objects(level: str, obj) -> dict:
    """The four foreign keys (as objects) of a row of `level` naming `obj` (None: none set),
    walking from `obj` to the larger ones (e.g. a district's department and académie)."""
    objects: dict = dict.fromkeys(TERRITORY_FIELDS)
    if level not in LEVEL_FIELD or obj is None:
        return objects
    level = TerritoryLevel(level)
    objects[LEVEL_FIELD[level]] = obj
    for larger, path in CONTAINERS[level].items():
        found = obj
        for step in path.split("__"):
            found = getattr(found, step)
        objects[LEVEL_FIELD[larger]] = found
    return objects


def within_condition(territories: Iterable[Territory]) -> Q:
    """Rows whose territory lies in one of `territories` (none: no row); one `IN` per level."""
    by_level: dict[TerritoryLevel, set[int]] = {}
    for territory in territories:
        if territory.is_national:
            return Q()
        by_level.setdefault(territory.level, set()).add(territory.pk)
    conditions = [
        Q(**{f"{LEVEL_FIELD[level]}__in": sorted(pks)}) for level, pks in by_level.items()
    ]
    return reduce(or_, conditions, Q(pk__in=[]))


def reaching_condition(association) -> Q:
    """Rows whose territory contains the AS: national ones, those of its académie, its
    department, its district, and its own."""
    return (
        Q(level=TerritoryLevel.NATIONAL)
        | Q(level=TerritoryLevel.ACADEMY, academy=association.department.academy_id)
        | Q(level=TerritoryLevel.DEPARTMENT, department=association.department_id)
        | Q(level=TerritoryLevel.DISTRICT, district=association.district_id)
        | Q(level=TerritoryLevel.ASSOCIATION, association=association.pk)
    )


class TerritorialQuerySet(models.QuerySet):
    def within(self, territory: Territory):
        """Rows whose territory lies in `territory`: in an académie, its académie rows and
        those of its departments, districts and AS; national: every row."""
        return self.filter(territory.condition(LEVEL_FIELD))

    def within_any(self, territories: Iterable[Territory]):
        return self.filter(within_condition(territories))

    def reaching(self, association):
        return self.filter(reaching_condition(association))


def _territory_fk(model: str, verbose_name: str) -> models.ForeignKey:
    return models.ForeignKey(
        model,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


class TerritorialModel(models.Model):
    """Abstract. A concrete model redeclares `level = level_field(ITS_LEVELS)`, sets
    `allowed_levels` and adds `territory_shape(ITS_LEVELS, name)` to its constraints."""

    allowed_levels: tuple[TerritoryLevel, ...] = LEVELS

    level = level_field(LEVELS)
    academy = _territory_fk("territories.Academy", "académie")
    department = _territory_fk("territories.Department", "département")
    district = _territory_fk("territories.District", "district")
    association = _territory_fk("associations.SportsAssociation", "AS")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.fill_containers()
        super().save(*args, **kwargs)

    def fill_containers(self) -> None:
        """From the level's object, set the larger ones and clear the smaller ones. A row
        without its level's object is left as it is: the shape constraint refuses it."""
        if self.level not in self.allowed_levels:
            return
        field = LEVEL_FIELD.get(TerritoryLevel(self.level))
        pk = getattr(self, f"{field}_id") if field else None
        if field and pk is None:
            return
        for name, value in container_ids(self.level, pk).items():
            if getattr(self, f"{name}_id") != value:
                setattr(self, f"{name}_id", value)

    def place(self, level: str, obj) -> None:
        """Puts the row at `level`, for `obj` (None for national), with its containers."""
        self.level = level
        ids = container_ids(level, obj.pk) if obj is not None else dict.fromkeys(TERRITORY_FIELDS)
        for name, value in ids.items():
            setattr(self, f"{name}_id", value)

    def clean(self) -> None:
        """Fills the containers before `full_clean` checks the shape constraint (a form names
        the level's object only); the forms say what is missing next to their fields."""
        super().clean()
        self.fill_containers()

    @property
    def territory(self) -> Territory:
        field = LEVEL_FIELD.get(TerritoryLevel(self.level))
        return Territory(
            TerritoryLevel(self.level), getattr(self, f"{field}_id") if field else None
        )

    @property
    def territory_object(self):
        """The académie, department, district or AS of the level; None when national."""
        field = LEVEL_FIELD.get(TerritoryLevel(self.level))
        return getattr(self, field) if field else None

    @property
    def territory_label(self) -> str:
        """ "Académie de Strasbourg", "District 68-Mulhouse lycées", "National"."""
        return territory_label(self.level, self.territory_object)

    @property
    def territory_phrase(self) -> str:
        """ "de l'académie de Strasbourg", "du district 68-Mulhouse lycées"."""
        return territory_phrase(self.level, self.territory_object)
