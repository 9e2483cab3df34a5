from django.db import models

from opuss.competitions import eligibility
from opuss.territories.levels import TerritoryLevel


class CompetitionSex(models.TextChoices):
    GIRLS = "F", "Filles"
    BOYS = "M", "Garçons"
    MIXED = eligibility.MIXED, "Mixte"


# The level says whose pupils may be entered: a district's, a department's, an académie's (the
# SR's "région"), or every pupil (national); from the lowest, as the organiser's form offers them.
COMPETITION_LEVELS = (
    TerritoryLevel.DISTRICT,
    TerritoryLevel.DEPARTMENT,
    TerritoryLevel.ACADEMY,
    TerritoryLevel.NATIONAL,
)
COMPETITION_LEVEL_CHOICES = [(level.value, level.label) for level in COMPETITION_LEVELS]


class CompetitionKind(models.TextChoices):
    INDIVIDUAL = "INDIVIDUAL", "Individuelle"
    TEAM = "TEAM", "Par équipes"


class Attendance(models.TextChoices):
    """Recorded after the competition; no value: not recorded yet."""

    PRESENT = "PRESENT", "A participé"
    ABSENT = "ABSENT", "Absent"


class CompetitionState(models.TextChoices):
    """Where a competition stands at a moment (computed from its deadline and date, never
    stored)."""

    OPEN = "OPEN", "Inscriptions ouvertes"
    CLOSED = "CLOSED", "Inscriptions closes"
    PAST = "PAST", "Terminée"
