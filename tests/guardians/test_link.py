"""The guardian's page, opened from the e-mailed link without an account: valid, expired,
tampered, replaced, answered twice."""

import datetime as dt
import html

import pytest
from django.core import mail, signing
from django.urls import reverse

from opuss.core.models import AuditEntry
from opuss.guardians import services
from opuss.guardians.links import SALT, make_token
from opuss.guardians.models import GuardianResponse
from opuss.rules.season import load_season
from tests.guardians.conftest import NOW, answers

pytestmark = pytest.mark.django_db

MENTIONS = load_season("2025-2026").licences.mentions


def url(token: str) -> str:
    return reverse("guardians:answer", kwargs={"token": token})


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_a_valid_link_shows_the_licence_the_mentions_and_the_questions(client, licence, token):
    response = client.get(url(token))
    assert response.status_code == 200
    page = text(response)
    assert licence.number in page
    assert licence.pupil.last_name.upper() in page
    assert "17/05/2009" in page and "Cadet" in page and "2025-2026" in page
    assert licence.association.code in page and "Maif collective" in page
    for mention in MENTIONS.values():
        assert mention[:80] in page
    assert "Option IA Sport+ (14,15\u00a0€)" in page
    assert "à l'ordre de l'AS" in page
    assert "<legend>Droit à l'image : lu et approuvé</legend>" in page
    assert 'type="checkbox" name="rgpd_read"' in page


def test_a_valid_link_answered_stores_the_answers_with_what_was_shown(client, licence, token):
    response = client.post(url(token), answers(licence, image_rights="no", guardian_name="Anne"))
    assert response.status_code == 302
    answer = GuardianResponse.objects.get()
    assert answer.licence == licence and answer.channel == "EMAIL"
    assert (answer.data_correct, answer.image_rights, answer.ia_sport_plus) == (True, False, False)
    assert answer.rgpd_read and answer.insurance_read and answer.guardian_name == "Anne"
    assert answer.answered_at == NOW
    assert answer.keep_until == NOW.replace(year=2035)
    shown_texts = {mention["key"]: mention["text"] for mention in answer.shown["mentions"]}
    assert shown_texts == dict(MENTIONS)
    assert answer.shown["ia_sport_plus"]["price"] == "14,15\u00a0€"
    assert ["N° de licence", licence.number] in answer.shown["licence"]
    assert AuditEntry.objects.filter(action="réponse du responsable légal").exists()
    thanks = client.get(response["Location"])
    assert "Merci : votre réponse est enregistrée." in text(thanks)
    assert "Droit à l'image</dt><dd>refusé" in text(thanks)


def test_an_answer_needs_the_two_notices_read(client, licence, token):
    response = client.post(url(token), answers(licence, rgpd_read=None))
    assert response.status_code == 200
    assert "Cochez cette case après avoir lu la mention sur le RGPD." in text(response)
    assert not GuardianResponse.objects.exists()


def test_wrong_data_needs_a_note(client, licence, token):
    response = client.post(url(token), answers(licence, data_correct="no"))
    assert "Précisez ce qui est inexact." in text(response)
    client.post(url(token), answers(licence, data_correct="no", correction_note="Née en 2010"))
    assert GuardianResponse.objects.get().correction_note == "Née en 2010"


def test_a_link_still_opens_on_its_last_day(client, token, traveller):
    traveller.shift(dt.timedelta(days=29, hours=23))
    assert client.get(url(token)).status_code == 200


def test_an_expired_link_explains_that_the_as_can_send_a_new_one(client, licence, token, traveller):
    traveller.shift(dt.timedelta(days=30, seconds=1))
    response = client.get(url(token))
    assert response.status_code == 410
    assert "Ce lien a expiré" in text(response)
    assert f"L'association sportive {licence.association.code}" in text(response)
    assert "reste valable" in text(response)
    assert client.post(url(token), answers(licence)).status_code == 410
    assert not GuardianResponse.objects.exists()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: signing.dumps({"r": 1, "n": "x"}, salt="another.salt"),
        lambda token: signing.dumps({"r": 999999, "n": "x"}, salt=SALT),
        lambda token: "pas-un-jeton",
    ],
)
def test_a_tampered_link_is_not_found(client, licence, token, tamper):
    assert client.get(url(tamper(token))).status_code == 404
    assert client.post(url(tamper(token)), answers(licence)).status_code == 404


