"""Reads: the facts the eligibility rule needs, the season's categories, the lists of pages."""

from opuss.competitions import eligibility
from opuss.competitions.models import Competition, CompetitionCategory, Entry, Team
from opuss.licences.enums import LicenceState
from opuss.licences.models import Licence
from opuss.rules.season import available_seasons, load_season


def category_labels(season) -> list[str]:
    """The season's age categories, youngest first, from its rules file; a season without a
    file (the demo's previous one) uses the latest file, as its licences did."""
    available = available_seasons()
    label = season.label if season is not None and season.label in available else available[-1]
    return [category.label for category in load_season(label).categories]


def candidate(licence: Licence | None, pupil=None) -> eligibility.Candidate:
    """The pupil as the rule sees him, through his licence of the competition's season (None:
    he has none; `pupil` then gives his sex)."""
    if licence is None:
        return eligibility.Candidate(
            sex=pupil.sex if pupil else "",
            category=None,
            licence_active=False,
            territories=frozenset(),
        )
    association = licence.association
    return eligibility.Candidate(
        sex=licence.pupil.sex,
        category=licence.category,
        licence_active=licence.state == LicenceState.ACTIVE,
        territories=frozenset(
            {
                (eligibility.DISTRICT, association.district_id),
                (eligibility.DEPARTMENT, association.department_id),
                (eligibility.ACADEMY, association.department.academy_id),
            }
        ),
    )


def active_licence(pupil, season) -> Licence | None:
    """The pupil's active licence of that season (the latest, if he changed AS)."""
    return (
        pupil.licences.filter(season=season, state=LicenceState.ACTIVE)
        .select_related("association__department", "season", "pupil")
        .order_by("-created_at")
        .first()
    )


def association_licences(association, season):
    """The AS's active licences of the season, with what the rule needs."""
    return (
        Licence.objects.filter(association=association, season=season, state=LicenceState.ACTIVE)
        .select_related("pupil", "association__department", "season")
        .order_by("pupil__last_name", "pupil__first_name")
    )


def judged_licences(competition: Competition, association, now):
    """Each active licence of the AS for the competition's season, with its verdict."""
    terms = competition.terms()
    return [
        (licence, eligibility.judge(candidate(licence), terms, now))
        for licence in association_licences(association, competition.season)
    ]


def with_territory(competitions):
    return competitions.select_related("activity", "district", "department", "academy", "season")


def with_details(competitions):
    return with_territory(competitions).prefetch_related("categories")


class CategoryNames:
    """The categories of every listed competition, read in one query on first use (a list's
    export iterates without prefetching)."""

    def __init__(self, competitions) -> None:
        self.competitions = competitions
        self.names: dict[int, list[str]] | None = None

    def __call__(self, competition) -> str:
        if self.names is None:
            self.names = {}
            rows = CompetitionCategory.objects.filter(
                competition__in=self.competitions.values("pk")
            ).order_by("rank")
            for row in rows:
                self.names.setdefault(row.competition_id, []).append(row.category)
        return ", ".join(self.names.get(competition.pk, []))


def association_entries(competition: Competition, association):
    return Entry.objects.filter(
        competition=competition, association=association, team__isnull=True
    ).select_related("pupil", "licence")


def association_teams(competition: Competition, association):
    return Team.objects.filter(competition=competition, association=association).prefetch_related(
        "members__pupil"
    )
