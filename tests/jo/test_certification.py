"""Certifying a Jeune Officiel: his AS at the district level, the SD of his department up to
departmental, the SR of his académie up to académique, DN every level. The form offers only the
levels the user may give and only the pupils in his reach; a certification is evidence."""

import datetime as dt

import pytest
from django.urls import reverse

from opuss.core.models import AuditEntry
from opuss.jo.models import Certification
from opuss.jo.services import JoError
from opuss.licences.models import EvidenceDeletion
from tests.jo.conftest import DAY
from tests.jo.factories import activity

pytestmark = pytest.mark.django_db


def form_data(licence, *, by_number: bool = False, **changes) -> dict:
    return {
        "licence": licence.number if by_number else licence.pk,
        "activity": activity().pk,
        "role": "REFEREE",
        "level": "DISTRICT",
        "certified_on": DAY.isoformat(),
    } | changes


def level_options(response) -> list[str]:
    return [value for value, _ in response.context["form"].fields["level"].choices]


def test_a_teacher_certifies_a_pupil_of_his_as_at_the_district_level(client, world):
    client.force_login(world.a.teacher)
    url = reverse("jo:association_certify", args=[world.a.association.code])
    response = client.post(url, form_data(world.a.licence))
    assert response.status_code == 302
    certification = Certification.objects.get()
    assert certification.pupil == world.a.licence.pupil
    assert certification.certifier == world.a.teacher
    assert certification.association == world.a.association
    assert certification.season == world.season
    listing = client.get(response["Location"])
    assert "est certifié Jeune arbitre en Volley Ball, niveau District" in listing.text
    assert world.a.licence.pupil.last_name.upper() in listing.text


def test_the_teacher_form_offers_the_district_level_only(client, world):
    client.force_login(world.a.secretary)
    response = client.get(reverse("jo:association_certify", args=[world.a.association.code]))
    assert level_options(response) == ["DISTRICT"]


def test_a_teacher_cannot_give_the_departmental_level(client, world):
    client.force_login(world.a.teacher)
    url = reverse("jo:association_certify", args=[world.a.association.code])
    response = client.post(url, form_data(world.a.licence, level="DEPARTMENT"))
    assert response.status_code == 200
    assert "Vous ne pouvez pas délivrer ce niveau." in response.text
    assert not Certification.objects.exists()


def test_a_teacher_of_another_as_cannot_certify_its_pupils(client, world):
    client.force_login(world.b.teacher)
    url = reverse("jo:association_certify", args=[world.a.association.code])
    assert client.get(url).status_code == 404
    assert client.post(url, form_data(world.a.licence)).status_code == 404
    assert not Certification.objects.exists()


def test_a_teacher_cannot_certify_a_pupil_of_another_as_from_his_own_page(client, world):
    client.force_login(world.a.teacher)
    url = reverse("jo:association_certify", args=[world.a.association.code])
    response = client.post(url, form_data(world.b.licence))
    assert "Choisissez un élève licencié dans l&#x27;AS cette saison." in response.text
    assert not Certification.objects.exists()


def test_the_sd_sees_the_as_form_with_the_departmental_level(client, world):
    client.force_login(world.a.sd)
    response = client.get(reverse("jo:association_certify", args=[world.a.association.code]))
    assert level_options(response) == ["DISTRICT", "DEPARTMENT"]


@pytest.mark.parametrize(
    ("actor", "levels"),
    [
        ("sd", ["DISTRICT", "DEPARTMENT"]),
        ("sr", ["DISTRICT", "DEPARTMENT", "ACADEMY"]),
        ("dn", ["DISTRICT", "DEPARTMENT", "ACADEMY", "NATIONAL", "INTERNATIONAL"]),
    ],
)
def test_the_services_form_offers_the_levels_each_may_give(client, world, actor, levels):
    client.force_login(world.actor(actor))
    assert level_options(client.get(reverse("jo:staff_certify"))) == levels


def test_an_sd_certifies_a_pupil_of_his_department_by_licence_number(client, world):
    client.force_login(world.a.sd)
    data = form_data(world.a.licence, by_number=True, level="DEPARTMENT")
    response = client.post(reverse("jo:staff_certify"), data)
    assert response.status_code == 302
    certification = Certification.objects.get()
    assert (certification.level, certification.certifier) == ("DEPARTMENT", world.a.sd)


def test_an_sd_cannot_certify_a_pupil_of_another_department(client, world):
    client.force_login(world.a.sd)
    data = form_data(world.b.licence, by_number=True)
    response = client.post(reverse("jo:staff_certify"), data)
    assert "Aucun élève licencié cette saison dans votre territoire ne porte ce numéro." in (
        response.text
    )
    assert not Certification.objects.exists()


@pytest.mark.parametrize(
    ("actor", "level", "allowed"),
    [
        ("teacher", "DISTRICT", True),
        ("teacher", "DEPARTMENT", False),
        ("sd", "DEPARTMENT", True),
        ("sd", "ACADEMY", False),
        ("sr", "ACADEMY", True),
        ("sr", "NATIONAL", False),
        ("dn", "INTERNATIONAL", True),
        ("teacher_b", "DISTRICT", False),
        ("sd_b", "DISTRICT", False),
        ("sr_b", "DISTRICT", False),
    ],
)
def test_the_service_holds_the_ladder(world, certify, actor, level, allowed):
    if allowed:
        assert certify(world.actor(actor), level=level).level == level
    else:
        with pytest.raises(JoError, match="Vous ne pouvez pas délivrer une certification"):
            certify(world.actor(actor), level=level)
        assert not Certification.objects.exists()


def test_a_pupil_is_certified_once_per_activity_role_and_level(world, certify):
    certify()
    with pytest.raises(JoError, match="a déjà la certification Jeune arbitre en Volley Ball"):
        certify(world.a.secretary)
    certify(world.a.sd, level="DEPARTMENT")
    certify(role="JUDGE")
    assert Certification.objects.count() == 3


def test_a_certification_dated_in_the_future_is_refused(client, world):
    client.force_login(world.a.teacher)
    url = reverse("jo:association_certify", args=[world.a.association.code])
    tomorrow = dt.date.today() + dt.timedelta(days=2)
    response = client.post(url, form_data(world.a.licence, certified_on=tomorrow.isoformat()))
    assert "La date ne peut pas être dans le futur." in response.text
    assert not Certification.objects.exists()


def test_a_certification_is_audited_and_never_deleted(world, certify):
    certification = certify()
    entry = AuditEntry.objects.get(action="Certification JO")
    assert entry.actor == world.a.teacher
    assert entry.after["level"] == "DISTRICT"
    with pytest.raises(EvidenceDeletion):
        certification.delete()
    with pytest.raises(EvidenceDeletion):
        Certification.objects.all().delete()
    assert Certification.objects.count() == 1
