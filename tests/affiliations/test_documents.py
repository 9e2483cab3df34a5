"""The affiliation's printed documents, checked as their readers check them: by the text of the
PDF. The form for the AS and its services, the SEPA mandate the AS signs for its bank, the
invoice of an affiliated AS with its debits."""

import io
from decimal import Decimal

import pytest
import time_machine
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from pypdf import PdfReader

from opuss.affiliations import services
from opuss.affiliations.documents import SEPA_MENTION
from opuss.core.pdf import StaticFilesOnly
from opuss.finance.models import BankAccount
from opuss.rules.money import format_eur
from tests.factories import AffiliationFactory, SeasonFactory

pytestmark = pytest.mark.django_db

IBAN = "FR7630006000011234567890189"
BIC = "AGRIFRPPXXX"
DOCUMENTS = ["affiliations:pdf_form", "affiliations:pdf_mandate", "affiliations:pdf_invoice"]


def squash(text: str) -> str:
    """Whitespace as one plain space: amounts hold no-break spaces, lines wrap anywhere."""
    return " ".join(text.split())


def pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    pages = PdfReader(io.BytesIO(response.content)).pages
    return squash(" ".join(page.extract_text() for page in pages))


def url(name, world):
    return reverse(name, args=[world.a.association.code])


def eur(amount: str) -> str:
    return squash(format_eur(Decimal(amount)))


@pytest.fixture
def paying(world):
    """Side A's AS was affiliated last season, so this season's contract is not free; its form
    of this season is transmitted."""
    AffiliationFactory(
        association=world.a.association,
        season=SeasonFactory(start_year=2024, is_current=False),
        state="AFFILIATED",
        affiliated_at="2024-09-20T10:00:00+02:00",
        fee_affiliation=100,
        fee_contract=1200,
        people=False,
    )
    assert world.affiliation.state == "PENDING"
    return world


@pytest.fixture
def bank_account(world):
    return BankAccount.objects.create(
        association=world.a.association,
        holder="AS DU LYCEE",
        iban=IBAN,
        bic=BIC,
        rum="UNSS-24001-001",
        created_by=world.a.sr,
    )


@pytest.fixture
def affiliated(paying, bank_account, settings):
    """Side A's AS, by direct debit, affiliated by its SR on 15 September 2025."""
    settings.OPUSS_NOW = ""
    world = paying
    with time_machine.travel("2025-09-15T10:00:00+02:00", tick=False):
        services.affiliation_affiliate(
            affiliation=world.affiliation, actor=world.a.sr, verified=True
        )
    world.affiliation.refresh_from_db()
    return world.affiliation


def test_the_form_pdf_shows_what_the_as_filled_in(client, paying):
    world = paying
    client.force_login(world.a.secretary)
    response = client.get(url("affiliations:pdf_form", world))
    assert response["Content-Disposition"] == (
        f'inline; filename="affiliation-2025-2026-AS{world.a.association.code}.pdf"'
    )
    text = pdf_text(response)
    assert world.a.association.establishment.uai in text
    assert "73282932000074" in text
    assert "Garçons scolarisés 310" in text
    assert "Filles scolarisées 290" in text
    assert "Effectif pris en compte 600" in text
    assert f"Total {eur('1530.52')}" in text  # 100 € + 600 × (20 − 6) × 17,03 € / 100
    assert "Président (chef d'établissement) Mme NOM PRESIDENT Claire" in text
    assert "M. PROF Paul" in text
    assert "En attente" in text
    assert "Le chef d'établissement, président de l'AS" in text


def test_the_form_pdf_shows_the_billed_fee_once_affiliated(client, world, affiliated):
    """What was billed stays on the form, even if the rules would now say otherwise."""
    affiliated.fee_contract = Decimal("999.99")
    affiliated.save(update_fields=["fee_contract"])
    client.force_login(world.a.teacher)
    text = pdf_text(client.get(url("affiliations:pdf_form", world)))
    assert f"Total {eur('1099.99')}" in text
    assert "Affiliée le 15 septembre 2025" in text


def test_the_sd_may_print_the_form_of_an_as_of_his_department(client, paying):
    client.force_login(paying.a.sd)
    text = pdf_text(client.get(url("affiliations:pdf_form", paying)))
    assert paying.a.association.establishment.uai in text


def test_the_mandate_is_prefilled_with_the_bank_details(client, world, bank_account):
    client.force_login(world.a.teacher)
    text = pdf_text(client.get(url("affiliations:pdf_mandate", world)))
    assert "UNSS-24001-001" in text
    assert "FR76 3000 6000 0112 3456 7890 189" in text
    assert BIC in text
    assert settings.SEPA_CREDITOR["identifier"] in text
    assert squash(SEPA_MENTION) in text
    assert "Paiement récurrent" in text
    assert f"Association sportive du {world.a.association.establishment}" in text


