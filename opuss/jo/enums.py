from django.db import models


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
    """From the lowest to the highest: the order of opuss.jo.ladder.LEVELS."""

    DISTRICT = "DISTRICT", "District"
    DEPARTMENTAL = "DEPARTMENTAL", "Départemental"
    ACADEMIC = "ACADEMIC", "Académique"
    NATIONAL = "NATIONAL", "National"
    INTERNATIONAL = "INTERNATIONAL", "International"
