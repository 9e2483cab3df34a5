"""The basket's former licensees (issue #14): the first fifty by name, a search for the others,
and all of them at once; and a renewal line's pupil still found as the namesake of another line
of the same basket although renewals alone read no pupil."""

import html

import pytest
from django.urls import reverse

from opuss.licences import services
from opuss.licences.basket_views import FORMER_SHOWN
from opuss.licences.models import BasketLine
from tests.factories import LicenceFactory, PupilFactory, SeasonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_season")]


@pytest.fixture
def last_season():
    return SeasonFactory(start_year=2024, is_current=False)


def former(world, last_season, count: int) -> list:
    """`count` licensees of side A's AS last season, named so that they sort in this order."""
    code = world.a.association.code
    return [
        LicenceFactory(
            association=world.a.association, season=last_season, number=f"{code}{6000 + n}",
            pupil=PupilFactory(last_name=f"ANCIEN{n:03d}", first_name="Zoé"),
        ).pupil
        for n in range(count)
    ]


def basket_page(client, world, **params) -> str:
    client.force_login(world.a.teacher)
    response = client.get(reverse("baskets:basket", args=[world.a.association.code]), params)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_the_first_fifty_are_listed_and_a_search_finds_the_others(
    client, world, affiliated, last_season
):
    pupils = former(world, last_season, FORMER_SHOWN + 1)
    page = basket_page(client, world)
    assert page.count('name="pupils"') == FORMER_SHOWN
    assert "ANCIEN049" in page and "ANCIEN050" not in page
    assert f"Les {FORMER_SHOWN} premiers par ordre alphabétique" in page

    found = basket_page(client, world, q="ancien050")
    assert f'value="{pupils[-1].pk}"' in found and found.count('name="pupils"') == 1
    assert "premiers par ordre alphabétique" not in found


def test_all_former_licensees_go_into_the_basket_at_once(client, world, affiliated, last_season):
    pupils = former(world, last_season, FORMER_SHOWN + 5)
    LicenceFactory(pupil=pupils[0], association=world.a.association, season=world.season,
                   number=f"{world.a.association.code}7000")  # licensed again already
    page = basket_page(client, world)
    assert "Ajouter tous les licenciés 2024-2025 au panier" in page

    response = client.post(
        reverse("baskets:add_renewals", args=[world.a.association.code]), {"tous": "1"},
        follow=True,
    )
    assert f"{FORMER_SHOWN + 4} renouvellements ajoutés au panier." in html.unescape(
        response.content.decode()
    )
    basket = services.basket_open(association=world.a.association, season=world.season,
                                  actor=world.a.teacher)
    assert set(basket.lines.values_list("pupil_id", flat=True)) == {p.pk for p in pupils[1:]}
    assert "Aucun ancien licencié à renouveler." in basket_page(client, world)


def test_a_new_line_named_like_a_renewal_of_the_same_basket_is_a_probable_duplicate(
    client, world, affiliated, last_season
):
    (pupil,) = former(world, last_season, 1)
    basket = services.basket_open(association=world.a.association, season=world.season,
                                  actor=world.a.teacher)
    services.basket_add_renewals(basket=basket, pupils=[pupil], actor=world.a.teacher)
    assert "Doublon probable" not in basket_page(client, world)

    BasketLine.objects.create(
        basket=basket, source="NEW", last_name=pupil.last_name.lower(),
        first_name=pupil.first_name, sex=pupil.sex, birth_date=pupil.birth_date,
        guardian_email="parent@example.fr",
    )
    page = basket_page(client, world)
    assert page.count(f"Doublon probable : {pupil}") == 1
    assert "licencié(e) à l'AS 24001." in page
