"""« Affilier l'AS » creates an invoice, accounts and debits: the SR ticks that he checked the
form first, and the server refuses without it (issue #12)."""

import html

import pytest
from django.urls import reverse

from opuss.affiliations import services
from opuss.affiliations.enums import AffiliationState
from opuss.affiliations.models import Affiliation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_season(settings):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"


@pytest.fixture
def prepaid(world) -> Affiliation:
    world.affiliation.payment_mode = "PREPAYMENT"
    world.affiliation.save()
    return world.affiliation


def affiliate(client, affiliation, body):
    url = reverse("affiliations:affiliate", args=[affiliation.pk])
    return html.unescape(client.post(url, body, follow=True).content.decode())


def test_the_sr_cannot_affiliate_without_ticking_that_he_checked_the_form(client, world, prepaid):
    client.force_login(world.a.sr)
    page = affiliate(client, prepaid, {})
    assert "Cochez « Type d'établissement, effectifs et informations financières vérifiés »" in page
    prepaid.refresh_from_db()
    assert prepaid.state == AffiliationState.PENDING and not prepaid.invoice_number


def test_the_sr_affiliates_once_he_ticked_the_box(client, world, prepaid):
    client.force_login(world.a.sr)
    affiliate(client, prepaid, {"verified": "on"})
    prepaid.refresh_from_db()
    assert prepaid.state == AffiliationState.AFFILIATED and prepaid.invoice_number


def test_the_service_refuses_an_unchecked_affiliation(world, prepaid):
    with pytest.raises(services.AffiliationError, match="Cochez"):
        services.affiliation_affiliate(affiliation=prepaid, actor=world.a.sr, verified=False)


def test_a_second_click_on_affiliate_is_refused_by_the_server(client, world, prepaid):
    client.force_login(world.a.sr)
    affiliate(client, prepaid, {"verified": "on"})
    page = affiliate(client, prepaid, {"verified": "on"})
    assert "Impossible d'affilier" in page or "Impossible de" in page
    assert Affiliation.objects.filter(invoice_number__gt="").count() == 1


def test_the_review_page_shows_a_required_checkbox_and_a_busy_form(client, world, prepaid):
    client.force_login(world.a.sr)
    page = client.get(reverse("affiliations:review", args=[prepaid.pk])).content.decode()
    assert 'type="checkbox" name="verified" id="affiliate-verified" required' in page
    assert "data-busy" in page
