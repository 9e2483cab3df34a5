"""The AS follows its guardians' answers and resends; the regional service resends too; the
departmental service reads; a paper form is typed by the AS."""

import html

import pytest
from django.core import mail
from django.urls import reverse

from opuss.core.models import AuditEntry
from opuss.guardians import services
from opuss.guardians.models import GuardianRequest, GuardianResponse
from opuss.licences.models import Licence
from tests.factories import LicenceFactory
from tests.guardians.conftest import NOW, PARENT, answers, values

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def resend_url(licence) -> str:
    return reverse("guardians:resend", args=[licence.association.code, licence.pk])


def paper_url(licence) -> str:
    return reverse("guardians:paper", args=[licence.association.code, licence.pk])


@pytest.mark.parametrize("actor", ["teacher", "secretary", "sr", "dn"])
def test_the_as_and_its_regional_service_resend_a_link(
    client, world, licence, actor, django_capture_on_commit_callbacks
):
    client.force_login(world.actor(actor))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(resend_url(licence))
    assert response.status_code == 302
    assert [message.to for message in mail.outbox] == [[PARENT]]
    assert GuardianRequest.objects.get().sent_at == NOW
    entry = AuditEntry.objects.get(action="lien renvoyé au responsable légal")
    assert entry.actor == world.actor(actor)


@pytest.mark.parametrize("actor", ["teacher_b", "secretary_b", "sd_b", "sr_b", "sd", "pupil"])
def test_others_cannot_resend(client, world, licence, actor):
    client.force_login(world.actor(actor))
    assert client.post(resend_url(licence)).status_code == 404
    assert (
        client.post(reverse("guardians:resend_all", args=[licence.association.code])).status_code
        == 404
    )
    assert not GuardianRequest.objects.exists()


def test_a_licence_of_another_as_is_not_found_under_this_as(client, world):
    client.force_login(world.a.teacher)
    url = reverse("guardians:resend", args=[world.a.association.code, world.b.licence.pk])
    assert client.post(url).status_code == 404


def test_resending_without_an_address_says_what_to_do(client, world):
    client.force_login(world.a.teacher)
    response = client.post(resend_url(world.a.licence), follow=True)
    assert "Aucune adresse e-mail de responsable légal" in text(response)
    assert "formulaire papier" in text(response)


def test_resending_to_a_guardian_who_answered_is_refused(world, licence, guardian_request):
    services.answer(request=guardian_request, values=values())
    with pytest.raises(services.GuardianError, match="a déjà répondu"):
        services.request_resend(licence=licence, actor=world.a.teacher)


def test_the_as_page_shows_the_rate_and_the_state_of_each_licence(
    client, world, licence, guardian_request
):
    other = LicenceFactory(association=world.a.association, season=world.season)
    services.answer(
        request=guardian_request,
        values=values(image_rights=False, data_correct=False, correction_note="Née en 2010"),
    )
    client.force_login(world.a.secretary)
    response = client.get(reverse("guardians:association", args=[world.a.association.code]))
    assert response.status_code == 200
    page = text(response)
    assert '<p class="figure">50 %</p>' in page
    assert "1 licence sur 2 avec la réponse d'un responsable légal." in page
    assert "Répondu" in page and "Pas d'e-mail" in page
    assert "<td>refusé</td>" in page and "<td>Née en 2010</td>" in page
    assert "Saisir un formulaire papier" in page and "Renvoyer" in page
    filtered = client.get(
        reverse("guardians:association", args=[world.a.association.code]), {"etat": "NO_EMAIL"}
    )
    assert other.number in text(filtered) and licence.number not in text(filtered)


def test_the_sd_reads_the_as_page_without_actions(client, world, licence):
    client.force_login(world.a.sd)
    page = text(client.get(reverse("guardians:association", args=[world.a.association.code])))
    assert licence.number in page
    assert "Renvoyer" not in page and "Saisir un formulaire papier" not in page


