"""Who publishes where, for articles and partners alike (one rule, shared).

DN publishes at every level. An SR publishes for his académie (level SR) or inside it (SD, CD,
AS); an SD for his department (SD) or inside it (CD, AS); an AS's animateurs and secretary for
their AS (level AS). A person holding several roles has the union of their reaches."""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q

from opuss.associations.models import SportsAssociation
from opuss.content.enums import ContentLevel
from opuss.core.scope import Level, scope_of
from opuss.territories.models import Academy, Department, District


@dataclass(frozen=True)
class Reach:
    national: bool = False
    academies: frozenset[int] = frozenset()
    departments: frozenset[int] = frozenset()
    associations: frozenset[int] = frozenset()

    @property
    def is_empty(self) -> bool:
        return not (self.national or self.academies or self.departments or self.associations)


NO_REACH = Reach()

# For each level, the path from a content row to the académie, department or AS that contain
# its territory: an SR reaches the SD/CD/AS content inside his académie, and so on.
CONTAINED_IN: dict[str, dict[str, str]] = {
    ContentLevel.SR: {"academies": "academy"},
    ContentLevel.SD: {"departments": "department", "academies": "department__academy"},
    ContentLevel.CD: {
        "departments": "district__department",
        "academies": "district__department__academy",
    },
    ContentLevel.AS: {
        "associations": "association",
        "departments": "association__department",
        "academies": "association__department__academy",
    },
}


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
    """The levels among `levels` this reach may publish at, in their order."""
    return [level for level in levels if reach.national or _reaches_level(reach, level)]


def _reaches_level(reach: Reach, level: str) -> bool:
    if level == ContentLevel.NATIONAL:
        return False
    return any(getattr(reach, holder) for holder in CONTAINED_IN[level])


def territories_for(reach: Reach, level: str):
    """The territories of `level` this reach may publish for (None for the national level)."""
    model, own = {
        ContentLevel.SR: (Academy, {"academies": "pk"}),
        ContentLevel.SD: (Department, {"departments": "pk", "academies": "academy"}),
        ContentLevel.CD: (
            District,
            {"departments": "department", "academies": "department__academy"},
        ),
        ContentLevel.AS: (
            SportsAssociation,
            {"associations": "pk", "departments": "department", "academies": "department__academy"},
        ),
    }.get(level, (None, {}))
    if model is None:
        return None
    if reach.national:
        return model.objects.all()
    return model.objects.filter(_within(reach, own))


def may_publish(reach: Reach, level: str, territory) -> bool:
    if level == ContentLevel.NATIONAL:
        return reach.national and territory is None
    choices = territories_for(reach, level)
    return territory is not None and choices.filter(pk=territory.pk).exists()


def level_condition(reach: Reach, level: str) -> Q:
    """The content rows of `level` whose territory lies within the reach."""
    return Q(level=level) & _within(reach, CONTAINED_IN[level])


def managed_condition(reach: Reach) -> Q:
    """The content rows this reach may edit: those it could publish."""
    if reach.national:
        return Q()
    return reduce(or_, (level_condition(reach, level) for level in CONTAINED_IN))


def _within(reach: Reach, paths: dict[str, str]) -> Q:
    conditions = [
        Q(**{f"{path}__in": getattr(reach, holder)})
        for holder, path in paths.items()
        if getattr(reach, holder)
    ]
    return reduce(or_, conditions, Q(pk__in=[]))
