"""A season ("2025-2026") as an object. Its rules (tariffs, categories, calendars) are not here:
they are a data file per season, read by `opuss.rules`."""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models

# Within a request (opuss.seasons.middleware) the seasons are read once, all of them (a row a
# year): the header, the page and its blocks all ask for the current one and the one before.
_memo: ContextVar[dict | None] = ContextVar("season_memo", default=None)


@contextmanager
def remembered():
    """Seasons read once for the duration of the block (a request)."""
    token = _memo.set({})
    try:
        yield
    finally:
        _memo.reset(token)


def forget() -> None:
    """After the current season changed (a season opened), within the block."""
    memo = _memo.get()
    if memo is not None:
        memo.clear()


def _remembered_seasons() -> "list[Season] | None":
    """Every season, read once within a `remembered` block; None outside one."""
    memo = _memo.get()
    if memo is None:
        return None
    if "seasons" not in memo:
        memo["seasons"] = list(Season.objects.all())
    return memo["seasons"]


class SeasonQuerySet(models.QuerySet):
    def current(self) -> "Season":
        """The open season; NoCurrentSeason (shown as a French page) before one is opened."""
        season = self.current_or_none()
        if season is None:
            raise NoCurrentSeason("Aucune saison n'est ouverte pour l'instant.")
        return season

    def current_or_none(self) -> "Season | None":
        seasons = None if self.query.has_filters() else _remembered_seasons()
        if seasons is None:  # outside a request, or a narrowed queryset: read as asked
            return self.filter(is_current=True).first()
        return next((season for season in seasons if season.is_current), None)


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
        year = self.start_year - 1
        seasons = _remembered_seasons()
        if seasons is None:
            return Season.objects.filter(start_year=year).first()
        return next((season for season in seasons if season.start_year == year), None)


class NoCurrentSeason(Season.DoesNotExist):
    """No season is open: a fresh install, or between two seasons. Pages that need one answer
    with a French message (opuss.core.middleware.NoCurrentSeasonMiddleware)."""
