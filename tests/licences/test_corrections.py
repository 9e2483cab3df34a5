"""The regional service corrects, replaces and transfers licences; every change is audited."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from opuss.core.models import AuditEntry
from opuss.licences.models import Licence
from tests.factories import AffiliationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_season")]


def post(client, world, action, data, actor="sr"):
    client.force_login(world.actor(actor))
    return client.post(reverse(f"corrections:{action}", args=[world.a.licence.pk]), data,
                       follow=True)


def test_sr_corrects_a_birth_date_and_the_category_follows(client, world):
    licence = world.a.licence
    response = post(client, world, "identity", {
        "last_name": "Dupont", "first_name": "Jeanne", "sex": "F", "birth_date": "2008-05-17"})
    assert "Licencié corrigé" in html.unescape(response.content.decode())
    licence.refresh_from_db()
    assert licence.pupil.last_name == "DUPONT" and licence.category == "Junior"
    entry = AuditEntry.objects.get(action="licencié corrigé")
    assert entry.actor == world.a.sr
    assert entry.before["birth_date"] == "2009-05-17" and entry.after["birth_date"] == "2008-05-17"
    assert AuditEntry.objects.filter(action="catégorie recalculée").exists()


def test_a_licence_licensed_by_mistake_goes_to_another_pupil_with_its_number(client, world):
    number = world.a.licence.number
    mistaken = world.a.licence.pupil
    post(client, world, "replace", {
        "replacement-last_name": "Bernard", "replacement-first_name": "Noé",
        "replacement-sex": "M", "replacement-birth_date": "2010-02-01"})
    licence = Licence.objects.get(number=number, season=world.season)
    assert licence.pupil.last_name == "BERNARD" and licence.pupil != mistaken
    assert licence.category == "Cadet"
    assert AuditEntry.objects.filter(action="licence attribuée à un autre élève").exists()


def test_a_transfer_keeps_the_old_licence_and_creates_one_in_the_new_as(client, world):
    AffiliationFactory(association=world.b.association, season=world.season,
                       state="AFFILIATED", affiliated_at="2025-09-20T10:00:00+02:00",
                       fee_affiliation=100, fee_contract=0, people=False)
    post(client, world, "transfer", {"target": world.b.association.code})
    old = Licence.objects.get(pk=world.a.licence.pk)
    assert old.state == "TRANSFERRED"
    new = Licence.objects.get(association=world.b.association, pupil=old.pupil)
    assert new.number.startswith(world.b.association.code) and new.state == "ACTIVE"
    assert AuditEntry.objects.filter(action="licence transférée").count() == 1


def test_a_transfer_to_an_as_not_affiliated_is_refused(client, world):
    response = post(client, world, "transfer", {"target": world.b.association.code})
    assert "n'est pas affiliée" in html.unescape(response.content.decode())
    assert Licence.objects.get(pk=world.a.licence.pk).state == "ACTIVE"


def test_a_correction_with_a_year_without_category_is_refused(client, world):
    response = post(client, world, "identity", {
        "last_name": "X", "first_name": "Y", "sex": "F", "birth_date": "1990-01-01"})
    assert "Aucune catégorie d'âge" in html.unescape(response.content.decode())
    world.a.licence.pupil.refresh_from_db()
    assert world.a.licence.pupil.birth_date == dt.date(2009, 5, 17)


@pytest.mark.parametrize("actor", ["sd", "teacher", "secretary", "sr_b", "pupil"])
def test_only_the_sr_of_the_academy_changes_a_licence(client, world, actor):
    response = post(client, world, "identity", {
        "last_name": "Pirate", "first_name": "Y", "sex": "F", "birth_date": "2009-05-17"},
        actor=actor)
    assert response.status_code == 404
    world.a.licence.pupil.refresh_from_db()
    assert world.a.licence.pupil.last_name != "PIRATE"


@pytest.mark.parametrize(("actor", "offered"), [("sr", True), ("dn", True), ("sd", False),
                                                 ("teacher", False)])
def test_the_pupils_file_offers_the_correction_page_to_those_who_correct(
    client, world, actor, offered
):
    client.force_login(world.actor(actor))
    page = client.get(reverse("licences:pupil_detail", args=[world.a.licence.pupil_id])).text
    assert (reverse("corrections:manage", args=[world.a.licence.pk]) in page) is offered
