"""The services manage an AS (circular 2025-2026, part I): the SR creates a new AS with its
secretary's account ("Le système va créer un utilisateur dont l'identifiant est l'adresse mail
renseignée"), moves it between districts of its department (the SD of that department too), and
changes its e-mail, which replaces its secretary account. Anyone else meets a 404."""

import pytest
from django.core import mail
from django.urls import reverse

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment, User
from opuss.associations import services
from opuss.associations.models import SportsAssociation
from opuss.core.audit import audit_entries_for
from tests.factories import (
    PASSWORD,
    DepartmentFactory,
    DistrictFactory,
    EstablishmentFactory,
)

pytestmark = pytest.mark.django_db

CREATE = reverse("associations:create")


def manage_url(association, action="manage") -> str:
    return reverse(f"associations:{action}", args=[association.code])


@pytest.fixture
def establishment(world):
    """A collège of side A's department that has no AS yet."""
    return EstablishmentFactory(
        department=world.a.association.department, type="COL", name="Jean Macé", city="Colmar"
    )


@pytest.fixture
def new_as(world, establishment):
    """What the SR types to create AS 24123."""
    return {
        "establishment": establishment.pk,
        "code": "24123",
        "department": "",
        "district": world.a.association.district.pk,
        "civility": "MME",
        "last_name": "Durand",
        "first_name": "Claire",
        "email": "Claire.Durand@example.fr",
    }


def create(client, world, data, django_capture_on_commit_callbacks, actor=None):
    client.force_login(actor or world.a.sr)
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(CREATE, data)


# --- creating an AS -------------------------------------------------------------------------


def test_sr_creates_an_as_with_its_secretary_account(
    client, world, new_as, establishment, django_capture_on_commit_callbacks
):
    response = create(client, world, new_as, django_capture_on_commit_callbacks)
    association = SportsAssociation.objects.get(code="24123")
    assert response.status_code == 302
    assert response["Location"] == manage_url(association)
    assert association.establishment == establishment
    assert association.department == establishment.department  # the establishment's by default
    assert association.district == world.a.association.district
    assert association.email == "claire.durand@example.fr"
    secretary = User.objects.get(email="claire.durand@example.fr")
    assert (secretary.civility, secretary.last_name, secretary.first_name) == (
        "MME",
        "DURAND",
        "Claire",
    )
    assert RoleAssignment.objects.filter(
        user=secretary, role=Role.AS_SECRETARY, association=association
    ).exists()
    entry = audit_entries_for(association).get()
    assert entry.actor == world.a.sr
    assert entry.action == "AS créée"
    assert entry.after["code"] == "24123"
    assert entry.after["district"] == world.a.association.district.label
    assert "claire.durand@example.fr" in entry.after["secrétaire"]


def test_new_as_secretary_receives_a_link_not_a_password(
    client, world, new_as, django_capture_on_commit_callbacks
):
    create(client, world, new_as, django_capture_on_commit_callbacks)
    secretary = User.objects.get(email="claire.durand@example.fr")
    assert not secretary.has_usable_password()
    [message] = mail.outbox
    assert message.to == ["claire.durand@example.fr"]
    assert "24123" in message.subject
    assert "/compte/mot-de-passe/" in message.body
    assert "mot de passe :" not in message.body.lower()


def test_an_existing_account_keeps_its_password_and_gains_the_role(
    client, world, new_as, django_capture_on_commit_callbacks
):
    teacher = world.a.teacher
    create(
        client, world, new_as | {"email": teacher.email.upper()}, django_capture_on_commit_callbacks
    )
    association = SportsAssociation.objects.get(code="24123")
    teacher.refresh_from_db()
    assert teacher.check_password(PASSWORD)
    assert teacher.last_name != "DURAND"
    assert set(teacher.role_assignments.values_list("role", "association")) == {
        (Role.AS_TEACHER, world.a.association.pk),
        (Role.AS_SECRETARY, association.pk),
    }
    assert mail.outbox == []


def test_dn_creates_an_as(client, world, new_as, django_capture_on_commit_callbacks):
    create(client, world, new_as, django_capture_on_commit_callbacks, actor=world.dn)
    assert SportsAssociation.objects.filter(code="24123").exists()


def test_sd_cannot_create_an_as(client, world, new_as):
    client.force_login(world.a.sd)
    assert client.get(CREATE).status_code == 404
    assert client.post(CREATE, new_as).status_code == 404
    assert not SportsAssociation.objects.filter(code="24123").exists()


def test_sr_cannot_create_an_as_in_another_academy(client, world, new_as):
    client.force_login(world.b.sr)
    response = client.post(CREATE, new_as | {"code": "16123"})
    assert response.status_code == 200
    assert "establishment" in response.context["form"].errors
    assert not SportsAssociation.objects.filter(code="16123").exists()


