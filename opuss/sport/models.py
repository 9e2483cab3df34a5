from django.db import models


class Activity(models.Model):
    """A sport or activity of the federation (reference data: "Activités encadrées")."""

    name = models.CharField("nom", max_length=80, unique=True)

    class Meta:
        verbose_name = "activité"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
