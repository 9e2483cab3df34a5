"""UNSS competitions and the pupils entered in them (seed 000, "COMPÉTITIONS : Informations sur
les compétitions UNSS — Je peux m'inscrire ... par l'intermédiaire de son enseignant EPS — J'ai
participé").

A service (SD, SR, DN) organises a competition at a level of its territory; an AS's teachers enter
their pupils (or teams of them) before the entry deadline; after the competition the organiser
records who took part, and their rank."""

from datetime import datetime

from django.conf import settings
from django.db import models
from django.db.models import Case, CharField, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from opuss.competitions import eligibility
from opuss.competitions.enums import (
    COMPETITION_LEVELS,
    Attendance,
    CompetitionKind,
    CompetitionSex,
    CompetitionState,
)
from opuss.core.scope import Level, ScopedQuerySet
from opuss.territories.territorial import (
    TerritorialModel,
    TerritorialQuerySet,
    level_field,
    territory_shape,
)


class CompetitionQuerySet(TerritorialQuerySet, ScopedQuerySet):
    # A service sees the competitions organised in its territory: the SD his department's
    # (district and departmental ones), the SR his académie's (any level below national).
    scope_paths = {Level.DEPARTMENT: "department", Level.ACADEMY: "academy"}

    def entries_open(self, now: datetime):
        return self.filter(entry_deadline__gte=now)

    def open_to(self, licence, now: datetime):
        """The competitions this licence's pupil may be entered in now: the database side of
        `eligibility.judge` (same rules, for lists). The licence's state is the caller's."""
        return (
            self.reaching(licence.association)
            .entries_open(now)
            .filter(
                season=licence.season_id,
                sex__in=[licence.pupil.sex, CompetitionSex.MIXED],
            )
            .filter(
                Exists(
                    CompetitionCategory.objects.filter(
                        competition=OuterRef("pk"), category=licence.category
                    )
                )
            )
        )

    def with_state(self, now: datetime):
        today = timezone.localdate(now)
        return self.annotate(
            state=Case(
                When(entry_deadline__gte=now, then=Value(CompetitionState.OPEN)),
                When(date__gte=today, then=Value(CompetitionState.CLOSED)),
                default=Value(CompetitionState.PAST),
                output_field=CharField(),
            )
        )


class Competition(TerritorialModel):
    name = models.CharField("intitulé", max_length=150)
    activity = models.ForeignKey(
        "sport.Activity",
        on_delete=models.PROTECT,
        related_name="competitions",
        verbose_name="activité",
    )
    sex = models.CharField("sexe", max_length=1, choices=CompetitionSex.choices)
    allowed_levels = COMPETITION_LEVELS
    # The territory of the level, with the larger ones it lies in (a district competition also
    # names its department and académie): a service's scope is one lookup.
    level = level_field(COMPETITION_LEVELS)
    season = models.ForeignKey(
        "seasons.Season",
        on_delete=models.PROTECT,
        related_name="competitions",
        verbose_name="saison",
    )
    date = models.DateField("date")
    place = models.CharField("lieu", max_length=200)
    entry_deadline = models.DateTimeField("date limite d'inscription")
    kind = models.CharField(
        "type", max_length=10, choices=CompetitionKind.choices, default=CompetitionKind.INDIVIDUAL
    )
    team_min = models.PositiveSmallIntegerField("équipiers au minimum", null=True, blank=True)
    team_max = models.PositiveSmallIntegerField("équipiers au maximum", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="créée par",
    )
    created_at = models.DateTimeField("créée le", default=timezone.now)

    objects = CompetitionQuerySet.as_manager()

    class Meta:
        verbose_name = "compétition"
        ordering = ["date", "name"]
        indexes = [models.Index(fields=["entry_deadline"], name="competition_deadline")]
        constraints = [
            # The level says which territory is named: a district competition names its
            # district (and the department and académie it lies in), a national one none.
            territory_shape(COMPETITION_LEVELS, "competition_territory_matches_level"),
            # Team sizes only for a team competition, at least one, the minimum not above the
            # maximum.
            models.CheckConstraint(
                condition=Q(kind=CompetitionKind.TEAM)
                | Q(team_min__isnull=True, team_max__isnull=True),
                name="competition_team_sizes_for_teams",
            ),
            models.CheckConstraint(
                condition=(Q(team_min__isnull=True) | Q(team_min__gte=1))
                & (Q(team_max__isnull=True) | Q(team_max__gte=1)),
                name="competition_team_sizes_positive",
            ),
            models.CheckConstraint(
                condition=Q(team_min__isnull=True)
                | Q(team_max__isnull=True)
                | Q(team_min__lte=models.F("team_max")),
                name="competition_team_min_not_above_max",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%d/%m/%Y})"

    @property
    def is_team(self) -> bool:
        return self.kind == CompetitionKind.TEAM

    @property
    def category_labels(self) -> list[str]:
        """In the season's order when prefetched or not (`categories` rows carry their rank)."""
        return [row.category for row in sorted(self.categories.all(), key=lambda r: r.rank)]

    @property
    def categories_text(self) -> str:
        return ", ".join(self.category_labels)

    @property
    def team_size_text(self) -> str:
        if self.team_min and self.team_max:
            if self.team_min == self.team_max:
                return f"{self.team_min} équipiers"
            return f"de {self.team_min} à {self.team_max} équipiers"
        if self.team_min:
            return f"au moins {self.team_min} équipiers"
        if self.team_max:
            return f"au plus {self.team_max} équipiers"
        return ""

    def terms(self) -> eligibility.Terms:
        territory = self.territory
        return eligibility.Terms(
            season=self.season.label,
            categories=tuple(self.category_labels),
            sex=self.sex,
            territory=None if territory.is_national else (self.level, territory.pk),
            territory_phrase="" if territory.is_national else self.territory_phrase,
            entry_deadline=self.entry_deadline,
        )

    def entries_open(self, now: datetime) -> bool:
        return eligibility.entries_open(self.entry_deadline, now)

    def results_open(self, now: datetime) -> bool:
        """Participation is recorded from the day of the competition on."""
        return timezone.localdate(now) >= self.date

    @property
    def deadline_text(self) -> str:
        """ "le 03/10/2025 à 18h00"."""
        return eligibility.deadline_text(self.entry_deadline)

    @property
    def deadline_moment(self) -> str:
        """ "03/10/2025 à 18h00"."""
        return eligibility.moment_text(self.entry_deadline)