def test_the_establishments_offered_are_those_of_the_academy(client, world, establishment):
    client.force_login(world.a.sr)
    body = client.get(CREATE).content.decode()
    assert f"{establishment.uai} – Collège Jean Macé – Colmar" in body
    assert world.b.association.establishment.uai not in body
    assert f"(AS existante : {world.a.association.code})" in body


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("2412", "Le code AS compte 5 chiffres."),
        ("16123", "Le code AS commence par le numéro de l'académie de Académie 24 (24)."),
    ],
)
def test_the_as_code_is_checked_in_french(client, world, new_as, code, message):
    client.force_login(world.a.sr)
    response = client.post(CREATE, new_as | {"code": code})
    assert response.context["form"].errors["code"] == [message]


def test_an_as_code_is_unique(client, world, new_as):
    taken = world.a.association
    client.force_login(world.a.sr)
    response = client.post(CREATE, new_as | {"code": taken.code})
    assert response.context["form"].errors["code"] == [
        f"Le code AS {taken.code} est déjà attribué ({taken})."
    ]
    with pytest.raises(services.AssociationError) as error:
        services.association_create(
            actor=world.a.sr,
            establishment=taken.establishment,
            code=taken.code,
            department=taken.department,
            district=taken.district,
            civility="M",
            last_name="X",
            first_name="Y",
            email="x@example.fr",
        )
    assert error.value.field == "code"


def test_errors_are_shown_next_to_the_fields_with_the_typed_values_kept(client, world, new_as):
    client.force_login(world.a.sr)
    response = client.post(CREATE, new_as | {"code": "99999", "email": "pas-une-adresse"})
    form = response.context["form"]
    assert set(form.errors) == {"code", "email"}
    body = response.content.decode()
    assert 'value="Durand"' in body
    assert 'value="99999"' in body
    assert "Claire" in body


def test_the_district_belongs_to_the_department(client, world, new_as, establishment):
    other_department = DepartmentFactory(academy=world.a.association.department.academy)
    elsewhere = DistrictFactory(department=other_department)
    client.force_login(world.a.sr)
    response = client.post(CREATE, new_as | {"district": elsewhere.pk})
    assert response.context["form"].errors["district"]
    with pytest.raises(services.AssociationError) as error:
        services.association_create(
            actor=world.a.sr,
            establishment=establishment,
            code="24124",
            department=establishment.department,
            district=elsewhere,
            civility="M",
            last_name="X",
            first_name="Y",
            email="x@example.fr",
        )
    assert error.value.field == "district"
    # Attached to the other department of the académie, with one of its districts: allowed.
    response = client.post(
        CREATE,
        new_as
        | {
            "department": other_department.pk,
            "district": elsewhere.pk,
        },
    )
    assert SportsAssociation.objects.get(code="24123").department == other_department


def test_choosing_a_department_offers_its_districts(client, world):
    other_department = DepartmentFactory(academy=world.a.association.department.academy)
    elsewhere = DistrictFactory(department=other_department, label="Vosges nord")
    client.force_login(world.a.sr)
    response = client.get(
        CREATE, {"department": other_department.pk}, headers={"HX-Request": "true"}
    )
    choices = list(response.context["form"].fields["district"].queryset)
    assert choices == [elsewhere]


def test_an_establishment_may_hold_two_as(
    client, world, new_as, django_capture_on_commit_callbacks
):
    """ "Les établissements regroupant Collège et Lycée doivent avoir une AS collège ET une AS
    Lycée.\""""
    shared = world.a.association.establishment
    create(client, world, new_as | {"establishment": shared.pk}, django_capture_on_commit_callbacks)
    assert shared.associations.count() == 2


# --- the management page ----------------------------------------------------------------------


def test_staff_of_the_as_reach_its_management_page(client, world):
    for actor in (world.a.sd, world.a.sr, world.dn):
        client.force_login(actor)
        assert client.get(manage_url(world.a.association)).status_code == 200


def test_sr_of_another_academy_gets_404(client, world):
    client.force_login(world.b.sr)
    association = world.a.association
    assert client.get(manage_url(association)).status_code == 404
    district = DistrictFactory(department=association.department)
    response = client.post(manage_url(association, "move_district"), {"district": district.pk})
    assert response.status_code == 404
    response = client.post(manage_url(association, "change_email"), {"email": "x@example.fr"})
    assert response.status_code == 404


def test_the_as_people_get_404(client, world):
    for actor in (world.a.teacher, world.a.secretary):
        client.force_login(actor)
        assert client.get(manage_url(world.a.association)).status_code == 404


def test_the_detail_page_links_staff_to_the_management_page(client, world):
    url = manage_url(world.a.association)
    client.force_login(world.a.sd)
    assert url in client.get(manage_url(world.a.association, "detail")).content.decode()
    client.force_login(world.a.teacher)
    assert url not in client.get(manage_url(world.a.association, "detail")).content.decode()


def test_only_sr_and_dn_see_the_create_link(client, world):
    client.force_login(world.a.sr)
    assert CREATE in client.get(reverse("core:staff_home")).content.decode()
    client.force_login(world.a.sd)
    assert CREATE not in client.get(reverse("core:staff_home")).content.decode()


# --- moving an AS to another district ---------------------------------------------------------


