"""« Prélèvements SEPA », the national direction's page: the season's runs with their dates, each
batch generated (count, total, message id, when, who), « Générer le lot … » after a confirmation,
and the file, downloaded once the password is confirmed (it shows every AS's IBAN). Who else may
open it (nobody: 404) is in the access matrix (tests/access/debits.py)."""

import html

import pytest
from django.urls import reverse

from opuss.core.models import AuditEntry
from opuss.finance.models import DebitBatch
from tests.factories import PASSWORD
from tests.finance.test_debits import as_a, clock  # noqa: F401 - fixtures

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("as_a")]

BATCHES = reverse("debits:batches")
GENERATE_OCTOBER = reverse("debits:generate", args=["2025-10"])


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def dn(client, world):
    client.force_login(world.dn)
    return client


def test_the_page_lists_the_runs_and_offers_the_next_one(dn):
    page = text(dn.get(BATCHES))
    assert "Prélèvements SEPA – saison 2025-2026" in page
    assert "vendredi 31 octobre 2025" in page  # October's processing date, and its latest day
    assert "mardi 4 novembre 2025" in page
    assert "mercredi 29 avril 2026" in page  # April's: 1 May closes TARGET2
    assert "Générer le lot d'octobre 2025" in page
    assert "Générer le lot de novembre 2025" not in page  # October first


def test_the_confirmation_says_what_will_be_debited_and_that_it_is_irreversible(dn):
    page = text(dn.get(GENERATE_OCTOBER))
    assert "1 AS, 433,33\u00a0€" in page
    assert "Cette opération est irréversible." in page
    assert not DebitBatch.objects.exists()


def test_generating_shows_the_batch_on_the_page(dn, world):
    response = dn.post(GENERATE_OCTOBER, follow=True)
    batch = DebitBatch.objects.get()
    page = text(response)
    assert (
        f"Lot d'octobre 2025 généré : 1 prélèvement, 433,33\u00a0€, identifiant "
        f"{batch.message_id}. Chaque AS est prévenue par courriel." in page
    )
    assert batch.created_by == world.dn
    assert f"généré le 31/10/2025 09:00 par {world.dn.display_name}" in page
    assert "Générer le lot d'octobre 2025" not in page
    again = text(dn.post(GENERATE_OCTOBER, follow=True))
    assert "Le lot d'octobre 2025 avait déjà été généré : c'est le même fichier" in again
    assert DebitBatch.objects.count() == 1


def test_a_refused_run_says_why(dn, settings):
    settings.OPUSS_NOW = "2025-11-03T09:00:00+01:00"
    page = text(dn.get(GENERATE_OCTOBER))
    assert "Trop tard pour prélever le 4 novembre 2025" in page
    assert "Cette opération est irréversible." not in page
    refused = text(dn.post(GENERATE_OCTOBER, follow=True))
    assert "Trop tard pour prélever le 4 novembre 2025" in refused
    assert not DebitBatch.objects.exists()


def test_an_unknown_run_is_a_404(dn):
    assert dn.get(reverse("debits:generate", args=["2025-08"])).status_code == 404
    assert dn.post(reverse("debits:generate", args=["2025-08"])).status_code == 404


def test_the_file_is_downloaded_after_the_password_is_confirmed(dn, world):
    dn.post(GENERATE_OCTOBER)
    batch = DebitBatch.objects.get()
    url = reverse("debits:file", args=[batch.pk])
    refused = dn.get(url, follow=True)
    assert "confirmez d'abord votre mot de passe" in text(refused)
    wrong = dn.post(reverse("debits:confirm_password"), {"password": "pas le bon"}, follow=True)
    assert "Mot de passe incorrect : les fichiers restent fermés." in text(wrong)
    dn.post(reverse("debits:confirm_password"), {"password": PASSWORD})
    assert AuditEntry.objects.filter(
        action="accès aux coordonnées bancaires", actor=world.dn, object_type="seasons.season"
    ).exists()
    response = dn.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    assert response["Content-Disposition"] == f'attachment; filename="{batch.message_id}.xml"'
    assert response.content.decode() == batch.xml
    assert f'href="{url}"' in dn.get(BATCHES).content.decode()


def test_the_national_direction_finds_it_in_its_menu_and_home(dn, client, world):
    home = text(dn.get(reverse("core:staff_home")))
    assert home.count(f'href="{BATCHES}"') == 2  # the menu and the dashboard's card
    client.force_login(world.a.sr)
    assert BATCHES not in client.get(reverse("core:staff_home")).content.decode()
