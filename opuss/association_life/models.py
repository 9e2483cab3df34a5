"""« Vie de l'AS »: the season statistics an AS's animateurs enter (activities practised,
participations, events, Jeunes Officiels trained, sport partagé), and the record of the alerts
sent when they are missing (docs/rules.md, « Vie de l'AS »)."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from opuss.core.scope import Level, ScopedQuerySet

SCOPE_PATHS = {
    Level.ASSOCIATION: "association",
    Level.DEPARTMENT: "association__department",
    Level.ACADEMY: "association__department__academy",
}


class AssociationStatisticsQuerySet(ScopedQuerySet):
    scope_paths = SCOPE_PATHS


class AssociationStatistics(models.Model):
    association = models.ForeignKey(
        "associations.SportsAssociation",
        on_delete=models.PROTECT,
        related_name="statistics",
        verbose_name="AS",
    )
    # The season the figures are about (2024-2025's are entered until 30 September 2025).
    season = models.ForeignKey(
        "seasons.Season", on_delete=models.PROTECT, related_name="+", verbose_name="saison"
    )
    activities = models.ManyToManyField(
        "sport.Activity", related_name="+", verbose_name="activités pratiquées"
    )
    participations = models.PositiveIntegerField("participations")
    events = models.PositiveIntegerField("événements organisés")
    jo_trained = models.PositiveIntegerField("Jeunes Officiels formés")
    shared_sport = models.PositiveIntegerField("participants au sport partagé")
    updated_at = models.DateTimeField("modifié le")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="saisi par",
    )

    objects = AssociationStatisticsQuerySet.as_manager()

    class Meta:
        verbose_name = "vie de l'AS"
        verbose_name_plural = "vie des AS"
        ordering = ["-season__start_year", "association__code"]
        constraints = [
            # One set of figures per AS and season: entering them again changes them.
            models.UniqueConstraint(
                fields=["association", "season"], name="association_statistics_one_per_season"
            ),
            # Counts of people and events: never negative, whatever code writes them.
            models.CheckConstraint(
                condition=Q(participations__gte=0)
                & Q(events__gte=0)
                & Q(jo_trained__gte=0)
                & Q(shared_sport__gte=0),
                name="association_statistics_counts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"Vie de l'AS {self.association.code} {self.season}"


class StatisticsAlertQuerySet(ScopedQuerySet):
    scope_paths = SCOPE_PATHS


class StatisticsAlert(models.Model):
    """The alert sent to an AS (and to its SD and SR) about a season: once per AS and season."""

    association = models.ForeignKey(
        "associations.SportsAssociation",
        on_delete=models.PROTECT,
        related_name="statistics_alerts",
        verbose_name="AS",
    )
    season = models.ForeignKey(
        "seasons.Season", on_delete=models.PROTECT, related_name="+", verbose_name="saison"
    )
    sent_at = models.DateTimeField("envoyée le")
    missing = models.CharField("manquait", max_length=200)

    objects = StatisticsAlertQuerySet.as_manager()

    class Meta:
        verbose_name = "alerte vie de l'AS"
        verbose_name_plural = "alertes vie de l'AS"
        constraints = [
            # The memento's alert is sent once a season: a second run finds it recorded.
            models.UniqueConstraint(
                fields=["association", "season"], name="statistics_alert_once_per_season"
            )
        ]

    def __str__(self) -> str:
        return f"Alerte vie de l'AS {self.association.code} {self.season}"