def test_sd_moves_an_as_to_another_district_of_his_department(client, world):
    association = world.a.association
    before = association.district.label
    target = DistrictFactory(department=association.department, label="68-Colmar")
    client.force_login(world.a.sd)
    response = client.post(manage_url(association, "move_district"), {"district": target.pk})
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.district == target
    entry = audit_entries_for(association).get()
    assert entry.action == "changement de district"
    assert (entry.before, entry.after) == ({"district": before}, {"district": "68-Colmar"})
    page = client.get(manage_url(association)).content.decode()
    assert "changement de district" in page


def test_a_district_of_another_department_is_refused_in_french(client, world):
    association = world.a.association
    other_department = DepartmentFactory(academy=association.department.academy)
    elsewhere = DistrictFactory(department=other_department, label="Ailleurs")
    with pytest.raises(services.AssociationError) as error:
        services.association_move_district(
            actor=world.a.sr, association=association, district=elsewhere
        )
    assert str(error.value) == (
        f"Le district « Ailleurs » n'est pas un district du département de l'AS "
        f"({association.department}) : choisissez-en un de ce département."
    )
    client.force_login(world.a.sr)
    response = client.post(manage_url(association, "move_district"), {"district": elsewhere.pk})
    assert response.status_code == 200
    assert "district du département de l'AS" in response.context["move_form"].errors["district"][0]
    association.refresh_from_db()
    assert association.district != elsewhere
    assert not audit_entries_for(association).exists()


def test_sd_of_another_department_gets_404_when_moving(client, world):
    association = world.a.association
    target = DistrictFactory(department=association.department)
    client.force_login(world.b.sd)
    response = client.post(manage_url(association, "move_district"), {"district": target.pk})
    assert response.status_code == 404


# --- changing the AS's e-mail -----------------------------------------------------------------


def change_email(client, world, django_capture_on_commit_callbacks, actor=None, **data):
    client.force_login(actor or world.a.sr)
    values = {"civility": "M", "last_name": "Martin", "first_name": "Louis"} | data
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(manage_url(world.a.association, "change_email"), values)


def test_sr_changes_the_email_which_replaces_the_secretary_account(
    client, world, django_capture_on_commit_callbacks
):
    association, previous = world.a.association, world.a.secretary
    response = change_email(
        client, world, django_capture_on_commit_callbacks, email="louis.martin@example.fr"
    )
    assert response.status_code == 302
    association.refresh_from_db()
    assert association.email == "louis.martin@example.fr"
    new = User.objects.get(email="louis.martin@example.fr")
    assert not new.has_usable_password()
    secretaries = association.role_assignments.filter(role=Role.AS_SECRETARY)
    assert [a.user for a in secretaries] == [new]
    assert User.objects.filter(pk=previous.pk).exists()  # kept, only the role goes
    [message] = mail.outbox
    assert message.to == ["louis.martin@example.fr"]
    assert "/compte/mot-de-passe/" in message.body
    entry = audit_entries_for(association).get()
    assert entry.action == "e-mail de l'AS modifié"
    assert entry.before["secrétaire"] == f"{previous.display_name} <{previous.email}>"
    assert entry.after["e-mail"] == "louis.martin@example.fr"
    assert "louis.martin@example.fr" in entry.after["secrétaire"]


def test_an_existing_account_is_linked_without_a_new_password(
    client, world, django_capture_on_commit_callbacks
):
    teacher = world.a.teacher
    change_email(client, world, django_capture_on_commit_callbacks, email=teacher.email)
    assert teacher.role_assignments.filter(
        role=Role.AS_SECRETARY, association=world.a.association
    ).exists()
    assert teacher.role_assignments.filter(role=Role.AS_TEACHER).exists()
    teacher.refresh_from_db()
    assert teacher.check_password(PASSWORD)
    assert mail.outbox == []


def test_the_current_address_is_refused(client, world, django_capture_on_commit_callbacks):
    association = world.a.association
    association.email = world.a.secretary.email
    association.save(update_fields=["email"])
    response = change_email(
        client, world, django_capture_on_commit_callbacks, email=world.a.secretary.email.upper()
    )
    assert response.context["email_form"].errors["email"] == [
        "C'est déjà l'adresse de l'AS et de son compte secrétaire."
    ]
    assert 'value="Martin"' in response.content.decode()


def test_sd_may_move_the_as_but_not_change_its_email(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.a.sd)
    page = client.get(manage_url(world.a.association))
    assert page.context["email_form"] is None
    response = change_email(
        client,
        world,
        django_capture_on_commit_callbacks,
        actor=world.a.sd,
        email="louis.martin@example.fr",
    )
    assert response.status_code == 404
    assert not User.objects.filter(email="louis.martin@example.fr").exists()


def test_the_services_reach_the_as_life_pages_from_its_file(client, world):
    client.force_login(world.a.sd)
    code = world.a.association.code
    page = client.get(reverse("associations:detail", args=[code])).text
    for name in ("cards:adults", "competitions:association", "register:association"):
        assert reverse(name, args=[code]) in page