def test_the_staff_page_shows_the_rate_of_each_as_of_the_territory(
    client, world, licence, guardian_request
):
    services.answer(request=guardian_request, values=values())
    client.force_login(world.a.sr)
    response = client.get(reverse("guardians:staff"))
    page = text(response)
    assert world.a.association.code in page and world.b.association.code not in page
    assert "100 %" in page
    assert "Renvoyer aux non-répondants" in page
    client.force_login(world.a.sd)
    page = text(client.get(reverse("guardians:staff")))
    assert world.a.association.code in page and "Renvoyer aux non-répondants" not in page


def test_the_sr_resends_to_every_guardian_who_has_not_answered(
    client, world, licence, django_capture_on_commit_callbacks
):
    answered = LicenceFactory(association=world.a.association, season=world.season)
    answered.pupil.guardian_email = "deja@example.fr"
    answered.pupil.save(update_fields=["guardian_email"])
    services.record_paper(
        licence=answered,
        actor=world.a.teacher,
        values=values(guardian_name="X", signed_on=NOW.date()),
    )
    LicenceFactory(association=world.a.association, season=world.season)  # no address
    client.force_login(world.a.sr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("guardians:resend_all", args=[world.a.association.code]),
            {"retour": "services"},
            follow=True,
        )
    assert response.redirect_chain[-1][0] == reverse("guardians:staff")
    assert "1 lien renvoyé" in text(response)
    assert [message.to for message in mail.outbox] == [[PARENT]]


def test_response_rate_counts_licences_with_at_least_one_answer(world, licence, guardian_request):
    LicenceFactory(association=world.a.association, season=world.season)
    licences = Licence.objects.filter(association=world.a.association)
    assert services.response_rate(licences) == (0, 2)
    services.answer(request=guardian_request, values=values())
    services.record_paper(
        licence=licence,
        actor=world.a.teacher,
        values=values(guardian_name="Autre parent", signed_on=NOW.date()),
    )
    assert services.response_rate(licences) == (1, 2)


# --- paper ---------------------------------------------------------------------------------


def test_the_animateur_records_a_paper_form(client, world, licence):
    client.force_login(world.a.teacher)
    page = text(client.get(paper_url(licence)))
    assert "Responsable légal signataire" in page and "Date du formulaire signé" in page
    data = answers(
        licence,
        guardian_name="Mme Durand",
        signed_on="2025-10-01",
        image_rights="no",
        ia_sport_plus="yes",
    )
    response = client.post(paper_url(licence), data)
    assert response.status_code == 302
    paper = GuardianResponse.objects.get()
    assert (paper.channel, paper.request, paper.recorded_by) == ("PAPER", None, world.a.teacher)
    assert (paper.image_rights, paper.ia_sport_plus, paper.guardian_name) == (
        False,
        True,
        "Mme Durand",
    )
    assert paper.signed_on.isoformat() == "2025-10-01"
    assert paper.answered_at == NOW and paper.keep_until == NOW.replace(year=2035)
    assert paper.shown["mentions"][0]["text"]
    assert AuditEntry.objects.filter(
        action="formulaire papier saisi", actor=world.a.teacher
    ).exists()


def test_a_paper_form_needs_its_signer_and_a_past_date(client, world, licence):
    client.force_login(world.a.teacher)
    assert client.post(paper_url(licence), answers(licence)).status_code == 200
    future = answers(licence, guardian_name="X", signed_on="2025-12-01")
    response = client.post(paper_url(licence), future)
    assert "pas une date à venir" in text(response)
    assert not GuardianResponse.objects.exists()


@pytest.mark.parametrize("actor", ["sd", "sr", "dn", "teacher_b"])
def test_only_the_as_records_a_paper_form(client, world, licence, actor):
    client.force_login(world.actor(actor))
    data = answers(licence, guardian_name="X", signed_on="2025-10-01")
    assert client.post(paper_url(licence), data).status_code == 404
    with pytest.raises(services.GuardianError):
        services.record_paper(
            licence=licence,
            actor=world.actor(actor),
            values=values(guardian_name="X", signed_on=NOW.date()),
        )