def test_a_link_answered_twice_is_refused(client, licence, token, guardian_request):
    client.post(url(token), answers(licence))
    again = client.post(url(token), answers(licence, image_rights="no"))
    assert again.status_code == 409
    assert "Une réponse a déjà été enregistrée avec ce lien le 06/10/2025 à 10:00" in text(again)
    assert GuardianResponse.objects.get().image_rights is True
    with pytest.raises(services.GuardianError, match="déjà été enregistrée"):
        services.answer(
            request=guardian_request,
            values={
                "data_correct": True,
                "image_rights": False,
                "rgpd_read": True,
                "insurance_read": True,
                "ia_sport_plus": False,
            },
        )


def test_an_answered_link_opened_again_shows_the_answer(client, licence, token, traveller):
    client.post(url(token), answers(licence))
    traveller.shift(dt.timedelta(days=60))
    response = client.get(url(token))
    assert response.status_code == 200
    assert "Réponse enregistrée" in text(response)


def test_a_second_guardian_answers_with_his_own_link(
    client, world, licence, token, django_capture_on_commit_callbacks
):
    client.post(url(token), answers(licence))
    with django_capture_on_commit_callbacks(execute=True):
        second = services.request_resend(
            licence=licence, actor=world.a.teacher, email="Autre.Parent@example.fr"
        )
    assert second.email == "autre.parent@example.fr"
    assert mail.outbox[-1].to == ["autre.parent@example.fr"]
    response = client.post(url(make_token(second)), answers(licence, image_rights="no"))
    assert response.status_code == 302
    assert sorted(GuardianResponse.objects.values_list("image_rights", flat=True)) == [False, True]


def test_a_resent_link_replaces_the_older_one(client, world, licence, token):
    fresh = services.request_resend(licence=licence, actor=world.a.teacher)
    old = client.get(url(token))
    assert old.status_code == 410
    assert "Ce lien a été remplacé" in text(old)
    assert client.get(url(make_token(fresh))).status_code == 200


def test_data_changed_after_display_is_shown_again_before_answering(client, licence, token):
    data = answers(licence)
    licence.category = "Junior"
    licence.save(update_fields=["category"])
    response = client.post(url(token), data)
    assert response.status_code == 200
    assert "viennent d'être modifiées" in text(response)
    assert not GuardianResponse.objects.exists()
    assert client.post(url(token), answers(licence)).status_code == 302
    assert ["Catégorie", "Junior"] in GuardianResponse.objects.get().shown["licence"]


@pytest.mark.parametrize(
    ("insurance", "offered", "payee"),
    [
        ("MAIF_COLLECTIVE", True, "à l'ordre de l'AS"),
        ("MAIF_INDIVIDUAL", True, "à l'ordre de l'UNSS"),
        ("OTHER", False, None),
    ],
)
def test_ia_sport_plus_is_offered_only_to_maif_covered_licences(
    client, licence, token, insurance, offered, payee
):
    licence.insurance = insurance
    licence.save(update_fields=["insurance"])
    page = text(client.get(url(token)))
    assert ("Option IA Sport+" in page) is offered
    if payee:
        assert payee in page
    client.post(url(token), answers(licence, ia_sport_plus="yes"))
    assert GuardianResponse.objects.get().ia_sport_plus is (True if offered else None)


def test_an_offered_ia_sport_plus_needs_an_answer(client, licence, token):
    response = client.post(url(token), answers(licence, ia_sport_plus=None))
    assert response.status_code == 200
    assert not GuardianResponse.objects.exists()
