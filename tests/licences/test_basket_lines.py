"""Removing a line from the basket: only a line of one's own open basket exists for him."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from opuss.licences.models import Basket, BasketLine
from tests.access import affiliated

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_season")]


def line_of(side, season) -> BasketLine:
    basket = Basket.objects.create(
        association=side.association, season=season, created_by=side.teacher
    )
    return BasketLine.objects.create(
        basket=basket,
        source="NEW",
        last_name="DURAND",
        first_name="Léa",
        sex="F",
        birth_date=dt.date(2009, 3, 14),
    )


def remove(client, side, line):
    client.force_login(side.teacher)
    url = reverse("baskets:remove_line", args=[side.association.code, line.pk])
    return client.post(url, follow=True)


def test_a_teacher_removes_a_line_of_his_basket(client, world):
    affiliated(world.a.association, world.season)
    line = line_of(world.a, world.season)
    remove(client, world.a, line)
    assert not BasketLine.objects.filter(pk=line.pk).exists()


def test_a_line_of_another_as_does_not_exist_under_ones_own_code(client, world):
    affiliated(world.a.association, world.season)
    theirs = line_of(world.b, world.season)
    client.force_login(world.a.teacher)
    url = reverse("baskets:remove_line", args=[world.a.association.code, theirs.pk])
    assert client.post(url).status_code == 404
    assert BasketLine.objects.filter(pk=theirs.pk).exists()
    assert not Basket.objects.filter(created_by=world.a.teacher).exists()


def test_removing_a_line_when_the_as_does_not_license_says_why(client, world):
    line = line_of(world.a, world.season)  # the world's AS A is not affiliated
    response = remove(client, world.a, line)
    assert "n'est pas encore affiliée" in html.unescape(response.content.decode())
    assert BasketLine.objects.filter(pk=line.pk).exists()
