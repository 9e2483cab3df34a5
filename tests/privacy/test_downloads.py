"""A pupil downloads everything the federation holds on him, as JSON and as a readable PDF; his
guardian does the same through the validation link while it is valid."""

import datetime as dt
import json

import pytest
from django.urls import reverse

from opuss.core.models import AuditEntry
from opuss.guardians.links import make_token
from opuss.guardians.models import GuardianRequest
from opuss.privacy.selectors import pupil_data
from opuss.privacy.services import DOWNLOADED
from tests.factories import LicenceFactory
from tests.helpers import log_in

pytestmark = pytest.mark.django_db

PUPIL_JSON = reverse("privacy:pupil_json")
PUPIL_PDF = reverse("privacy:pupil_pdf")


def rows(data, key):
    return data["sections"][key]["rows"]


def test_the_export_holds_a_row_of_every_kind_about_the_pupil(full_pupil, now):
    data = pupil_data(full_pupil, now=now)
    empty = {key for key, section in data["sections"].items() if not section["rows"]}
    # He holds no adult licence and did nothing outside his own records.
    assert empty == {"adult_licences", "own_actions"}
    assert rows(data, "identity")[0]["guardian_email"] == "parent@example.fr"
    assert rows(data, "guardian_responses")[0]["correction_note"] == "Née le 18 mai, pas le 17"
    assert rows(data, "guardian_responses")[0]["shown"]["mentions"]
    assert rows(data, "competition_entries")[0]["rank"] == 3
    assert rows(data, "jo_quiz_attempts")[0]["answers"] == [
        "Combien de joueurs au hand ? → Sept (juste)"
    ]
    assert rows(data, "logins")[0]["ip_address"] == "192.0.2.17"


def test_a_failed_login_on_his_account_is_in_his_export(client, full_pupil, now):
    log_in(client, full_pupil.licences.first().number, "pas son mot de passe du tout")
    logins = rows(pupil_data(full_pupil, now=now), "logins")
    assert [row["result"] for row in logins].count("Échec") == 1


def test_the_audit_section_shows_the_changes_of_his_licence_in_french(full_pupil, now):
    journal = rows(pupil_data(full_pupil, now=now), "audit")
    corrected = next(row for row in journal if row["action"].lower() == "licence corrigée")
    assert corrected["changes"] == ["Catégorie : Minime → Cadet"]


def test_the_pupil_downloads_his_data_as_json(client, world, full_pupil):
    client.force_login(world.a.pupil)
    response = client.get(PUPIL_JSON)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == (
        'attachment; filename="donnees-personnelles-opuss-2025-10-06.json"'
    )
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert rows(data, "licences")[0]["number"] == world.a.licence.number
    assert rows(data, "identity")[0]["birth_date"] == str(full_pupil.birth_date)


def test_the_export_never_holds_the_password_hash(client, world, full_pupil):
    client.force_login(world.a.pupil)
    content = client.get(PUPIL_JSON).content.decode()
    assert world.a.pupil.password not in content
    assert rows(json.loads(content), "account")[0]["has_password"] is True


def test_the_pupil_gets_his_own_data_only(client, world, full_pupil):
    client.force_login(world.b.pupil)
    data = json.loads(client.get(PUPIL_JSON).content)
    assert [row["number"] for row in rows(data, "licences")] == [world.b.licence.number]
    assert not rows(data, "guardian_responses")
    assert full_pupil.last_name not in json.dumps(data)


def test_the_pupil_downloads_a_readable_pdf(client, world, full_pupil):
    client.force_login(world.a.pupil)
    response = client.get(PUPIL_PDF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="donnees-personnelles-opuss-2025-10-06.pdf"'
    )
    assert response.content.startswith(b"%PDF")


def test_the_pdf_template_shows_every_section_in_french(rf, world, full_pupil, now):
    from django.template.loader import render_to_string

    html = render_to_string(
        "privacy/pdf/data.html", {"data": pupil_data(full_pupil, now=now)}, request=rf.get("/")
    )
    for title in ("Identité et coordonnées", "Réponses des responsables légaux", "Compétitions"):
        assert title in html
    assert "Mention sur le RGPD" in html  # what the guardian was shown
    assert "06/10/2025" in html


