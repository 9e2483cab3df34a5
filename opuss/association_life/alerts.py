"""The memento's alert (seed 002): « Début avril, si les statistiques sportives et/ou les données
administratives de l'A.S n'ont pas été renseignées, le système enverra un message d'alerte. »

On or after the season's `statistics_alert` date, each AS affiliated that season that lacks its
figures or its contacts is alerted once: the AS (its address, its animateurs and secretary),
and its SD and SR, each person of the services one e-mail listing the AS of his territory
alerted by that run. The alert is recorded per AS and season before anything is sent, so a
second run (or a run at the same time, which waits on the season's row) sends nothing again."""

from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.urls import reverse

from opuss.accounts.enums import AS_ROLES, Role
from opuss.accounts.models import RoleAssignment
from opuss.association_life import selectors
from opuss.association_life.models import StatisticsAlert
from opuss.core.mail import render_email, send_batch
from opuss.rules import association_life as rules
from opuss.seasons.models import Season

AS_EMAIL = "association_life/email/alert_as"
STAFF_EMAIL = "association_life/email/alert_staff"
# E-mails handed to the mail server through one connection at a time.
BATCH = 200


def statistics_alerts_due(now: datetime) -> list[Season]:
    """The seasons whose alert applies at `now` (for the periodic jobs)."""
    return selectors.alert_seasons(now)


def send_statistics_alerts(now: datetime) -> int:
    """Sends the alerts due at `now`; returns how many e-mails went out."""
    return sum(_alert_season(season, now) for season in statistics_alerts_due(now))


def _url(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def _alert_season(season: Season, now: datetime) -> int:
    with transaction.atomic():
        # Two runs at once: the second waits here, then finds the first one's records.
        Season.objects.select_for_update().get(pk=season.pk)
        alerted = StatisticsAlert.objects.filter(season=season, association=OuterRef("pk"))
        targets = list(
            selectors.with_state(selectors.missing_associations(season), season)
            .exclude(Exists(alerted))
            .select_related("establishment", "department__academy")
            .order_by("code")
        )
        if not targets:
            return 0
        missing = {a.pk: _missing(a) for a in targets}
        StatisticsAlert.objects.bulk_create(
            StatisticsAlert(association=a, season=season, sent_at=now, missing=missing[a.pk].text())
            for a in targets
        )
        messages = _messages(season, targets, missing)
    for start in range(0, len(messages), BATCH):
        send_batch(messages[start : start + BATCH])
    return len(messages)


def _missing(association) -> rules.Missing:
    return rules.missing(
        has_statistics=association.has_statistics,
        administrative=rules.AdministrativeData(email=association.email, phone=association.phone),
    )


def _messages(season, targets, missing) -> list[tuple[str, str, str]]:
    entry = rules.statistics_entry_for(season.label)
    messages = []
    for association, addresses in _as_addresses(targets).items():
        context = {
            "association": association,
            "season": season,
            "missing": missing[association.pk],
            "deadline": entry.deadline,
            "url": _url(reverse("association_life:association", args=[association.code])),
        }
        subject, body = render_email(AS_EMAIL, context)
        messages += [(subject, body, address) for address in addresses]
    for address, associations in _staff_addresses(targets).items():
        lines = [(a, missing[a.pk]) for a in sorted(associations, key=lambda a: a.code)]
        context = {
            "season": season,
            "lines": lines,
            "url": _url(reverse("association_life:staff_list") + f"?saison={season.label}"),
        }
        messages.append((*render_email(STAFF_EMAIL, context), address))
    return messages


def _unique(addresses) -> list[str]:
    return list(dict.fromkeys(address for address in addresses if address))


def _as_addresses(targets) -> dict:
    """Each AS and its addresses: its own, its animateurs' and its secretary's."""
    people = defaultdict(list)
    for association_id, email in RoleAssignment.objects.filter(
        role__in=AS_ROLES, association__in=[a.pk for a in targets], user__is_active=True
    ).values_list("association_id", "user__email"):
        people[association_id].append(email)
    return {a: _unique([a.email, *people[a.pk]]) for a in targets}


def _staff_addresses(targets) -> dict[str, set]:
    """Each address of the services and the alerted AS of its territory: the SD of the AS's
    department, the SR (people and the service's own address) of its académie."""
    by_department, by_academy = defaultdict(set), defaultdict(set)
    for association in targets:
        by_department[association.department_id].add(association)
        by_academy[association.department.academy_id].add(association)
    result: dict[str, set] = defaultdict(set)
    assignments = RoleAssignment.objects.filter(user__is_active=True).filter(
        role=Role.SD, department__in=list(by_department)
    ) | RoleAssignment.objects.filter(user__is_active=True).filter(
        role=Role.SR, academy__in=list(by_academy)
    )
    for role, department_id, academy_id, email in assignments.values_list(
        "role", "department_id", "academy_id", "user__email"
    ):
        if not email:
            continue
        if role == Role.SD:
            result[email] |= by_department[department_id]
        else:
            result[email] |= by_academy[academy_id]
    for association in targets:
        academy = association.department.academy
        if academy.email:
            result[academy.email] |= by_academy[academy.pk]
    return dict(result)
