"""Free adult licences: the animateurs' from their role in the AS, the others ordered by the AS
for its board and its educational community, and the list of the AS's adult licensees."""

import html
import io

import pytest
from django.urls import reverse
from pypdf import PdfReader

from opuss.core.models import AuditEntry
from opuss.licences import adults
from opuss.licences.enums import AdultKind
from opuss.licences.models import AdultLicence
from tests.factories import AffiliationFactory, SeasonFactory

pytestmark = pytest.mark.django_db


def page_text(response) -> str:
    assert response.status_code == 200
    return " ".join(html.unescape(response.content.decode()).split())


def order(client, world, **values):
    data = {
        "last_name": "Martin",
        "first_name": "Claire",
        "email": "claire.martin@example.fr",
        "kind": AdultKind.DIRIGEANT,
    } | values
    return client.post(reverse("cards:adult_order", args=[world.a.association.code]), data)


def generate(client, world):
    return client.post(reverse("cards:adult_animateurs", args=[world.a.association.code]))


# --- ordering -------------------------------------------------------------------------------


def test_the_as_orders_a_numbered_licence_for_a_dirigeant(client, world, affiliated):
    client.force_login(world.a.secretary)
    response = order(client, world)
    assert response.status_code == 302
    licence = AdultLicence.objects.get()
    assert licence.kind == AdultKind.DIRIGEANT
    assert (licence.last_name, licence.first_name) == ("MARTIN", "Claire")
    assert licence.season == world.season
    assert licence.number.startswith(world.a.association.code) and len(licence.number) == 9
    # Adult and pupil licences share the AS's sequence.
    assert licence.number != world.a.licence.number
    assert AuditEntry.objects.filter(
        action="licence adulte commandée", object_id=str(licence.pk), actor=world.a.secretary
    ).exists()


def test_the_as_orders_for_a_member_of_the_educational_community(client, world, affiliated):
    client.force_login(world.a.teacher)
    order(client, world, kind=AdultKind.COMMUNITY)
    assert AdultLicence.objects.get().kind == AdultKind.COMMUNITY


def test_a_non_affiliated_as_cannot_order(client, world):
    client.force_login(world.a.secretary)
    response = order(client, world)
    assert not AdultLicence.objects.exists()
    text = page_text(client.get(response["Location"]))
    assert "n'est pas affiliée pour la saison 2025-2026" in text


def test_an_as_affiliated_last_season_only_cannot_order(world):
    AffiliationFactory(
        association=world.a.association,
        season=SeasonFactory(start_year=2024, is_current=False),
        state="AFFILIATED",
        affiliated_at="2024-09-20T10:00:00+02:00",
        fee_affiliation=100,
        fee_contract=0,
        people=False,
    )
    with pytest.raises(adults.AdultLicenceError):
        adults.adult_licence_order(
            association=world.a.association,
            season=world.season,
            actor=world.a.secretary,
            last_name="Martin",
            first_name="Claire",
            email="claire.martin@example.fr",
            kind=AdultKind.DIRIGEANT,
        )


def test_the_same_adult_is_not_licensed_twice_in_a_season(client, world, affiliated):
    client.force_login(world.a.secretary)
    order(client, world)
    response = order(client, world, email="CLAIRE.MARTIN@example.fr")
    assert AdultLicence.objects.count() == 1
    assert "a déjà une licence adulte" in page_text(client.get(response["Location"]))


def test_the_order_form_does_not_license_an_animateur(world, affiliated):
    with pytest.raises(adults.AdultLicenceError):
        adults.adult_licence_order(
            association=world.a.association,
            season=world.season,
            actor=world.a.secretary,
            last_name="Prof",
            first_name="Paul",
            email="paul@example.fr",
            kind=AdultKind.ANIMATEUR,
        )


def test_an_incomplete_order_is_shown_again_with_its_errors(client, world, affiliated):
    client.force_login(world.a.secretary)
    response = order(client, world, email="pas-une-adresse")
    assert "email" in response.context["form"].errors
    assert 'aria-invalid="true"' in page_text(response)
    assert not AdultLicence.objects.exists()


