"""Who sees what: the one scoping mechanism every list, page, fragment and export goes through.

A pupil sees his own data, an AS its own pupils, an SD its department, an SR its académie, DN all.
A user may hold several roles; his scope is their union. Out of scope is a 404 (views fetch through
`Model.objects.for_user(user)`), never someone else's data.
"""

from dataclasses import dataclass, field
from enum import StrEnum

from django.db import models


class Level(StrEnum):
    PUPIL = "pupil"
    ASSOCIATION = "association"
    DEPARTMENT = "department"
    ACADEMY = "academy"


@dataclass(frozen=True)
class Scope:
    national: bool = False
    ids: dict[Level, frozenset[int]] = field(default_factory=dict)

    def covers(self, level: Level, pk: int) -> bool:
        return self.national or pk in self.ids.get(level, frozenset())


EMPTY_SCOPE = Scope()


def scope_of(user) -> Scope:
    """The user's scope, computed once per user object (i.e. once per request)."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return EMPTY_SCOPE
    cached = getattr(user, "_opuss_scope", None)
    if cached is None:
        from opuss.accounts.roles import compute_scope

        cached = compute_scope(user)
        user._opuss_scope = cached
    return cached


class ScopedQuerySet(models.QuerySet):
    """A queryset that knows how each level of scope reaches its rows.

    `scope_paths` maps a Level to the lookup from this model to the scoping object's primary key
    (e.g. {Level.DEPARTMENT: "department"} on an AS). A level absent from the map sees nothing.
    `scope_through_many` says a path crosses a to-many relation, so rows could repeat.
    """

    scope_paths: dict[Level, str] = {}
    scope_through_many = False

    def for_user(self, user):
        scope = scope_of(user)
        if scope.national:
            return self.all()
        condition = models.Q(pk__in=[])
        for level, ids in scope.ids.items():
            path = self.scope_paths.get(level)
            if path is not None and ids:
                condition |= models.Q(**{f"{path}__in": ids})
        if self.scope_through_many:
            return self.filter(pk__in=self.model._base_manager.filter(condition).values("pk"))
        return self.filter(condition)