def test_his_page_lists_what_the_download_holds(client, world, full_pupil):
    client.force_login(world.a.pupil)
    response = client.get(reverse("privacy:pupil_page"))
    assert response.status_code == 200
    assert "Télécharger mes données (PDF)" in response.content.decode()
    assert "Jeune Officiel : certifications" in response.content.decode()


def test_his_space_links_to_his_data(client, world):
    client.force_login(world.a.pupil)
    page = client.get(reverse("licences:pupil_home")).content.decode()
    assert page.count(reverse("privacy:pupil_page")) == 2  # « Mon profil » and « Mes informations »


def test_a_download_is_recorded_in_the_audit_log(client, world, full_pupil):
    client.force_login(world.a.pupil)
    client.get(PUPIL_PDF)
    entry = AuditEntry.objects.get(action=DOWNLOADED)
    assert entry.actor == world.a.pupil
    assert entry.after == {"par": "licencié", "format": "PDF"}


# --- the guardian -----------------------------------------------------------------------------


@pytest.fixture
def guardian_link(full_pupil):
    request = GuardianRequest.objects.get(licence__pupil=full_pupil)
    return make_token(request)


def guardian_json(token):
    return reverse("privacy:guardian_json", kwargs={"token": token})


def test_the_guardian_downloads_his_childs_data_through_his_link(client, guardian_link, world):
    response = client.get(guardian_json(guardian_link))
    assert response.status_code == 200
    assert rows(json.loads(response.content), "licences")[0]["number"] == world.a.licence.number
    entry = AuditEntry.objects.get(action=DOWNLOADED)
    assert entry.actor is None and entry.after["par"] == "responsable légal"


def test_the_guardian_downloads_the_pdf_too(client, guardian_link):
    response = client.get(reverse("privacy:guardian_pdf", kwargs={"token": guardian_link}))
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")


def test_a_tampered_link_gives_nothing(client, guardian_link):
    assert client.get(guardian_json(guardian_link[:-2] + "xx")).status_code == 404
    assert client.get(guardian_json("n-importe-quoi")).status_code == 404


def test_an_expired_link_gives_nothing_even_once_answered(client, guardian_link, demo_day):
    demo_day.shift(dt.timedelta(days=31))
    assert client.get(guardian_json(guardian_link)).status_code == 404


def test_a_replaced_link_gives_nothing(client, guardian_link, full_pupil):
    request = GuardianRequest.objects.get(licence__pupil=full_pupil)
    request.nonce = "renvoye"
    request.save(update_fields=["nonce"])
    assert client.get(guardian_json(guardian_link)).status_code == 404


def test_a_link_for_another_pupil_gives_that_pupil_only(client, world, full_pupil):
    # A name Faker cannot draw for the other pupil, his AS or its establishment.
    full_pupil.last_name = "ZOLMÈNE-QUARTZ"
    full_pupil.save(update_fields=["last_name"])
    other = LicenceFactory(association=world.b.association, season=world.season)
    request = GuardianRequest.objects.create(
        licence=other, email="autre@example.fr", created_at=other.created_at
    )
    data = json.loads(client.get(guardian_json(make_token(request))).content)
    assert [row["number"] for row in rows(data, "licences")] == [other.number]
    assert full_pupil.last_name not in json.dumps(data)


def test_the_guardian_of_an_adult_pupil_gets_nothing(client, guardian_link, full_pupil):
    full_pupil.birth_date = dt.date(2007, 10, 6)  # 18 today
    full_pupil.save(update_fields=["birth_date"])
    assert client.get(guardian_json(guardian_link)).status_code == 404


def test_the_validation_page_offers_the_download_while_the_link_is_valid(
    client, guardian_link, demo_day
):
    page = reverse("guardians:answer", kwargs={"token": guardian_link})
    assert guardian_json(guardian_link) in client.get(page).content.decode()
    demo_day.shift(dt.timedelta(days=31))
    answered = client.get(page).content.decode()  # an answered link still shows the answer
    assert guardian_json(guardian_link) not in answered
    assert "Ce lien a expiré" in answered
