"""Blocks kept for many readers (opuss.core.caching, issue #14): the homes read them once per AS
or territory, and any change shows at once, never another AS's data."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment
from opuss.affiliations.models import AffiliationAnimateur
from opuss.core.caching import kept, renew
from opuss.licences import services
from opuss.rules.season import load_season
from tests.content.factories import article_for
from tests.factories import LicenceFactory, affiliated_as, user_with_role
from tests.writes import in_season  # noqa: F401 - fixture

pytestmark = pytest.mark.django_db


def test_a_block_is_read_once_until_its_generation_is_renewed():
    reads = []

    def read():
        reads.append(1)
        return len(reads)

    assert kept(["as:1"], "figures", read, 60) == 1
    assert kept(["as:1"], "figures", read, 60) == 1
    renew("as:2")  # another AS's change
    assert kept(["as:1"], "figures", read, 60) == 1
    renew("as:1")
    assert kept(["as:1"], "figures", read, 60) == 2


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def pupil_home(client, user) -> str:
    return page(client, user, reverse("licences:pupil_home"))


def test_a_second_pupil_of_the_as_reads_no_article_and_no_panel(client, world):
    affiliated_as(world.a.association, world.season)
    article_for("AS", world.a.association, title="Reprise de l'escalade")
    assert "Reprise de l&#x27;escalade" in pupil_home(client, world.a.pupil)
    other = LicenceFactory(association=world.a.association, season=world.season)
    other.pupil.user = user_with_role(Role.PUPIL)
    other.pupil.save()
    client.force_login(other.pupil.user)
    client.get(reverse("licences:pupil_home"))  # his session
    with CaptureQueriesContext(connection) as queries:
        assert "Reprise de l&#x27;escalade" in pupil_home(client, other.pupil.user)
    tables = " ".join(q["sql"] for q in queries)
    assert "content_article" not in tables and "affiliations_affiliation" not in tables


def test_an_article_published_shows_at_once_and_never_to_another_as(client, world):
    assert "Tournoi de printemps" not in pupil_home(client, world.a.pupil)
    pupil_home(client, world.b.pupil)
    article_for("AS", world.a.association, title="Tournoi de printemps")
    assert "Tournoi de printemps" in pupil_home(client, world.a.pupil)
    assert "Tournoi de printemps" not in pupil_home(
        client, world.b.pupil
    ), "side B's pupils read side A's AS article"


def test_an_animateur_added_shows_at_once_on_the_pupils_panel(client, world):
    affiliation = affiliated_as(world.a.association, world.season)
    tab = reverse("licences:pupil_home") + "?onglet=animateurs"
    assert "GRIMPEUR Jean" not in page(client, world.a.pupil, tab)
    AffiliationAnimateur.objects.create(
        affiliation=affiliation, civility="M", last_name="Grimpeur", first_name="Jean",
        email="jean.grimpeur@example.fr",
    )
    assert "GRIMPEUR Jean" in page(client, world.a.pupil, tab)


def as_home(client, user, association) -> str:
    return page(client, user, reverse("associations:detail", args=[association.code]))


def test_a_member_added_by_the_services_shows_at_once_on_the_as_home(client, world):
    # A name Faker("fr_FR") never draws: a department or a school may be named after a
    # common surname.
    assert "Quillivic" not in as_home(client, world.a.teacher, world.a.association)
    newcomer = user_with_role(Role.PUPIL)
    newcomer.last_name = "Quillivic"
    newcomer.save()
    RoleAssignment.objects.create(user=newcomer, role=Role.AS_TEACHER,
                                  association=world.a.association)
    assert "QUILLIVIC" in as_home(client, world.a.teacher, world.a.association)


@pytest.mark.usefixtures("in_season")
def test_a_validated_basket_counts_at_once_on_the_as_home(client, world):
    affiliated_as(world.a.association, world.season)
    before = as_home(client, world.a.teacher, world.a.association)
    assert '<p class="figure">1</p>' in before
    basket = services.basket_open(association=world.a.association, season=world.season,
                                  actor=world.a.teacher)
    services.basket_add_new(basket=basket, actor=world.a.teacher, values={
        "last_name": "Nouvelle", "first_name": "Léa", "sex": "F", "birth_date": dt.date(2012, 3, 4),
        "guardian_email": "parent.nouvelle@example.fr", "insurance": "MAIF_COLLECTIVE",
    })
    checks = list(load_season("2025-2026").licences.checks)
    services.basket_validate(basket=basket, actor=world.a.teacher, confirmed=checks)
    after = as_home(client, world.a.teacher, world.a.association)
    assert '<p class="figure">2</p>' in after
    assert "1 réponse de responsable légal manquante" in after
