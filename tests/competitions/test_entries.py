"""The AS's teachers enter their pupils (or a team) before the deadline, and withdraw them."""

import html

import pytest
from django.db import IntegrityError
from django.urls import reverse

from opuss.competitions import services
from opuss.competitions.enums import CompetitionKind
from opuss.competitions.models import Entry, Team
from tests.competitions.factories import at, competition, entry
from tests.factories import LicenceFactory, PupilFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def enter_url(world, made) -> str:
    return reverse("competitions:enter", args=[world.a.association.code, made.pk])


@pytest.fixture
def cross(world):
    """A mixed departmental cross for Cadets in side A's department, entries open until
    12 November 2025."""
    return competition(world.a.association.department, name="Cross du Haut-Rhin")


@pytest.fixture
def classmate(world):
    return LicenceFactory(association=world.a.association, season=world.season)


def test_a_teacher_enters_pupils_of_his_as(client, world, cross, classmate):
    client.force_login(world.a.teacher)
    response = client.post(
        enter_url(world, cross), {"licences": [world.a.licence.pk, classmate.pk]}, follow=True
    )
    assert "2 élèves inscrits." in text(response)
    entries = Entry.objects.filter(competition=cross)
    assert {e.pupil for e in entries} == {world.a.licence.pupil, classmate.pupil}
    assert {e.entered_by for e in entries} == {world.a.teacher}
    assert {e.association for e in entries} == {world.a.association}


def test_the_secretary_enters_pupils_too(client, world, cross):
    client.force_login(world.a.secretary)
    client.post(enter_url(world, cross), {"licences": [world.a.licence.pk]})
    assert Entry.objects.filter(competition=cross).count() == 1


def test_the_page_offers_only_the_eligible_pupils_and_says_why_the_others_are_not(
    client, world, cross
):
    junior = LicenceFactory(association=world.a.association, season=world.season, category="Junior")
    client.force_login(world.a.teacher)
    page = text(client.get(enter_url(world, cross)))
    assert f'value="{world.a.licence.pk}"' in page
    assert f'value="{junior.pk}"' not in page
    assert (
        f"{junior.pupil} (Junior) : catégorie Junior : la compétition est réservée à la "
        "catégorie Cadet"
    ) in page


def test_an_ineligible_pupil_posted_anyway_is_refused_in_french(client, world):
    girls_only = competition(world.a.association.department, sex="M")
    client.force_login(world.a.teacher)
    response = client.post(enter_url(world, girls_only), {"licences": [world.a.licence.pk]})
    assert "Cet élève ne peut pas être inscrit à cette compétition par votre AS." in text(response)
    assert not Entry.objects.exists()
    with pytest.raises(services.CompetitionError, match="réservée aux garçons"):
        services.entries_create(
            actor=world.a.teacher,
            competition=girls_only,
            association=world.a.association,
            licences=[world.a.licence],
        )


def test_a_teacher_cannot_enter_a_pupil_of_another_as(client, world):
    national = competition(None)
    client.force_login(world.a.teacher)
    response = client.post(enter_url(world, national), {"licences": [world.b.licence.pk]})
    assert "Cet élève ne peut pas être inscrit à cette compétition par votre AS." in text(response)
    # Under the other AS's code, the page does not exist for him.
    other_as = reverse("competitions:enter", args=[world.b.association.code, national.pk])
    assert client.post(other_as, {"licences": [world.b.licence.pk]}).status_code == 404
    with pytest.raises(services.CompetitionError, match="n'est pas licencié à l'AS"):
        services.entries_create(
            actor=world.a.teacher,
            competition=national,
            association=world.a.association,
            licences=[world.b.licence],
        )
    assert not Entry.objects.exists()


def test_a_competition_outside_the_as_territory_does_not_exist_under_its_code(client, world):
    elsewhere = competition(world.b.association.department)
    client.force_login(world.a.teacher)
    assert client.get(enter_url(world, elsewhere)).status_code == 404


def test_after_the_deadline_the_page_says_entries_are_closed_and_shows_no_form(client, world):
    closed = competition(world.a.association.department, deadline=at(2025, 10, 3, 18))
    client.force_login(world.a.teacher)
    page = text(client.get(enter_url(world, closed)))
    assert "Les inscriptions à cette compétition sont closes depuis le 03/10/2025 à 18h00" in page
    assert 'name="licences"' not in page


def test_after_the_deadline_a_post_is_refused(client, world):
    closed = competition(world.a.association.department, deadline=at(2025, 10, 3, 18))
    client.force_login(world.a.teacher)
    response = client.post(
        enter_url(world, closed), {"licences": [world.a.licence.pk]}, follow=True
    )
    assert "Les inscriptions à cette compétition sont closes depuis le 03/10/2025 à 18h00" in text(
        response
    )
    assert not Entry.objects.exists()


