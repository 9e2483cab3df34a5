"""The AS home's figures: the season's licences, what its « À faire » counts, its members.
Kept per AS for a minute (opuss.core.caching): any change to the AS's licences, requests,
guardians' answers or members forgets them at once (opuss.associations.signals), so an AS sees
its own work; what no signal tells — a deadline coming near — shows within the minute."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q

from opuss.accounts.enums import Role
from opuss.associations.signals import generation
from opuss.competitions.models import Competition
from opuss.core.caching import kept
from opuss.core.tasks_selectors import CLOSING_SOON, unanswered
from opuss.licences.enums import RenewalState
from opuss.licences.models import Licence, RenewalRequest

HOME_SECONDS = 60


@dataclass(frozen=True)
class Member:
    """An animateur or a secretary as the home lists them (no account kept in the cache)."""

    role: str
    civility: str
    name: str
    email: str


@dataclass(frozen=True)
class HomeFigures:
    licences: int
    girls: int
    unanswered: int  # licences whose guardian was sent a link and has not answered
    renewals: int  # pupils' renewal requests waiting
    closing: int  # competitions reaching the AS whose entries close within CLOSING_SOON
    members: list[Member]

    @property
    def animateurs(self) -> list[Member]:
        return [m for m in self.members if m.role == Role.AS_TEACHER]

    @property
    def secretaries(self) -> list[Member]:
        return [m for m in self.members if m.role == Role.AS_SECRETARY]


def home_figures(association, season, now: datetime) -> HomeFigures:
    return kept(
        [generation(association.pk), "competitions"],
        f"associations:home:{association.pk}:{season.pk if season else None}",
        lambda: _read(association, season, now),
        HOME_SECONDS,
    )


def _read(association, season, now: datetime) -> HomeFigures:
    # The season's figures and the guardians still to answer in one pass over its licences.
    counts = Licence.objects.filter(association=association, season=season).aggregate(
        licences=Count("pk"),
        girls=Count("pk", filter=Q(pupil__sex="F")),
        unanswered=Count("pk", filter=unanswered()),
    )
    renewals = RenewalRequest.objects.filter(
        association=association, season=season, state=RenewalState.PENDING
    ).count()
    closing = (
        Competition.objects.reaching(association)
        .entries_open(now)
        .filter(entry_deadline__lte=now + CLOSING_SOON)
        .count()
    )
    members = [
        Member(a.role, a.user.get_civility_display(), a.user.display_name, a.user.email or "")
        for a in association.role_assignments.filter(
            role__in=[Role.AS_TEACHER, Role.AS_SECRETARY]
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    ]
    return HomeFigures(**counts, renewals=renewals, closing=closing, members=members)
