"""A line flagged « Doublon probable » is licensed only once the teacher confirms he checked the
flagged lines (issue #12)."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from opuss.licences import services
from opuss.licences.models import Basket, Licence
from opuss.rules.season import load_season
from tests.factories import PupilFactory, affiliated_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_season")]

CHECKS = list(load_season("2025-2026").licences.checks)
LEA = {
    "last_name": "Durand",
    "first_name": "Léa",
    "sex": "F",
    "birth_date": dt.date(2009, 3, 14),
    "insurance": "MAIF_COLLECTIVE",
}


@pytest.fixture
def basket(world):
    affiliated_as(world.a.association, world.season)
    basket = services.basket_open(
        association=world.a.association, season=world.season, actor=world.a.teacher
    )
    services.basket_add_new(basket=basket, actor=world.a.teacher, values=LEA)
    return basket


@pytest.fixture
def namesake():
    return PupilFactory(last_name="DURAND", first_name="Léa", birth_date=dt.date(2009, 3, 14))


def validate(client, world, checks):
    url = reverse("baskets:validate", args=[world.a.association.code])
    return html.unescape(client.post(url, {"checks": checks}, follow=True).content.decode())


def test_a_basket_with_a_probable_duplicate_is_refused_without_its_confirmation(
    client, world, basket, namesake
):
    client.force_login(world.a.teacher)
    page = validate(client, world, CHECKS)
    assert "Des lignes sont signalées « Doublon probable »" in page
    assert (
        Basket.objects.get().state == "OPEN"
        and not Licence.objects.filter(pupil__first_name="Léa", season=world.season).exists()
    )


def test_a_probable_duplicate_is_licensed_once_confirmed(client, world, basket, namesake):
    client.force_login(world.a.teacher)
    validate(client, world, [*CHECKS, services.DUPLICATES_CHECK])
    assert Basket.objects.get().state == "VALIDATED"


def test_a_basket_without_duplicates_needs_no_such_confirmation(world, basket):
    licences = services.basket_validate(basket=basket, actor=world.a.teacher, confirmed=CHECKS)
    assert len(licences) == 1


def test_the_duplicates_checkbox_shows_only_when_a_line_is_flagged(client, world, basket):
    client.force_login(world.a.teacher)
    url = reverse("baskets:basket", args=[world.a.association.code])
    assert services.DUPLICATES_CHECK not in html.unescape(client.get(url).content.decode())
    # Entered by another AS while the page's review is kept: the validation checks again,
    # refuses, and the page it comes back to shows the line flagged and the checkbox.
    PupilFactory(last_name="DURAND", first_name="Léa", birth_date=dt.date(2009, 3, 14))
    page = validate(client, world, CHECKS)
    assert "Des lignes sont signalées « Doublon probable »" in page
    assert "Doublon probable : " in page
    assert f'value="{services.DUPLICATES_CHECK}" id="check-duplicates" required' in page
