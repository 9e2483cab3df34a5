"""Reads of « Vie de l'AS »: which seasons' figures are entered now, which AS lack them, and the
seasons whose alert is due. A few aggregate queries, whatever the size of the territory."""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlencode

from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.urls import reverse
from django.utils import timezone

from opuss.affiliations.enums import AffiliationState
from opuss.affiliations.models import Affiliation
from opuss.association_life.models import AssociationStatistics
from opuss.associations.models import SportsAssociation
from opuss.rules import association_life as rules
from opuss.rules.text import format_date
from opuss.seasons.models import Season

MISSING, COMPLETE = "MISSING", "COMPLETE"
STATE_CHOICES = [(MISSING, "À compléter"), (COMPLETE, "Complète")]


@dataclass(frozen=True)
class SeasonEntry:
    """A season whose figures an AS sees on its « Vie de l'AS »."""

    season: Season
    entry: rules.StatisticsEntry
    open: bool
    alert_due: bool


def season_entry(season: Season, now: datetime) -> SeasonEntry:
    entry = rules.statistics_entry_for(season.label)
    season_rules = rules.season_rules_or_none(season.label)
    due = season_rules is not None and rules.alert_due(season_rules, entry, now)
    return SeasonEntry(season, entry, entry.is_open(now), due)


def offered_seasons(now: datetime) -> list[SeasonEntry]:
    """The current season and the one before it, newest first: last season's figures are
    entered until the deadline the current season's circular sets."""
    current = Season.objects.current_or_none()
    if current is None:
        return []
    seasons = [current]
    previous = current.previous()
    if previous is not None:
        seasons.append(previous)
    return [season_entry(season, now) for season in seasons]


def alert_seasons(now: datetime) -> list[Season]:
    """The seasons whose missing figures are alerted at `now` (a handful of rows: every
    season in the database)."""
    return [season for season in Season.objects.all() if season_entry(season, now).alert_due]


def _has_statistics(season) -> Exists:
    return Exists(AssociationStatistics.objects.filter(association=OuterRef("pk"), season=season))


def missing_condition(season) -> Q:
    """An AS lacking its season statistics or its administrative data (docs/rules.md)."""
    blank = Q()
    for name in rules.ADMINISTRATIVE_FIELDS:
        blank |= Q(**{name: ""})
    return ~Q(_has_statistics(season)) | blank


def concerned(season, user=None):
    """The AS whose life of the season is expected: those affiliated that season (in the
    user's scope when one is given)."""
    affiliated = Affiliation.objects.filter(
        association=OuterRef("pk"), season=season, state=AffiliationState.AFFILIATED
    )
    associations = SportsAssociation.objects.all()
    if user is not None:
        associations = SportsAssociation.objects.for_user(user)
    return associations.filter(Exists(affiliated))


def with_state(queryset, season):
    return queryset.annotate(
        has_statistics=_has_statistics(season),
        life_state=Case(
            When(missing_condition(season), then=Value(MISSING)), default=Value(COMPLETE)
        ),
    )


def missing_associations(season, user=None):
    """The concerned AS lacking something, in the user's scope when one is given."""
    return concerned(season, user).filter(missing_condition(season))


def missing_of(association, season) -> rules.Missing:
    return rules.missing(
        has_statistics=_entered(association, season),
        administrative=rules.AdministrativeData(email=association.email, phone=association.phone),
    )


def association_home_alerts(association, now: datetime) -> list[tuple[str, str]]:
    """(label, url) lines of the AS home's « À faire »: the season's alert once its date has
    come, and last season's figures still to enter before their deadline."""
    url = reverse("association_life:association", args=[association.code])
    lines = []
    for item in offered_seasons(now):
        if not item.open:
            continue
        if item.alert_due:
            found = missing_of(association, item.season)
            if found and is_concerned(association, item.season):
                lines.append((f"Vie de l'AS {item.season} à renseigner : {found.text()}", url))
        elif item.entry.deadline is not None and _expected(association, item.season):
            day = format_date(timezone.localdate(item.entry.deadline))
            lines.append((f"Vie de l'AS {item.season} à saisir avant le {day}", url))
    return lines


def staff_home_alerts(user, now: datetime) -> list[tuple[int, str, str]]:
    """(count, season label, url) of the services' « À faire »: the AS of their territory that
    the season's alert concerns."""
    lines = []
    for season in alert_seasons(now):
        count = missing_associations(season, user).count()
        query = urlencode({"saison": season.label, "etat": MISSING})
        lines.append((count, season.label, f"{reverse('association_life:staff_list')}?{query}"))
    return lines


def is_concerned(association, season) -> bool:
    return concerned(season).filter(pk=association.pk).exists()


def _expected(association, season) -> bool:
    """Affiliated that season and its figures not entered yet."""
    return is_concerned(association, season) and not _entered(association, season)


def _entered(association, season) -> bool:
    return AssociationStatistics.objects.filter(association=association, season=season).exists()
