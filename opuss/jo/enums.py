from django.db import models

from opuss.territories.levels import TerritoryLevel


class JoRole(models.TextChoices):
    """The roles of a Jeune Officiel at UNSS."""

    REFEREE = "REFEREE", "Jeune arbitre"
    JUDGE = "JUDGE", "Jeune juge"
    ORGANISER = "ORGANISER", "Jeune organisateur"
    COACH = "COACH", "Jeune coach"
    REPORTER = "REPORTER", "Jeune reporter"
    FIRST_AIDER = "FIRST_AIDER", "Jeune secouriste"
    LEADER = "LEADER", "Jeune dirigeant"
    MEDIATOR = "MEDIATOR", "Jeune médiateur"


class JoLevel(models.TextChoices):
    """A Jeune Officiel's certification levels, from the lowest to the highest (the order of
    opuss.jo.ladder.LEVELS): the federation's levels from the district up, with their values and
    labels (TerritoryLevel; the AS is no certification level), and one beyond any territory,
    INTERNATIONAL."""

    DISTRICT = TerritoryLevel.DISTRICT.value, TerritoryLevel.DISTRICT.label
    DEPARTMENT = TerritoryLevel.DEPARTMENT.value, TerritoryLevel.DEPARTMENT.label
    ACADEMY = TerritoryLevel.ACADEMY.value, TerritoryLevel.ACADEMY.label
    NATIONAL = TerritoryLevel.NATIONAL.value, TerritoryLevel.NATIONAL.label
    INTERNATIONAL = "INTERNATIONAL", "International"
