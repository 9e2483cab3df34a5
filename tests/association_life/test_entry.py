"""« Vie de l'AS »: the animateurs enter their AS's season figures until the deadline; the
services of its territory read them."""

import html

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from opuss.association_life.models import AssociationStatistics
from opuss.associations.models import SportsAssociation
from opuss.sport.models import Activity
from tests.factories import SeasonFactory, affiliated_as

pytestmark = pytest.mark.django_db

DEMO_DAY = "2025-10-06T10:00:00+02:00"


def text(response) -> str:
    return html.unescape(response.content.decode())


def figures(**changes) -> dict:
    volley = Activity.objects.get(name="Volley Ball")
    return {
        "activities": [volley.pk],
        "participations": "120",
        "events": "8",
        "jo_trained": "4",
        "shared_sport": "6",
        "phone": "03 89 12 34 56",
    } | changes


def entry_url(world, label="2025-2026", side="a"):
    association = getattr(world, side).association
    return reverse("association_life:entry", args=[association.code, label])


@pytest.fixture
def last_season(world):
    return SeasonFactory(start_year=2024, is_current=False)


def test_the_as_home_leads_to_the_page_and_its_entry(client, world, settings):
    settings.OPUSS_NOW = DEMO_DAY
    client.force_login(world.a.teacher)
    home = text(client.get(reverse("associations:detail", args=[world.a.association.code])))
    page_url = reverse("association_life:association", args=[world.a.association.code])
    assert page_url in home
    page = text(client.get(page_url))
    assert entry_url(world) in page
    assert "Aucune échéance n'est encore fixée pour la saisie de la vie de l'AS 2025-2026" in page


def test_a_teacher_enters_the_figures_and_the_change_is_audited(client, world, settings):
    settings.OPUSS_NOW = DEMO_DAY
    client.force_login(world.a.teacher)
    response = client.post(entry_url(world), figures())
    assert response.status_code == 302
    saved = AssociationStatistics.objects.get(association=world.a.association, season=world.season)
    assert (saved.participations, saved.events, saved.jo_trained, saved.shared_sport) == (
        120,
        8,
        4,
        6,
    )
    assert [a.name for a in saved.activities.all()] == ["Volley Ball"]
    assert saved.updated_by == world.a.teacher
    assert SportsAssociation.objects.get(pk=world.a.association.pk).phone == "03 89 12 34 56"

    client.post(entry_url(world), figures(participations="150"))
    entries = LogEntry.objects.get_for_object(saved).filter(action=LogEntry.Action.UPDATE)
    change = next(e for e in entries if "participations" in e.changes_dict)
    assert change.actor == world.a.teacher
    assert change.changes_dict["participations"] == [120, 150]
    page = text(client.get(entry_url(world)))
    assert "Historique" in page and "150" in page


def test_errors_are_french_next_to_their_fields_and_the_typed_values_stay(client, world, settings):
    settings.OPUSS_NOW = DEMO_DAY
    client.force_login(world.a.teacher)
    response = client.post(
        entry_url(world),
        figures(activities=[], participations="-3", events="", jo_trained="quatre", phone="abc"),
    )
    page = text(response)
    assert response.status_code == 200
    assert "<title>Erreur : " in page
    assert "Il y a un problème" in page
    assert "Cochez au moins une activité pratiquée à l'AS pendant la saison." in page
    assert "Le nombre ne peut pas être négatif." in page
    assert "Indiquez un nombre (0 s'il n'y en a pas)." in page
    assert "Indiquez un nombre entier." in page
    assert "Indiquez un numéro de téléphone" in page
    assert 'value="-3"' in page and 'value="quatre"' in page and 'value="8"' in page
    assert not AssociationStatistics.objects.exists()


def test_last_season_is_entered_until_30_september(client, world, settings, last_season):
    settings.OPUSS_NOW = "2025-09-30T18:00:00+02:00"
    client.force_login(world.a.teacher)
    page = text(
        client.get(reverse("association_life:association", args=[world.a.association.code]))
    )
    assert "À saisir au plus tard le 30 septembre 2025." in page
    assert client.post(entry_url(world, "2024-2025"), figures()).status_code == 302
    assert AssociationStatistics.objects.filter(season=last_season).count() == 1


def test_the_as_home_reminds_last_season_before_its_deadline(client, world, settings, last_season):
    settings.OPUSS_NOW = "2025-09-15T10:00:00+02:00"
    affiliated_as(world.a.association, last_season)
    client.force_login(world.a.teacher)
    home = reverse("associations:detail", args=[world.a.association.code])
    reminder = "Vie de l'AS 2024-2025 à saisir avant le 30 septembre 2025"
    assert reminder in text(client.get(home))
    client.post(entry_url(world, "2024-2025"), figures())
    assert reminder not in text(client.get(home))


def test_last_season_is_closed_after_its_deadline(client, world, settings, last_season):
    settings.OPUSS_NOW = "2025-10-01T00:00:00+02:00"
    client.force_login(world.a.teacher)
    closed = (
        "La saisie de la vie de l'AS 2024-2025 est close depuis le 30 septembre 2025 : "
        "les chiffres ne peuvent plus être saisis ni modifiés."
    )
    page = text(
        client.get(reverse("association_life:association", args=[world.a.association.code]))
    )
    assert closed in page
    assert entry_url(world, "2024-2025") not in page
    response = client.post(entry_url(world, "2024-2025"), figures())
    assert response.status_code == 200
    assert closed in text(response)
    assert 'name="participations"' not in text(response)
    assert not AssociationStatistics.objects.exists()


def test_a_season_that_is_not_offered_does_not_exist(client, world, settings):
    settings.OPUSS_NOW = DEMO_DAY
    client.force_login(world.a.teacher)
    assert client.get(entry_url(world, "2019-2020")).status_code == 404


def test_another_as_cannot_see_nor_enter(client, world, settings):
    settings.OPUSS_NOW = DEMO_DAY
    client.force_login(world.b.teacher)
    page = reverse("association_life:association", args=[world.a.association.code])
    assert client.get(page).status_code == 404
    assert client.post(entry_url(world), figures()).status_code == 404
    # Its own code in the URL with side A's code in the body writes its own AS only.
    client.post(entry_url(world, side="b"), figures() | {"association": world.a.association.pk})
    assert list(AssociationStatistics.objects.values_list("association", flat=True)) == [
        world.b.association.pk
    ]


def test_the_services_read_and_do_not_enter(client, world, settings):
    settings.OPUSS_NOW = DEMO_DAY
    AssociationStatistics.objects.create(
        association=world.a.association,
        season=world.season,
        participations=42,
        events=3,
        jo_trained=1,
        shared_sport=0,
        updated_at="2025-10-01T10:00:00+02:00",
        updated_by=world.a.teacher,
    )
    page = reverse("association_life:association", args=[world.a.association.code])
    client.force_login(world.a.sd)
    response = text(client.get(page))
    assert "<td>42</td>" in response
    assert entry_url(world) not in response
    assert client.post(entry_url(world), figures()).status_code == 404
    client.force_login(world.b.sr)
    assert client.get(page).status_code == 404
