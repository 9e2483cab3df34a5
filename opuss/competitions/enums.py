from django.db import models

from opuss.competitions import eligibility


class CompetitionSex(models.TextChoices):
    GIRLS = "F", "Filles"
    BOYS = "M", "Garçons"
    MIXED = eligibility.MIXED, "Mixte"


class CompetitionLevel(models.TextChoices):
    """The level says whose pupils may be entered: a district's, a department's, an académie's
    (the SR's "région"), or every pupil (national)."""

    DISTRICT = eligibility.DISTRICT, "District"
    DEPARTMENT = eligibility.DEPARTMENT, "Départemental"
    ACADEMY = eligibility.ACADEMY, "Académique"
    NATIONAL = "NATIONAL", "National"


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
