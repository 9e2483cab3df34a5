from django.db import models


class Sex(models.TextChoices):
    FEMALE = "F", "Fille"
    MALE = "M", "Garçon"


class LicenceState(models.TextChoices):
    ACTIVE = "ACTIVE", "Active"
    # Moved to another AS by the SR: the licence stays as evidence, a new one exists there.
    TRANSFERRED = "TRANSFERRED", "Transférée"


class BasketState(models.TextChoices):
    OPEN = "OPEN", "En cours"
    VALIDATED = "VALIDATED", "Validé"


class LineSource(models.TextChoices):
    RENEWAL = "RENEWAL", "Renouvellement"
    NEW = "NEW", "Nouvelle licence"
    IMPORT = "IMPORT", "Import"


class AdultKind(models.TextChoices):
    ANIMATEUR = "ANIMATEUR", "Animateur d'AS"
    DIRIGEANT = "DIRIGEANT", "Dirigeant (membre du bureau)"
    COMMUNITY = "COMMUNITY", "Membre de la communauté éducative"


class Insurance(models.TextChoices):
    MAIF_COLLECTIVE = "MAIF_COLLECTIVE", "Maif collective"
    MAIF_INDIVIDUAL = "MAIF_INDIVIDUAL", "Maif individuelle"
    OTHER = "OTHER", "Autre assureur"


class RenewalState(models.TextChoices):
    PENDING = "PENDING", "En attente de l'AS"
    DONE = "DONE", "Licence prise"
    DECLINED = "DECLINED", "Refusée par l'AS"
