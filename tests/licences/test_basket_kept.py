"""The basket page's review of its lines, and its list of last season's licensees, kept until
the basket or its AS's licences change (issue #14): a teacher searching among 300 former
licensees does not check the basket's 300 lines against the federation at each search, and
what he or a colleague does shows at once."""

import html
from unittest.mock import patch

import pytest
from django.urls import reverse

from opuss.licences import basket_checks, services
from opuss.licences.basket_checks import review
from tests.factories import LicenceFactory, PupilFactory, SeasonFactory, affiliated_as
from tests.licences.test_basket_duplicates import CHECKS, LEA

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_season")]


@pytest.fixture
def last_season():
    return SeasonFactory(start_year=2024, is_current=False)


@pytest.fixture
def renewals(world, last_season):
    """Three of side A's licensees of last season in the teacher's basket."""
    affiliated_as(world.a.association, world.season)
    code = world.a.association.code
    pupils = [
        LicenceFactory(association=world.a.association, season=last_season,
                       number=f"{code}{6100 + n}",
                       pupil=PupilFactory(last_name=f"RENOUVELÉ{n}", first_name="Zoé")).pupil
        for n in range(3)
    ]
    basket = services.basket_open(association=world.a.association, season=world.season,
                                  actor=world.a.teacher)
    services.basket_add_renewals(basket=basket, pupils=pupils, actor=world.a.teacher)
    return pupils


def view(client, user, world, **params) -> str:
    client.force_login(user)
    response = client.get(reverse("baskets:basket", args=[world.a.association.code]), params)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def reviews():
    """The baskets' lines checked against the federation, one list of lines per check."""
    checked = []

    def counted(lines, viewer, **kwargs):
        checked.append(lines)
        return review(lines, viewer, **kwargs)

    with patch.object(basket_checks, "review", counted):
        yield checked


def test_a_search_among_former_licensees_does_not_check_the_lines_again(
    client, world, renewals, reviews
):
    view(client, world.a.teacher, world)
    page = view(client, world.a.teacher, world, q="inconnu")
    assert "Aucun ancien licencié à renouveler pour « inconnu »." in page
    assert "RENOUVELÉ0 Zoé" in page  # the basket's lines are still listed
    assert len(reviews) == 1, "the lines were checked against the federation again"


def test_a_line_added_shows_with_its_warning_at_once(client, world, renewals):
    PupilFactory(last_name="DURAND", first_name="Léa", birth_date=LEA["birth_date"])
    page = view(client, world.a.teacher, world)
    assert "Doublon probable" not in page
    client.post(reverse("baskets:add_new", args=[world.a.association.code]),
                {**LEA, "birth_date": "14/03/2009", "guardian_email": "parent@example.fr"})
    page = view(client, world.a.teacher, world)
    assert "DURAND Léa" in page and "Doublon probable" in page


def test_a_line_removed_takes_its_warning_away_at_once(client, world, renewals):
    PupilFactory(last_name="DURAND", first_name="Léa", birth_date=LEA["birth_date"])
    basket = services.basket_open(association=world.a.association, season=world.season,
                                  actor=world.a.teacher)
    line = services.basket_add_new(basket=basket, actor=world.a.teacher, values=LEA)
    assert "Doublon probable" in view(client, world.a.teacher, world)
    client.post(reverse("baskets:remove_line", args=[world.a.association.code, line.pk]))
    page = view(client, world.a.teacher, world)
    assert "Doublon probable" not in page and "DURAND Léa" not in page


def test_a_colleague_s_validation_shows_at_once(client, world, renewals):
    """The secretary licenses one of the pupils the teacher's basket holds: the teacher's page
    says so at its next view, and no longer offers him among the former licensees."""
    page = view(client, world.a.teacher, world)
    assert "Cet élève a déjà une licence cette saison." not in page
    theirs = services.basket_open(association=world.a.association, season=world.season,
                                  actor=world.a.secretary)
    services.basket_add_renewals(basket=theirs, pupils=[renewals[0]], actor=world.a.secretary)
    services.basket_validate(basket=theirs, actor=world.a.secretary, confirmed=CHECKS)
    page = view(client, world.a.teacher, world)
    assert page.count("Cet élève a déjà une licence cette saison.") == 1


def test_each_member_has_his_own_review(client, world, renewals, reviews):
    """What the review names depends on who reads it (issue #11): kept per reader."""
    view(client, world.a.teacher, world)
    view(client, world.a.secretary, world)
    view(client, world.a.teacher, world)
    assert len(reviews) == 2
