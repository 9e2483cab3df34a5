from django.db import models


class EventKind(models.TextChoices):
    """Seed 000: "Compétitions, entraînements, animations, tournois, réunions..."."""

    COMPETITION = "COMPETITION", "Compétition"
    TRAINING = "TRAINING", "Entraînement"
    ANIMATION = "ANIMATION", "Animation"
    TOURNAMENT = "TOURNAMENT", "Tournoi"
    MEETING = "MEETING", "Réunion"
    OTHER = "OTHER", "Autre"