class CompetitionCategory(models.Model):
    """One age category a competition is open to: a competition open to Cadets and Juniors has
    two rows. The label is the season file's ("Junior"), as on the licence, so that "open to his
    licence's category" is one indexed lookup on SQLite and PostgreSQL alike."""

    competition = models.ForeignKey(
        Competition, on_delete=models.CASCADE, related_name="categories"
    )
    category = models.CharField("catégorie", max_length=20)
    rank = models.PositiveSmallIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "catégorie d'une compétition"
        verbose_name_plural = "catégories d'une compétition"
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "category"], name="competition_category_once"
            )
        ]

    def __str__(self) -> str:
        return self.category


SCOPE_THROUGH_ASSOCIATION = {
    Level.ASSOCIATION: "association",
    Level.DEPARTMENT: "association__department",
    Level.ACADEMY: "association__department__academy",
}


class TeamQuerySet(ScopedQuerySet):
    scope_paths = SCOPE_THROUGH_ASSOCIATION


class Team(models.Model):
    """A team an AS enters in a team competition; its members are entries."""

    competition = models.ForeignKey(
        Competition, on_delete=models.PROTECT, related_name="teams", verbose_name="compétition"
    )
    association = models.ForeignKey(
        "associations.SportsAssociation",
        on_delete=models.PROTECT,
        related_name="competition_teams",
        verbose_name="AS",
    )
    name = models.CharField("nom de l'équipe", max_length=80)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="inscrite par",
    )
    entered_at = models.DateTimeField("inscrite le")
    attendance = models.CharField(
        "participation", max_length=10, choices=Attendance.choices, blank=True
    )
    rank = models.PositiveSmallIntegerField("classement", null=True, blank=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        verbose_name = "équipe"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["competition", "association", "name"], name="team_name_once_per_as"
            ),
            # A rank is a participant's.
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(attendance=Attendance.PRESENT, rank__gte=1),
                name="team_rank_for_participants",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} (AS {self.association.code})"


class EntryQuerySet(ScopedQuerySet):
    scope_paths = {Level.PUPIL: "pupil"} | SCOPE_THROUGH_ASSOCIATION

    def participated(self):
        return self.filter(attendance=Attendance.PRESENT)


class Entry(models.Model):
    """A pupil entered in a competition by his AS, under his licence of its season; in a team
    competition, as a member of a team."""

    competition = models.ForeignKey(
        Competition, on_delete=models.PROTECT, related_name="entries", verbose_name="compétition"
    )
    pupil = models.ForeignKey(
        "licences.Pupil",
        on_delete=models.PROTECT,
        related_name="competition_entries",
        verbose_name="licencié",
    )
    licence = models.ForeignKey(
        "licences.Licence", on_delete=models.PROTECT, related_name="+", verbose_name="licence"
    )
    # The licence's AS, kept on the entry: the AS's lists and its scope are one lookup.
    association = models.ForeignKey(
        "associations.SportsAssociation",
        on_delete=models.PROTECT,
        related_name="competition_entries",
        verbose_name="AS",
    )
    team = models.ForeignKey(
        Team,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="members",
        verbose_name="équipe",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="inscrit par",
    )
    entered_at = models.DateTimeField("inscrit le")
    attendance = models.CharField(
        "participation", max_length=10, choices=Attendance.choices, blank=True
    )
    rank = models.PositiveSmallIntegerField("classement", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="participation saisie par",
    )
    recorded_at = models.DateTimeField("participation saisie le", null=True, blank=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        verbose_name = "inscription"
        ordering = ["pupil__last_name", "pupil__first_name"]
        constraints = [
            # A pupil is entered once in a competition (alone or in one team).
            models.UniqueConstraint(fields=["competition", "pupil"], name="entry_pupil_once"),
            models.CheckConstraint(
                condition=Q(rank__isnull=True) | Q(attendance=Attendance.PRESENT, rank__gte=1),
                name="entry_rank_for_participants",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.pupil} – {self.competition}"