def test_the_mandate_follows_the_latest_bank_account(client, world, bank_account):
    BankAccount.objects.create(
        association=world.a.association,
        holder="AS DU LYCEE",
        iban="FR1420041010050500013M02606",
        bic="PSSTFRPPPAR",
        rum="UNSS-24001-002",
        created_by=world.a.sr,
    )
    client.force_login(world.a.secretary)
    text = pdf_text(client.get(url("affiliations:pdf_mandate", world)))
    assert "UNSS-24001-002" in text and "UNSS-24001-001" not in text


def test_there_is_no_mandate_before_the_sr_enters_the_bank_details(client, world):
    for actor in (world.a.secretary, world.a.sr):
        client.force_login(actor)
        assert client.get(url("affiliations:pdf_mandate", world)).status_code == 404


def test_the_invoice_of_an_as_affiliated_on_15_september_by_direct_debit(client, world, affiliated):
    client.force_login(world.a.secretary)
    response = client.get(url("affiliations:pdf_invoice", world))
    assert response["Content-Disposition"] == 'inline; filename="facture-F2025-00001.pdf"'
    text = pdf_text(response)
    assert "Facture F2025-00001" in text
    assert "15 septembre 2025" in text
    assert f"Affiliation 2025-2026 {eur('100')}" in text
    assert f"Contrat personnalisé 2025-2026 {eur('1430.52')}" in text
    assert f"Total à payer {eur('1530.52')}" in text
    assert "TVA non applicable, article 261-7-1° du CGI" in text
    # Circular 2025-2026, échéancier: affiliations of September in the September run (value
    # date 3 October); the contract in thirds from the October run.
    assert f"Affiliation {eur('100')} prélevé le 3 octobre 2025" in text
    assert f"Contrat, 1er tiers {eur('476.84')} prélevé le 4 novembre 2025" in text
    assert f"Contrat, 2e tiers {eur('476.84')} prélevé le 2 décembre 2025" in text
    assert f"Contrat, 3e tiers {eur('476.84')} prélevé le 5 janvier 2026" in text


def test_the_sr_may_print_the_invoice(client, world, affiliated):
    client.force_login(world.a.sr)
    assert "Facture F2025-00001" in pdf_text(client.get(url("affiliations:pdf_invoice", world)))


def test_there_is_no_invoice_before_affiliation(client, world):
    assert world.affiliation.state == "PENDING"
    for actor in (world.a.secretary, world.a.sr, world.dn):
        client.force_login(actor)
        assert client.get(url("affiliations:pdf_invoice", world)).status_code == 404


def test_another_as_teacher_gets_404_on_all_three(client, world, affiliated):
    client.force_login(world.b.teacher)
    for name in DOCUMENTS:
        assert client.get(url(name, world)).status_code == 404, name


def as_home_card(world, affiliation) -> str:
    """The affiliation card of the AS home, as its secretary sees it."""
    from opuss.affiliations.selectors import season_affiliation

    return render_to_string(
        "affiliations/_summary.html",
        {
            "association": world.a.association,
            "season": world.season,
            "affiliation": season_affiliation(world.a.association, affiliation.season),
            "can_fill_in": True,
            "can_decide": False,
        },
    )


def test_the_as_home_links_the_three_documents_once_affiliated(world, affiliated):
    card = as_home_card(world, affiliated)
    for name in DOCUMENTS:
        assert url(name, world) in card, name


def test_the_as_home_says_the_sr_enters_the_bank_details_before_the_mandate(world):
    card = as_home_card(world, world.affiliation)
    assert url("affiliations:pdf_form", world) in card
    assert url("affiliations:pdf_mandate", world) not in card
    assert url("affiliations:pdf_invoice", world) not in card
    assert "le service régional doit d'abord saisir les coordonnées bancaires" in card


def test_the_sr_review_page_links_the_three_documents(client, world, affiliated):
    client.force_login(world.a.sr)
    page = client.get(reverse("affiliations:review", args=[affiliated.pk])).content.decode()
    for name in DOCUMENTS:
        assert url(name, world) in page, name


def test_printing_fetches_static_files_from_disk_and_nothing_else():
    fetcher = StaticFilesOnly("http://testserver/")
    stylesheet = fetcher.fetch("http://testserver/static/opuss/print.css")
    assert b"@page" in stylesheet.read()
    for refused in (
        "https://fonts.example.org/font.woff2",
        "http://testserver/admin/",
        "http://testserver/static/../settings.py",
        "file:///etc/passwd",
        "http://169.254.169.254/static/opuss/print.css",
    ):
        with pytest.raises(ValueError):
            fetcher.fetch(refused)
