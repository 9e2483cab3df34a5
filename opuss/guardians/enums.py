from django.db import models


class Channel(models.TextChoices):
    EMAIL = "EMAIL", "Lien reçu par e-mail"
    PAPER = "PAPER", "Formulaire papier"


class GuardianState(models.TextChoices):
    """Where a licence stands with its guardian (computed, never stored)."""

    ANSWERED = "ANSWERED", "Répondu"
    PENDING = "PENDING", "En attente"
    NOT_SENT = "NOT_SENT", "Non envoyé"
    NO_EMAIL = "NO_EMAIL", "Pas d'e-mail"


class CorrectionState(models.TextChoices):
    """Where a guardian's correction request stands with the services (computed from its
    CorrectionHandling, never stored on the answer)."""

    TODO = "TODO", "À traiter"
    HANDLED = "HANDLED", "Traitée"
