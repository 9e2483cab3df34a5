from django.db import models


class EstablishmentType(models.TextChoices):
    """The types of the 2025-2026 circular's annex 1 ("Type Etab")."""

    COL = "COL", "Collège"
    LYC = "LYC", "Lycée"
    LA = "LA", "Lycée agricole"
    LPA = "LPA", "Lycée professionnel agricole"
    LP = "LP", "Lycée professionnel"
    LPO = "LPO", "Lycée polyvalent"
    AUT = "AUT", "Autre"
    CFA = "CFA", "Centre de formation d'apprentis"
    EEA = "EEA", "Établissement d'enseignement adapté (EREA)"
    ES = "ES", "Établissement spécialisé"
    PJJ = "PJJ", "Protection judiciaire de la jeunesse"


class Sector(models.TextChoices):
    """The directory's « Statut_public_prive »."""

    PUBLIC = "PUBLIC", "Public"
    PRIVATE = "PRIVATE", "Privé"


class Civility(models.TextChoices):
    MR = "M", "M."
    MRS = "MME", "Mme"


class Zone(models.TextChoices):
    URBAN = "URBAN", "Zone urbaine"
    RURAL = "RURAL", "Zone rurale"
