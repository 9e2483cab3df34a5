"""The licence card and what the QR code on it opens; the lists printed or exported from licences:
the AS's certified list, the services' list of their scope. Each read as its reader reads it: the
PDF's text, the page a referee sees on his phone, the rows of a spreadsheet."""

import datetime as dt
import html
import io
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import signing
from django.urls import resolve, reverse
from pypdf import PdfReader

from opuss.licences import cards
from opuss.licences.enums import LicenceState
from tests.factories import LicenceFactory, PupilFactory, SeasonFactory

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")


def squash(text: str) -> str:
    return " ".join(text.split())


def pdf_of(response) -> PdfReader:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return PdfReader(io.BytesIO(response.content))


def pdf_text(response) -> str:
    return squash(" ".join(page.extract_text() for page in pdf_of(response).pages))


def page_text(response) -> str:
    assert response.status_code == 200
    return squash(html.unescape(response.content.decode()))


def card_url(licence) -> str:
    return reverse("cards:card", args=[licence.pk])


def verify_url(licence) -> str:
    return reverse("cards:verify", args=[cards.verification_token(licence)])


@pytest.fixture
def pupil_record(world):
    """Side A's pupil, with the personal data the public page must never show."""
    pupil = world.a.licence.pupil
    pupil.last_name, pupil.first_name = "Schmitte", "Thomas"
    pupil.sex, pupil.birth_date = "M", dt.date(2008, 6, 11)
    pupil.email, pupil.phone = "thomas.schmitte@example.fr", "0695974892"
    pupil.guardian_email, pupil.guardian1_phone = "parent.schmitte@example.fr", "0389836920"
    pupil.save()
    return pupil


# --- the card -------------------------------------------------------------------------------


def test_the_pupil_prints_his_card_with_its_number_name_category_as_and_season(
    client, world, pupil_record
):
    client.force_login(world.a.pupil)
    text = pdf_text(client.get(card_url(world.a.licence)))
    assert world.a.licence.number in text
    assert "SCHMITTE Thomas" in text
    assert "Cadet" in text
    assert f"AS {world.a.association.code}" in text
    assert "2025-2026" in text
    assert "Active" in text


def test_the_card_carries_a_qr_code_of_the_verification_page(client, world):
    client.force_login(world.a.secretary)
    reader = pdf_of(client.get(card_url(world.a.licence)))
    assert reader.pages[0].images  # the QR code (the printer stores it once for both copies)
    context = cards.card_context(world.a.licence)
    assert context["qr"] == cards.qr_data_uri(cards.verification_url(world.a.licence))
    assert context["qr"].startswith("data:image/png;base64,")


def test_the_verification_url_is_absolute_on_the_site_url(world):
    url = cards.verification_url(world.a.licence)
    assert url.startswith(settings.SITE_URL.rstrip("/") + "/verifier/")
    path = url.removeprefix(settings.SITE_URL.rstrip("/"))
    assert resolve(path).url_name == "verify"


def test_a_pupil_cannot_print_another_pupils_card(client, world):
    client.force_login(world.a.pupil)
    assert client.get(card_url(world.b.licence)).status_code == 404


def test_a_pupil_prints_each_of_his_own_licences(client, world):
    past = LicenceFactory(
        pupil=world.a.licence.pupil,
        association=world.a.association,
        season=SeasonFactory(start_year=2024, is_current=False),
    )
    client.force_login(world.a.pupil)
    assert past.number in pdf_text(client.get(card_url(past)))


def test_the_pupil_home_offers_to_print_the_licence(client, world):
    client.force_login(world.a.pupil)
    response = client.get(reverse("licences:pupil_home"))
    assert "Imprimer la licence" in page_text(response)
    assert card_url(world.a.licence) in response.content.decode()


def test_the_as_list_links_each_licence_to_its_card(client, world):
    client.force_login(world.a.teacher)
    response = client.get(reverse("associations:licences", args=[world.a.association.code]))
    assert card_url(world.a.licence) in response.content.decode()


# --- the verification page ------------------------------------------------------------------


def test_anyone_sees_the_name_category_as_and_verdict_of_a_valid_licence(
    client, world, pupil_record
):
    text = page_text(client.get(verify_url(world.a.licence)))
    assert "SCHMITTE" in text and "Thomas" in text
    assert "Cadet" in text
    assert f"AS {world.a.association.code}" in text
    assert str(world.a.association.establishment) in text
    assert "Licence valide pour la saison 2025-2026" in text


def test_the_verification_page_shows_no_other_personal_data(client, world, pupil_record):
    text = page_text(client.get(verify_url(world.a.licence)))
    for private in [
        "11/06/2008",
        "2008",
        "thomas.schmitte@example.fr",
        "0695974892",
        "parent.schmitte@example.fr",
        "0389836920",
        "Garçon",
        world.a.licence.number,
    ]:
        assert private not in text, private


def test_the_verification_page_is_not_indexed(client, world):
    response = client.get(verify_url(world.a.licence))
    assert '<meta name="robots" content="noindex' in response.content.decode()
    assert "noindex" in response["X-Robots-Tag"]


def test_a_transferred_licence_is_said_transferred(client, world):
    world.a.licence.state = LicenceState.TRANSFERRED
    world.a.licence.save(update_fields=["state"])
    text = page_text(client.get(verify_url(world.a.licence)))
    assert "Licence transférée" in text
    assert "Licence valide" not in text


def test_a_licence_of_a_past_season_is_said_past(client, world):
    past = LicenceFactory(
        association=world.a.association,
        season=SeasonFactory(start_year=2024, is_current=False),
    )
    text = page_text(client.get(verify_url(past)))
    assert "Licence d'une saison passée" in text
    assert "Licence valide" not in text


