"""Districts: "Chaque AS doit être préalablement rattachée à un district par son service régional
ou départemental qui veillera à associer un libellé significatif à chaque district ainsi qu'à
lui associer un ou plusieurs coordonnateurs" (circular 2025-2026). The SD manages his
department's, the SR his académie's, DN all; anyone else meets a 404."""

import pytest
from django.urls import reverse

from opuss.accounts.enums import Role
from opuss.core.audit import audit_entries_for
from opuss.territories import services
from opuss.territories.models import District
from tests.factories import DistrictFactory, user_with_role

pytestmark = pytest.mark.django_db

LIST = reverse("territories:district_list")
CREATE = reverse("territories:district_create")


def edit_url(district) -> str:
    return reverse("territories:district_edit", args=[district.pk])


@pytest.fixture
def department(world):
    return world.a.association.department


def test_sd_lists_the_districts_of_his_department_only(client, world):
    world.a.association.district.coordinators.add(world.a.teacher)
    client.force_login(world.a.sd)
    response = client.get(LIST)
    body = response.content.decode()
    assert world.a.association.district.label in body
    assert world.a.teacher.display_name in body
    assert world.b.association.district.label not in body
    label = world.a.association.district.label
    row = next(r for r in response.context["rows"] if r[0]["value"] == label)
    assert row[3]["value"] == "1"  # one AS


def test_district_list_exports_the_same_rows_to_csv(client, world):
    world.a.association.district.coordinators.add(world.a.teacher)
    client.force_login(world.a.sr)
    response = client.get(LIST, {"export": "csv"})
    content = response.getvalue().decode()
    assert response["Content-Type"].startswith("text/csv")
    assert world.a.association.district.label in content
    assert world.a.teacher.display_name in content
    assert world.b.association.district.label not in content


def test_sd_creates_a_district_with_coordinators_of_his_department(client, world, department):
    client.force_login(world.a.sd)
    response = client.post(
        CREATE,
        {
            "label": "68-Colmar collèges",
            "department": department.pk,
            "coordinators": [world.a.teacher.pk, world.a.sd.pk],
        },
    )
    assert response.status_code == 302
    district = District.objects.get(label="68-Colmar collèges")
    assert district.department == department
    assert set(district.coordinators.all()) == {world.a.teacher, world.a.sd}
    entry = audit_entries_for(district).get()
    assert entry.actor == world.a.sd
    assert entry.after["libellé"] == "68-Colmar collèges"
    assert world.a.teacher.display_name in entry.after["coordonnateurs"]


def test_sd_cannot_create_a_district_in_another_department(client, world):
    client.force_login(world.a.sd)
    response = client.post(
        CREATE,
        {
            "label": "Ailleurs",
            "department": world.b.association.department.pk,
        },
    )
    assert response.status_code == 200
    assert "department" in response.context["form"].errors
    assert not District.objects.filter(label="Ailleurs").exists()


def test_a_duplicate_label_is_a_french_form_error_with_the_typed_values_kept(
    client, world, department
):
    existing = world.a.association.district
    client.force_login(world.a.sr)
    response = client.post(CREATE, {"label": existing.label.upper(), "department": department.pk})
    assert response.status_code == 200
    errors = response.context["form"].errors["label"]
    typed = existing.label.upper()
    assert errors == [f"Le département {department} a déjà un district « {typed} »."]
    assert f'value="{existing.label.upper()}"' in response.content.decode()
    assert District.objects.filter(department=department).count() == 1


def test_the_same_label_is_allowed_in_another_department(world):
    label = world.a.association.district.label
    district = services.district_create(
        actor=world.dn, department=world.b.association.department, label=label
    )
    assert district.label == label


def test_a_coordinator_is_a_person_of_the_department(client, world, department):
    client.force_login(world.a.sr)
    response = client.post(
        CREATE,
        {
            "label": "Nouveau",
            "department": department.pk,
            "coordinators": [world.b.teacher.pk],
        },
    )
    assert "coordinators" in response.context["form"].errors
    with pytest.raises(services.DistrictError) as error:
        services.district_create(
            actor=world.a.sr, department=department, label="Nouveau", coordinators=[world.b.teacher]
        )
    assert error.value.field == "coordinators"
    assert world.b.teacher.display_name in str(error.value)


def test_eligible_coordinators_are_the_as_people_and_the_services_of_the_territory(
    world, department
):
    eligible = set(services.eligible_coordinators(department))
    assert {world.a.teacher, world.a.secretary, world.a.sd, world.a.sr} <= eligible
    assert not {world.b.teacher, world.b.sd, world.b.sr, world.dn, world.a.pupil} & eligible


def test_choosing_the_department_lists_its_people(client, world, department):
    client.force_login(world.a.sr)
    response = client.get(CREATE, {"department": department.pk}, headers={"HX-Request": "true"})
    assert world.a.teacher.display_name in response.content.decode()
    assert world.b.teacher.display_name not in response.content.decode()


def test_sr_edits_the_label_and_coordinators_with_before_and_after(client, world):
    district = world.a.association.district
    district.coordinators.add(world.a.teacher)
    client.force_login(world.a.sr)
    response = client.post(
        edit_url(district),
        {
            "label": "68-Mulhouse lycées",
            "coordinators": [world.a.secretary.pk],
        },
    )
    assert response.status_code == 302
    district.refresh_from_db()
    assert district.label == "68-Mulhouse lycées"
    assert list(district.coordinators.all()) == [world.a.secretary]
    entry = audit_entries_for(district).get()
    assert entry.action == "district modifié"
    assert entry.after["libellé"] == "68-Mulhouse lycées"
    assert entry.before["coordonnateurs"] == world.a.teacher.display_name
    assert entry.after["coordonnateurs"] == world.a.secretary.display_name


def test_renaming_to_a_twin_label_is_refused_before_the_database_says_no(world, department):
    twin = DistrictFactory(department=department, label="Sud")
    with pytest.raises(services.DistrictError) as error:
        services.district_update(
            actor=world.a.sd, district=world.a.association.district, label="sud", coordinators=[]
        )
    assert error.value.field == "label"
    assert twin.label == "Sud"


def test_a_former_coordinator_who_no_longer_qualifies_may_be_kept(world):
    district = world.a.association.district
    outsider = user_with_role(Role.AS_TEACHER, association=world.b.association)
    district.coordinators.add(outsider)
    services.district_update(
        actor=world.a.sd,
        district=district,
        label=district.label,
        coordinators=[outsider, world.a.teacher],
    )
    assert set(district.coordinators.all()) == {outsider, world.a.teacher}


def test_sr_of_another_academy_gets_404(client, world):
    client.force_login(world.b.sr)
    district = world.a.association.district
    assert client.get(edit_url(district)).status_code == 404
    assert client.post(edit_url(district), {"label": "Pris"}).status_code == 404
    district.refresh_from_db()
    assert district.label != "Pris"


def test_sd_of_another_department_gets_404(client, world):
    client.force_login(world.b.sd)
    assert client.get(edit_url(world.a.association.district)).status_code == 404


def test_an_animateur_cannot_manage_his_own_district(client, world):
    client.force_login(world.a.teacher)
    assert client.get(edit_url(world.a.association.district)).status_code == 404
    assert client.get(LIST).status_code == 404
    assert client.post(CREATE, {"label": "X"}).status_code == 404


def test_the_staff_nav_links_to_the_districts(client, world):
    client.force_login(world.a.sd)
    assert LIST in client.get(reverse("core:staff_home")).content.decode()