def test_the_deadline_minute_is_still_open(client, world, settings):
    settings.OPUSS_NOW = "2025-11-12T18:00:00+01:00"
    made = competition(world.a.association.department, deadline=at(2025, 11, 12, 18))
    client.force_login(world.a.teacher)
    client.post(enter_url(world, made), {"licences": [world.a.licence.pk]})
    assert Entry.objects.count() == 1


def test_a_pupil_is_not_entered_twice(client, world, cross):
    entry(cross, world.a.licence)
    client.force_login(world.a.teacher)
    page = text(client.get(enter_url(world, cross)))
    assert f'value="{world.a.licence.pk}"' not in page
    with pytest.raises(services.CompetitionError, match="Déjà inscrit"):
        services.entries_create(
            actor=world.a.teacher,
            competition=cross,
            association=world.a.association,
            licences=[world.a.licence],
        )


def test_the_database_refuses_a_second_entry_of_the_same_pupil(world, cross):
    entry(cross, world.a.licence)
    with pytest.raises(IntegrityError):
        entry(cross, world.a.licence)


def test_an_entry_is_withdrawn_before_the_deadline(client, world, cross):
    made = entry(cross, world.a.licence)
    client.force_login(world.a.teacher)
    url = reverse("competitions:withdraw", args=[world.a.association.code, made.pk])
    response = client.post(url, follow=True)
    assert "n'est plus inscrit à Cross du Haut-Rhin" in text(response)
    assert not Entry.objects.exists()


def test_after_the_deadline_an_entry_is_not_withdrawn(client, world):
    closed = competition(world.a.association.department, deadline=at(2025, 10, 3, 18))
    made = entry(closed, world.a.licence)
    client.force_login(world.a.teacher)
    url = reverse("competitions:withdraw", args=[world.a.association.code, made.pk])
    response = client.post(url, follow=True)
    assert "closes depuis le 03/10/2025" in text(response)
    assert Entry.objects.filter(pk=made.pk).exists()


def test_another_as_cannot_withdraw_an_entry(client, world, cross):
    made = entry(cross, world.a.licence)
    client.force_login(world.b.teacher)
    url = reverse("competitions:withdraw", args=[world.b.association.code, made.pk])
    assert client.post(url).status_code == 404
    assert Entry.objects.filter(pk=made.pk).exists()


def test_a_team_is_entered_with_its_members_within_the_sizes(client, world):
    relay = competition(
        world.a.association.department,
        kind=CompetitionKind.TEAM,
        team_min=2,
        team_max=3,
        name="Relais",
    )
    mates = [LicenceFactory(association=world.a.association, season=world.season) for _ in range(3)]
    client.force_login(world.a.teacher)
    url = enter_url(world, relay)
    response = client.post(url, {"name": "Pulversheim 1", "licences": [world.a.licence.pk]})
    assert "Une équipe compte au moins 2 équipiers." in text(response)
    response = client.post(
        url, {"name": "Pulversheim 1", "licences": [world.a.licence.pk] + [m.pk for m in mates]}
    )
    assert "Une équipe compte au plus 3 équipiers." in text(response)
    response = client.post(
        url, {"name": "Pulversheim 1", "licences": [world.a.licence.pk, mates[0].pk]}, follow=True
    )
    assert "Équipe « Pulversheim 1 » inscrite (2 élèves)." in text(response)
    squad = Team.objects.get()
    assert {m.pupil for m in squad.members.all()} == {world.a.licence.pupil, mates[0].pupil}
    withdraw = reverse("competitions:withdraw_team", args=[world.a.association.code, squad.pk])
    client.post(withdraw)
    assert not Team.objects.exists() and not Entry.objects.exists()


def test_the_as_page_lists_the_open_competitions_and_what_it_entered(client, world, cross):
    competition(world.b.association.department, name="Cross de Loire-Atlantique")
    competition(world.a.association.department, name="Cross fini", deadline=at(2025, 10, 1))
    entry(cross, world.a.licence)
    client.force_login(world.a.teacher)
    page = text(client.get(reverse("competitions:association", args=[world.a.association.code])))
    assert "Cross du Haut-Rhin" in page
    assert "Loire-Atlantique" not in page and "Cross fini" not in page
    assert "Inscrire des élèves" in page
    assert str(world.a.licence.pupil) in page
    client.force_login(world.a.sd)
    page = text(client.get(reverse("competitions:association", args=[world.a.association.code])))
    assert "Cross du Haut-Rhin" in page and "Inscrire des élèves" not in page


def test_a_pupil_without_a_licence_this_season_is_not_offered(client, world, cross):
    last_season = LicenceFactory(
        association=world.a.association,
        pupil=PupilFactory(),
        season__start_year=2024,
        season__is_current=False,
    )
    client.force_login(world.a.teacher)
    assert f'value="{last_season.pk}"' not in text(client.get(enter_url(world, cross)))