def test_a_tampered_token_is_not_found(client, world):
    token = cards.verification_token(world.a.licence)
    pk, signature = token.split(":", 1)
    forged = f"{world.b.licence.pk}:{signature}"
    assert client.get(reverse("cards:verify", args=[forged])).status_code == 404
    assert client.get(reverse("cards:verify", args=[token[:-1] + "x"])).status_code == 404
    assert client.get(reverse("cards:verify", args=["n-importe-quoi"])).status_code == 404


def test_a_token_signed_for_something_else_is_not_found(client, world):
    other = signing.Signer(salt="another-purpose").sign(str(world.a.licence.pk))
    assert client.get(reverse("cards:verify", args=[other])).status_code == 404


# --- the certified list ---------------------------------------------------------------------


@pytest.fixture
def licensees(world):
    """Side A's AS: its world licence and two pupils licensed on 6 October 2025 at 10:32, one of
    them transferred since; side B's licensee; an old licensee of A of last season."""
    taken = dt.datetime(2025, 10, 6, 10, 32, tzinfo=PARIS)
    a = world.a.association
    return {
        "zoe": LicenceFactory(
            association=a,
            season=world.season,
            created_at=taken,
            pupil=PupilFactory(last_name="Zidane", first_name="Zoé"),
        ),
        "adam": LicenceFactory(
            association=a,
            season=world.season,
            created_at=taken,
            pupil=PupilFactory(last_name="Abel", first_name="Adam", sex="M"),
        ),
        "gone": LicenceFactory(
            association=a,
            season=world.season,
            state=LicenceState.TRANSFERRED,
            pupil=PupilFactory(last_name="Parti", first_name="Paul"),
        ),
        "old": LicenceFactory(
            association=a,
            season=SeasonFactory(start_year=2024, is_current=False),
            pupil=PupilFactory(last_name="Ancien", first_name="Anne"),
        ),
    }


def certified_list(client, world, **params):
    url = reverse("cards:certified_list", args=[world.a.association.code])
    return client.get(url, params)


def test_the_certified_list_has_every_licensee_with_the_date_and_time_of_his_licence(
    client, world, licensees
):
    client.force_login(world.a.secretary)
    text = pdf_text(certified_list(client, world))
    for licence in [world.a.licence, licensees["zoe"], licensees["adam"]]:
        assert licence.number in text
    assert "ABEL Adam Garçon" in text
    assert "06/10/2025 à 10h32" in text
    assert text.index("ABEL") < text.index("ZIDANE")  # sorted by name


def test_the_certified_list_carries_the_heads_certification(client, world, licensees):
    establishment = world.a.association.establishment
    establishment.head_civility, establishment.head_last_name = "M", "Brugger"
    establishment.head_first_name = "Frédéric"
    establishment.save()
    client.force_login(world.a.teacher)
    text = pdf_text(certified_list(client, world))
    assert (
        "Je soussigné(e) M. BRUGGER Frédéric, chef d'établissement, certifie que les élèves "
        "ci-dessus sont licenciés à l'UNSS" in text
    )


def test_the_certified_list_leaves_out_other_ases_transfers_and_other_seasons(
    client, world, licensees
):
    client.force_login(world.a.sr)
    text = pdf_text(certified_list(client, world))
    for absent in [world.b.licence, licensees["gone"], licensees["old"]]:
        assert absent.number not in text


def test_the_certified_list_of_a_past_season(client, world, licensees):
    client.force_login(world.a.secretary)
    text = pdf_text(certified_list(client, world, saison="2024"))
    assert licensees["old"].number in text
    assert licensees["zoe"].number not in text


def test_another_as_cannot_print_the_certified_list(client, world):
    client.force_login(world.b.secretary)
    assert certified_list(client, world).status_code == 404


# --- the services' list ---------------------------------------------------------------------


def region_list(client, **params):
    return client.get(reverse("cards:region_licences"), params)


def test_the_sr_sees_the_licences_of_his_academie_only(client, world):
    client.force_login(world.b.sr)
    text = page_text(region_list(client))
    assert world.b.licence.number in text
    assert world.a.licence.number not in text


def test_the_sr_exports_the_licences_of_his_academie_with_their_as(client, world):
    client.force_login(world.a.sr)
    response = region_list(client, export="csv")
    content = response.getvalue().decode("utf-8-sig")
    header, *rows = content.splitlines()
    assert header.startswith("AS;N° de licence;Nom;Prénom")
    assert len(rows) == 1
    assert rows[0].startswith(f"{world.a.association.code};{world.a.licence.number};")


def test_the_services_list_filters_by_sex_and_category(client, world):
    girl = world.a.licence  # the factory's pupils are girls, Cadet
    boy = LicenceFactory(
        association=world.a.association,
        season=world.season,
        category="Junior",
        pupil=PupilFactory(sex="M"),
    )
    client.force_login(world.dn)
    boys = page_text(region_list(client, sexe="M"))
    assert boy.number in boys and girl.number not in boys
    juniors = page_text(region_list(client, categorie="Junior"))
    assert boy.number in juniors and girl.number not in juniors


def test_the_services_list_searches_an_as_code(client, world):
    client.force_login(world.dn)
    text = page_text(region_list(client, q=world.b.association.code))
    assert world.b.licence.number in text
    assert world.a.licence.number not in text


def test_the_services_list_shows_the_current_season_only(client, world, licensees):
    client.force_login(world.a.sd)
    assert licensees["old"].number not in page_text(region_list(client))
