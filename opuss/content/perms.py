"""Who publishes where, for articles and partners alike (one rule, shared).

DN publishes at every level. An SR publishes for his académie (level SR) or inside it (SD, CD,
AS); an SD for his department (SD) or inside it (CD, AS); an AS's animateurs and secretary for
their AS (level AS). A person holding several roles has the union of their reaches."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q

from opuss.core.scope import Level, scope_of
from opuss.territories.levels import LEVELS, Territory, TerritoryLevel, level_model
from opuss.territories.territorial import within_condition


@dataclass(frozen=True)
class Reach:
    national: bool = False
    academies: frozenset[int] = frozenset()
    departments: frozenset[int] = frozenset()
    associations: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.national or self.academies or self.departments or self.associations)

    @property
    def territories(self) -> list[Territory]:
        """The académies, departments and AS the writer publishes for (and inside)."""
        return [
            *(Territory(TerritoryLevel.ACADEMY, pk) for pk in sorted(self.academies)),
            *(Territory(TerritoryLevel.DEPARTMENT, pk) for pk in sorted(self.departments)),
            *(Territory(TerritoryLevel.ASSOCIATION, pk) for pk in sorted(self.associations)),
        ]


NO_REACH = Reach()


def reach_of(user) -> Reach:
    """The writer's reach is his scope without its pupil part: a pupil publishes nothing."""
    scope = scope_of(user)
    if scope.national:
        return Reach(national=True)
    return Reach(
        academies=scope.ids.get(Level.ACADEMY, frozenset()),
        departments=scope.ids.get(Level.DEPARTMENT, frozenset()),
        associations=scope.ids.get(Level.ASSOCIATION, frozenset()),
    )


def is_publisher(user) -> bool:
    return not reach_of(user).is_empty


def levels_for(reach: Reach, levels) -> list[str]:
    """The levels among `levels` this reach may publish at, in their order: below national,
    the levels of his territories and the smaller ones."""
    return [level for level in levels if reach.national or _reaches_level(reach, level)]


def _reaches_level(reach: Reach, level: str) -> bool:
    if level == TerritoryLevel.NATIONAL:
        return False
    return any(LEVELS.index(t.level) <= LEVELS.index(level) for t in reach.territories)


def territories_for(reach: Reach, level: str):
    """The territories of `level` this reach may publish for (None for the national level)."""
    if level == TerritoryLevel.NATIONAL:
        return None
    level = TerritoryLevel(level)
    if reach.national:
        return level_model(level).objects.all()
    return reduce(
        or_, (t.units(level) for t in reach.territories), level_model(level).objects.none()
    )


def may_publish(reach: Reach, level: str, territory) -> bool:
    """`territory`: the académie, department, district or AS chosen (None for national)."""
    if level == TerritoryLevel.NATIONAL:
        return reach.national and territory is None
    choices = territories_for(reach, level)
    return territory is not None and choices.filter(pk=territory.pk).exists()


def managed_condition(reach: Reach) -> Q:
    """The content rows this reach may edit: those it could publish, i.e. those whose territory
    lies within his (national rows lie in no territory)."""
    if reach.national:
        return Q()
    return within_condition(reach.territories)
