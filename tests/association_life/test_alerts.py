"""The memento's April alert: « Début avril, si les statistiques sportives et/ou les données
administratives de l'A.S n'ont pas été renseignées, le système enverra un message d'alerte. »"""

import datetime as dt
import html
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse

from opuss.association_life.alerts import send_statistics_alerts, statistics_alerts_due
from opuss.association_life.models import AssociationStatistics, StatisticsAlert
from opuss.associations.models import SportsAssociation
from tests.factories import AssociationFactory, affiliated_as

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
BEFORE = dt.datetime(2026, 3, 31, 23, 0, tzinfo=PARIS)
ALERT_DAY = dt.datetime(2026, 4, 1, 7, 0, tzinfo=PARIS)


def text(response) -> str:
    return html.unescape(response.content.decode())


def enter_figures(association, season, author):
    AssociationStatistics.objects.create(
        association=association,
        season=season,
        participations=10,
        events=2,
        jo_trained=1,
        shared_sport=0,
        updated_at=ALERT_DAY,
        updated_by=author,
    )


@pytest.fixture
def federation(world):
    """Both sides' AS affiliated, with their contacts; side A's figures missing, side B's
    entered; a second AS in side A's department, complete; an AS not affiliated."""
    for side in (world.a, world.b):
        affiliated_as(side.association, world.season)
        SportsAssociation.objects.filter(pk=side.association.pk).update(
            email=f"as{side.association.code}@example.fr", phone="03 89 00 00 00"
        )
    enter_figures(world.b.association, world.season, world.b.teacher)
    complete = AssociationFactory(
        establishment=world.a.association.establishment,
        code="24002",
        email="as24002@example.fr",
        phone="03 89 11 11 11",
    )
    affiliated_as(complete, world.season)
    enter_figures(complete, world.season, world.a.teacher)
    AssociationFactory(establishment=world.a.association.establishment, code="24003")
    return world


def recipients() -> dict[str, str]:
    return {message.to[0]: message.body for message in mail.outbox}


def test_nothing_before_the_alert_date(federation):
    assert statistics_alerts_due(BEFORE) == []
    assert send_statistics_alerts(BEFORE) == 0
    assert mail.outbox == []


def test_the_missing_as_its_sd_and_its_sr_are_alerted_once(federation):
    w = federation
    assert [s.label for s in statistics_alerts_due(ALERT_DAY)] == ["2025-2026"]
    sent = send_statistics_alerts(ALERT_DAY)
    to = recipients()
    # Side A's AS: its address, its animateur and its secretary; its SD and SR.
    assert set(to) == {
        "as24001@example.fr",
        w.a.teacher.email,
        w.a.secretary.email,
        w.a.sd.email,
        w.a.sr.email,
    }
    assert sent == 5
    assert "Il manque : les statistiques sportives." in to[w.a.teacher.email]
    assert "/as/24001/vie/" in to[w.a.teacher.email]
    staff = to[w.a.sd.email]
    assert "- AS 24001" in staff and "24002" not in staff and "24003" not in staff
    assert to[w.a.sr.email] == staff
    alert = StatisticsAlert.objects.get()
    assert (alert.association, alert.missing) == (w.a.association, "les statistiques sportives")

    mail.outbox.clear()
    assert send_statistics_alerts(ALERT_DAY + dt.timedelta(days=1)) == 0
    assert mail.outbox == []


def test_missing_administrative_data_alone_is_alerted(federation):
    w = federation
    enter_figures(w.a.association, w.season, w.a.teacher)
    SportsAssociation.objects.filter(code="24002").update(phone="")
    send_statistics_alerts(ALERT_DAY)
    assert "Il manque : le téléphone de l'AS." in recipients()["as24002@example.fr"]
    assert "- AS 24002" in recipients()[w.a.sd.email]
    assert w.b.sd.email not in recipients()


def test_the_homes_show_the_alert_and_the_list_is_scoped(client, federation, settings):
    w = federation
    settings.OPUSS_NOW = ALERT_DAY.isoformat()
    client.force_login(w.a.teacher)
    home = text(client.get(reverse("associations:detail", args=["24001"])))
    assert "Vie de l'AS 2025-2026 à renseigner : les statistiques sportives" in home

    client.force_login(w.a.sd)
    staff_home = text(client.get(reverse("core:staff_home")))
    assert "1 AS sans vie de l'AS 2025-2026 renseignée" in staff_home
    listing = text(
        client.get(
            reverse("association_life:staff_list"), {"saison": "2025-2026", "etat": "MISSING"}
        )
    )
    assert "24001" in listing and "24002" not in listing and "16001" not in listing
    assert "Les statistiques sportives" in listing

    client.force_login(w.b.sr)
    listing = text(client.get(reverse("association_life:staff_list")))
    assert "16001" in listing and "24001" not in listing
    assert "sans vie de l'AS" not in text(client.get(reverse("core:staff_home")))


def test_no_alert_on_the_homes_before_the_date(client, federation, settings):
    settings.OPUSS_NOW = BEFORE.isoformat()
    client.force_login(federation.a.sd)
    assert "sans vie de l'AS" not in text(client.get(reverse("core:staff_home")))
    client.force_login(federation.a.teacher)
    assert "à renseigner" not in text(client.get(reverse("associations:detail", args=["24001"])))


def test_the_command_sends_the_alerts(federation, settings):
    from django.core.management import call_command

    settings.OPUSS_NOW = ALERT_DAY.isoformat()
    call_command("statistics_alerts")
    assert len(mail.outbox) == 5
