"""The figures kept per AS and season for the dashboards above the AS (docs/rules.md « Tableaux
de bord »): refreshed by a periodic task (opuss.dashboards.refresh), read by summing at most one
row per AS instead of counting the season's licences on every view."""

from django.db import models

from opuss.core.scope import Level, ScopedQuerySet


class AssociationFiguresQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.ASSOCIATION: "association",
        Level.DEPARTMENT: "association__department",
        Level.ACADEMY: "association__department__academy",
    }


class AssociationFigures(models.Model):
    """One AS's licence counts for a season, as of its season's last refresh. An AS without a
    licence in the season (nor in the previous one up to the same date) has no row."""

    association = models.ForeignKey(
        "associations.SportsAssociation", on_delete=models.CASCADE, related_name="+"
    )
    season = models.ForeignKey("seasons.Season", on_delete=models.CASCADE, related_name="+")
    licences = models.PositiveIntegerField(default=0)
    girls = models.PositiveIntegerField(default=0)
    boys = models.PositiveIntegerField(default=0)
    sport_partage = models.PositiveIntegerField(default=0)
    handicap = models.PositiveIntegerField(default=0)
    guardians_answered = models.PositiveIntegerField(default=0)
    # Licences whose guardian was sent a link and has not answered (the services' to-do list).
    guardians_unanswered = models.PositiveIntegerField(default=0)
    # The previous season's licences taken up to FiguresRefresh.previous_day.
    previous_licences = models.PositiveIntegerField(default=0)
    previous_girls = models.PositiveIntegerField(default=0)
    previous_boys = models.PositiveIntegerField(default=0)

    objects = AssociationFiguresQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["season", "association"], name="association_figures_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.association_id} {self.season_id}: {self.licences}"


class AssociationCategoryFigures(models.Model):
    """One AS's licences of a category for a season, by sex."""

    association = models.ForeignKey(
        "associations.SportsAssociation", on_delete=models.CASCADE, related_name="+"
    )
    season = models.ForeignKey("seasons.Season", on_delete=models.CASCADE, related_name="+")
    category = models.CharField(max_length=20)
    girls = models.PositiveIntegerField(default=0)
    boys = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["season", "association", "category"],
                name="association_category_figures_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.association_id} {self.season_id} {self.category}"


class FiguresRefresh(models.Model):
    """When a season's summary rows were last computed, and for which days."""

    season = models.OneToOneField("seasons.Season", on_delete=models.CASCADE, related_name="+")
    refreshed_at = models.DateTimeField()
    as_of = models.DateField()  # the day the figures were read at (opuss.dashboards.selectors)
    previous_day = models.DateField(null=True)  # the previous season's comparison day

    def __str__(self) -> str:
        return f"{self.season_id}: {self.refreshed_at:%d/%m/%Y %H:%M}"


class AssociationMoneyFigures(models.Model):
    """One AS's ledger sums for a season (opuss.finance.ledger.Figures' fields), as of its
    season's last refresh. An AS without a ledger line in the season has no row."""

    association = models.ForeignKey(
        "associations.SportsAssociation", on_delete=models.CASCADE, related_name="+"
    )
    season = models.ForeignKey("seasons.Season", on_delete=models.CASCADE, related_name="+")
    invoiced = models.DecimalField(max_digits=12, decimal_places=2)
    debited = models.DecimalField(max_digits=12, decimal_places=2)
    rejected = models.DecimalField(max_digits=12, decimal_places=2)
    settled = models.DecimalField(max_digits=12, decimal_places=2)
    compensated = models.DecimalField(max_digits=12, decimal_places=2)
    off_schedule = models.DecimalField(max_digits=12, decimal_places=2)
    upcoming = models.DecimalField(max_digits=12, decimal_places=2)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["season", "association"], name="association_money_figures_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.association_id} {self.season_id}: {self.invoiced}"
