"""A season ("2025-2026") as an object. Its rules (tariffs, categories, calendars) are not here:
they are a data file per season, read by `opuss.rules`."""

from django.db import models


class SeasonQuerySet(models.QuerySet):
    def current(self) -> "Season":
        """The open season; NoCurrentSeason (shown as a French page) before one is opened."""
        season = self.current_or_none()
        if season is None:
            raise NoCurrentSeason("Aucune saison n'est ouverte pour l'instant.")
        return season

    def current_or_none(self) -> "Season | None":
        return self.filter(is_current=True).first()


class Season(models.Model):
    start_year = models.PositiveSmallIntegerField("année de rentrée", unique=True)
    is_current = models.BooleanField(
        "saison en cours",
        default=False,
        help_text="La saison dans laquelle se font les affiliations et les licences.",
    )

    objects = SeasonQuerySet.as_manager()

    class Meta:
        verbose_name = "saison"
        ordering = ["-start_year"]
        constraints = [
            # One season is open for affiliations and licences at a time.
            models.UniqueConstraint(
                fields=["is_current"],
                condition=models.Q(is_current=True),
                name="season_one_current",
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return f"{self.start_year}-{self.start_year + 1}"

    def previous(self) -> "Season | None":
        return Season.objects.filter(start_year=self.start_year - 1).first()


class NoCurrentSeason(Season.DoesNotExist):
    """No season is open: a fresh install, or between two seasons. Pages that need one answer
    with a French message (opuss.core.middleware.NoCurrentSeasonMiddleware)."""
