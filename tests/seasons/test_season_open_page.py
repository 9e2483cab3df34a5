"""« Ouvrir la saison suivante », DN's page: the same opening as `opuss season open`, after a
confirmation, reached from DN's dashboard."""

import pytest
from django.urls import reverse

from opuss.accounts.enums import Role
from opuss.core.models import AuditEntry
from opuss.seasons.models import Season
from tests.factories import SeasonFactory, user_with_role

pytestmark = pytest.mark.django_db
URL = reverse("seasons:open")


@pytest.fixture
def dn(client):
    SeasonFactory(start_year=2025, is_current=True)
    user = user_with_role(Role.DN)
    client.force_login(user)
    return user


def test_dn_reaches_the_page_from_the_dashboard(client, dn) -> None:
    home = client.get(reverse("core:staff_home")).content.decode()

    assert f'href="{URL}">Ouvrir la saison suivante</a>' in home


def test_dn_opens_the_next_season_after_confirming(client, dn, next_season_file) -> None:
    page = client.get(URL).content.decode()
    assert "Ouvrir la saison 2026-2027" in page

    response = client.post(URL, {"confirm": "on"}, follow=True)

    assert Season.objects.current().label == "2026-2027"
    assert "Saison 2026-2027 ouverte (la saison 2025-2026 est close)." in response.content.decode()
    assert AuditEntry.objects.get(action="saison ouverte").actor == dn


def test_without_confirmation_nothing_opens(client, dn, next_season_file) -> None:
    page = client.post(URL, {}).content.decode()

    assert "Cochez la case pour confirmer l&#x27;ouverture de la saison." in page
    assert Season.objects.current().label == "2025-2026"


def test_without_the_rules_file_the_page_says_why(client, dn) -> None:
    page = client.get(URL).content.decode()

    assert "La saison 2026-2027 ne peut pas être ouverte" in page
    assert "<form" not in page.split("<h1>")[1]
    client.post(URL, {"confirm": "on"})
    assert Season.objects.current().label == "2025-2026"