@pytest.mark.parametrize("actor", ["sd", "sr", "teacher_b", "pupil"])
def test_only_the_as_orders(client, world, affiliated, actor):
    client.force_login(world.actor(actor))
    assert order(client, world).status_code == 404
    assert generate(client, world).status_code == 404
    assert not AdultLicence.objects.exists()


# --- the animateurs' licences ---------------------------------------------------------------


def test_each_animateur_gets_his_licence_once(client, world, affiliated):
    client.force_login(world.a.secretary)
    generate(client, world)
    licence = AdultLicence.objects.get()
    assert licence.user == world.a.teacher
    assert licence.kind == AdultKind.ANIMATEUR
    assert licence.number.startswith(world.a.association.code)

    generate(client, world)
    assert AdultLicence.objects.count() == 1


def test_an_animateur_ordered_as_dirigeant_gets_no_second_licence(client, world, affiliated):
    client.force_login(world.a.secretary)
    order(client, world, email=world.a.teacher.email)
    generate(client, world)
    assert AdultLicence.objects.count() == 1


def test_a_non_affiliated_as_cannot_generate(client, world):
    client.force_login(world.a.secretary)
    generate(client, world)
    assert not AdultLicence.objects.exists()


def test_the_animateurs_still_without_licence_are_listed_for_the_as(client, world, affiliated):
    client.force_login(world.a.secretary)
    url = reverse("cards:adults", args=[world.a.association.code])
    assert world.a.teacher.display_name in page_text(client.get(url))
    generate(client, world)
    assert "Chaque animateur de l'AS a sa licence 2025-2026" in page_text(client.get(url))


# --- the list -------------------------------------------------------------------------------


@pytest.fixture
def licensed(client, world, affiliated):
    adults.animateur_licences_generate(
        association=world.a.association, season=world.season, actor=world.a.secretary
    )
    return adults.adult_licence_order(
        association=world.a.association,
        season=world.season,
        actor=world.a.secretary,
        last_name="Martin",
        first_name="Claire",
        email="claire.martin@example.fr",
        kind=AdultKind.DIRIGEANT,
    )


def test_the_as_lists_its_adult_licensees(client, world, licensed):
    client.force_login(world.a.teacher)
    text = page_text(client.get(reverse("cards:adults", args=[world.a.association.code])))
    assert "MARTIN" in text and "claire.martin@example.fr" in text and licensed.number in text
    assert "Dirigeant (membre du bureau)" in text
    assert "Animateur d'AS" in text


def test_the_adult_list_exports_to_csv(client, world, licensed):
    client.force_login(world.a.sr)
    url = reverse("cards:adults", args=[world.a.association.code])
    content = client.get(url, {"export": "csv"}).getvalue().decode("utf-8-sig")
    header, *rows = content.splitlines()
    assert header == "Qualité;Nom;Prénom;E-mail;N° de licence;Prise le"
    assert len(rows) == 2
    assert any(licensed.number in row and "claire.martin@example.fr" in row for row in rows)


def test_the_adult_list_prints(client, world, licensed):
    client.force_login(world.a.secretary)
    response = client.get(reverse("cards:adults_pdf", args=[world.a.association.code]))
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(" ".join(page.extract_text() for page in reader.pages).split())
    assert "MARTIN Claire" in text and licensed.number in text


def test_the_services_see_the_list_without_the_order_form(client, world, licensed):
    client.force_login(world.a.sd)
    text = page_text(client.get(reverse("cards:adults", args=[world.a.association.code])))
    assert licensed.number in text
    assert "Commander une licence adulte" not in text


def test_another_as_does_not_see_the_list(client, world, licensed):
    client.force_login(world.b.secretary)
    url = reverse("cards:adults", args=[world.a.association.code])
    assert client.get(url).status_code == 404
