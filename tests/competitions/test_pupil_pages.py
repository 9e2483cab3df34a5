"""The licencié's "Je peux m'inscrire" and "J'ai participé": his competitions, his entries only."""

import html

import pytest
from django.urls import reverse

from opuss.licences.enums import LicenceState
from tests.competitions.factories import ABSENT, PRESENT, at, competition, entry, team
from tests.factories import LicenceFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def open_page(client, world) -> str:
    client.force_login(world.a.pupil)
    return text(client.get(reverse("competitions:pupil_open")))


def participated_page(client, user) -> str:
    client.force_login(user)
    return text(client.get(reverse("competitions:pupil_participated")))


def test_he_sees_the_open_competitions_he_may_be_entered_in(client, world):
    department = world.a.association.department
    competition(department, name="Cross mixte cadets")
    competition(department.academy, name="Badminton académique filles", sex="F")
    competition(None, name="France UNSS cadets")
    competition(department, name="Cross garçons", sex="M")
    competition(department, name="Minimes seulement", categories=("Minime",))
    competition(world.b.association.department, name="Cross nantais")
    competition(department, name="Inscriptions closes", deadline=at(2025, 10, 3))
    page = open_page(client, world)
    for shown in ("Cross mixte cadets", "Badminton académique filles", "France UNSS cadets"):
        assert shown in page
    for hidden in ("Cross garçons", "Minimes seulement", "Cross nantais", "Inscriptions closes"):
        assert hidden not in page
    assert "C'est ton enseignant d'EPS qui t'inscrit" in page


def test_inscrit_par_ton_as_is_his_own_entry_not_a_classmates(client, world):
    mine = competition(world.a.association.department, name="Cross où je suis inscrite")
    theirs = competition(world.a.association.department, name="Cross d'une camarade")
    classmate = LicenceFactory(association=world.a.association, season=world.season)
    entry(mine, world.a.licence)
    entry(theirs, classmate)
    page = open_page(client, world)
    mine_row = page.split("Cross où je suis inscrite")[1].split("</tr>")[0]
    theirs_row = page.split("Cross d'une camarade")[1].split("</tr>")[0]
    assert "Inscrit par ton AS" in mine_row
    assert "Inscrit par ton AS" not in theirs_row


def test_without_an_active_licence_he_is_told_so(client, world):
    licence = world.a.licence
    licence.state = LicenceState.TRANSFERRED
    licence.save(update_fields=["state"])
    competition(world.a.association.department, name="Cross mixte cadets")
    page = open_page(client, world)
    assert "Tu n'as pas de licence active pour la saison 2025-2026" in page
    assert "Cross mixte cadets" not in page


def test_he_sees_the_competitions_he_took_part_in_with_his_rank(client, world):
    done = competition(
        world.a.association.department,
        name="Cross de septembre",
        date=at(2025, 9, 24).date(),
        deadline=at(2025, 9, 19),
    )
    relay = competition(
        world.a.association.department,
        name="Relais",
        kind="TEAM",
        date=at(2025, 10, 1).date(),
        deadline=at(2025, 9, 26),
    )
    missed = competition(
        world.a.association.department,
        name="Cross manqué",
        date=at(2025, 9, 30).date(),
        deadline=at(2025, 9, 25),
    )
    pending = competition(world.a.association.department, name="Cross à venir")
    entry(done, world.a.licence, attendance=PRESENT, rank=3)
    team(
        relay,
        world.a.association,
        name="Les Rapides",
        members=[world.a.licence],
        attendance=PRESENT,
        rank=1,
    )
    entry(missed, world.a.licence, attendance=ABSENT)
    entry(pending, world.a.licence)
    page = participated_page(client, world.a.pupil)
    assert "Cross de septembre" in page and "3e" in page
    assert "Relais" in page and "Les Rapides" in page and "1er" in page
    assert "Cross manqué" not in page and "Cross à venir" not in page


def test_a_classmates_participation_in_the_same_competition_is_not_his(client, world):
    done = competition(
        world.a.association.department,
        name="Cross de septembre",
        date=at(2025, 9, 24).date(),
        deadline=at(2025, 9, 19),
    )
    classmate = LicenceFactory(association=world.a.association, season=world.season)
    entry(done, classmate, attendance=PRESENT, rank=2)
    entry(done, world.a.licence, attendance=ABSENT)
    assert "Cross de septembre" not in participated_page(client, world.a.pupil)
    assert "Cross de septembre" in participated_page(client, classmate.pupil.user)
    assert "Aucune participation" in participated_page(client, world.b.pupil)
