"""What each one sees: the pupil his own certifications and events, never another's; the AS its
pupils' JO; the services their territory's. Events are recorded by the same people as
certifications, within the same levels."""

import datetime as dt

import pytest
from django.urls import reverse

from opuss.jo import services
from opuss.jo.models import Officiating
from tests.jo.conftest import DAY
from tests.jo.factories import activity

pytestmark = pytest.mark.django_db


def officiate(actor, licence, **changes):
    values = {
        "title": "Championnat de district de volley-ball",
        "held_on": DAY,
        "place": "Mulhouse",
        "activity": activity(),
        "role": "REFEREE",
        "level": "DISTRICT",
    } | changes
    return services.record_officiating(actor=actor, licence=licence, **values)


@pytest.fixture
def both_certified(world, certify):
    """Side A's pupil in volley-ball, side B's in badminton, each with an event."""
    certify()
    certify(world.b.teacher, licence=world.b.licence, activity=activity("Badminton"))
    officiate(world.a.teacher, world.a.licence)
    officiate(world.b.teacher, world.b.licence, title="Tournoi de badminton de Nantes")


def test_the_pupil_sees_his_number_certifications_and_events(client, world, both_certified):
    client.force_login(world.a.pupil)
    page = client.get(reverse("jo:pupil_jo")).text
    pupil = world.a.licence.pupil
    pupil.refresh_from_db()
    assert f"JO N° {pupil.jo_number}" in page
    assert "Volley Ball" in page and "Jeune arbitre" in page and "01/10/2025" in page
    assert world.a.teacher.display_name in page
    assert "Championnat de district de volley-ball" in page


def test_the_pupil_never_sees_another_pupils_certifications_or_events(
    client, world, both_certified
):
    client.force_login(world.a.pupil)
    page = client.get(reverse("jo:pupil_jo")).text
    assert "Badminton" not in page
    assert "Tournoi de badminton de Nantes" not in page
    assert world.b.teacher.display_name not in page


def test_a_pupil_not_yet_certified_is_told_how_he_gets_a_number(client, world):
    client.force_login(world.a.pupil)
    page = client.get(reverse("jo:pupil_jo")).text
    assert "Tu n'as pas encore de numéro Jeune Officiel" in page
    assert "Aucune certification pour l'instant." in page


def test_the_as_sees_its_pupils_certifications_and_exports_them(client, world, both_certified):
    client.force_login(world.a.teacher)
    url = reverse("jo:association", args=[world.a.association.code])
    page = client.get(url).text
    assert world.a.licence.pupil.last_name.upper() in page
    assert world.b.licence.pupil.last_name.upper() not in page
    export = client.get(url, {"export": "csv"}).getvalue().decode("utf-8-sig")
    header, *rows = export.strip().splitlines()
    assert header.startswith("Nom;Prénom;N° JO;Activité;Rôle;Niveau;Date;Certifié par")
    assert len(rows) == 1 and "Volley Ball;Jeune arbitre;District;01/10/2025" in rows[0]


def test_the_as_lists_its_pupils_events(client, world, both_certified):
    client.force_login(world.a.secretary)
    page = client.get(reverse("jo:association_events", args=[world.a.association.code])).text
    assert "Championnat de district de volley-ball" in page
    assert "Tournoi de badminton de Nantes" not in page


def test_the_sd_lists_the_certifications_of_his_department_only(client, world, both_certified):
    # Names no random one can equal: Faker's may coincide between the two sides.
    for side, name in ((world.a, "ARBITRE-DU-NORD"), (world.b, "ARBITRE-DU-SUD")):
        side.licence.pupil.last_name = name
        side.licence.pupil.save(update_fields=["last_name"])
    client.force_login(world.a.sd)
    page = client.get(reverse("jo:staff")).text
    assert "ARBITRE-DU-NORD" in page
    assert "ARBITRE-DU-SUD" not in page
    client.force_login(world.dn)
    page = client.get(reverse("jo:staff")).text
    assert "ARBITRE-DU-SUD" in page


def test_a_teacher_records_an_event_his_pupil_officiated_at(client, world):
    client.force_login(world.a.teacher)
    url = reverse("jo:association_record", args=[world.a.association.code])
    data = {
        "licence": world.a.licence.pk,
        "title": "Rencontre de district de handball",
        "held_on": "2025-09-24",
        "place": "Pulversheim",
        "activity": activity("Handball").pk,
        "role": "REFEREE",
        "level": "DISTRICT",
    }
    assert client.post(url, data).status_code == 302
    event = Officiating.objects.get()
    assert (event.recorded_by, event.held_on) == (world.a.teacher, dt.date(2025, 9, 24))
    client.force_login(world.a.pupil)
    assert "Rencontre de district de handball" in client.get(reverse("jo:pupil_jo")).text


def test_a_teacher_cannot_record_a_departmental_event(client, world):
    client.force_login(world.a.teacher)
    url = reverse("jo:association_record", args=[world.a.association.code])
    data = {
        "licence": world.a.licence.pk,
        "title": "Championnat départemental",
        "held_on": "2025-09-24",
        "place": "Colmar",
        "activity": activity().pk,
        "role": "REFEREE",
        "level": "DEPARTMENT",
    }
    response = client.post(url, data)
    assert "Vous ne pouvez pas saisir un événement de ce niveau." in response.text
    assert response.context["form"]["title"].value() == "Championnat départemental"
    assert not Officiating.objects.exists()
