from django.db import models


class Sex(models.TextChoices):
    FEMALE = "F", "Fille"
    MALE = "M", "Garçon"


class LicenceState(models.TextChoices):
    ACTIVE = "ACTIVE", "Active"


class Insurance(models.TextChoices):
    MAIF_COLLECTIVE = "MAIF_COLLECTIVE", "Maif collective"
    MAIF_INDIVIDUAL = "MAIF_INDIVIDUAL", "Maif individuelle"
    OTHER = "OTHER", "Autre assureur"
