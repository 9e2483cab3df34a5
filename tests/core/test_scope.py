"""The scope rule, role by role: a pupil his own data, an AS its own pupils, an SD its department,
an SR its académie, DN everything; the union for a person with several roles."""

import pytest
from django.urls import reverse

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment
from opuss.associations.models import SportsAssociation
from opuss.licences.models import Licence, Pupil
from opuss.territories.models import Department, Establishment
from tests.factories import (
    AssociationFactory,
    DistrictFactory,
    EstablishmentFactory,
    LicenceFactory,
)

pytestmark = pytest.mark.django_db


def visible(model, user):
    return set(model.objects.for_user(user))


def test_a_pupil_sees_only_himself_and_his_licences(world):
    assert visible(Pupil, world.a.pupil) == {world.a.licence.pupil}
    assert visible(Licence, world.a.pupil) == {world.a.licence}
    assert visible(SportsAssociation, world.a.pupil) == set()


def test_a_pupil_asking_for_another_pupils_page_gets_404(client, world):
    victim = world.b.licence.pupil
    # A name no Faker word of the page (an establishment named after a person) can bear.
    victim.last_name = "Zolmène-Quartz"
    victim.save(update_fields=["last_name"])
    client.force_login(world.a.pupil)
    other = reverse("licences:pupil_detail", args=[victim.pk])
    response = client.get(other)
    assert response.status_code == 404
    assert "Zolmène" not in response.content.decode()


def test_a_pupil_of_the_same_as_is_still_someone_else(client, world):
    classmate = LicenceFactory(association=world.a.association, season=world.season)
    client.force_login(world.a.pupil)
    url = reverse("licences:pupil_detail", args=[classmate.pupil.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("actor", ["teacher", "secretary"])
def test_an_as_sees_its_own_pupils_and_no_other(world, actor):
    user = world.actor(actor)
    assert visible(SportsAssociation, user) == {world.a.association}
    assert visible(Pupil, user) == {world.a.licence.pupil}
    assert visible(Licence, user) == {world.a.licence}


def test_an_sd_sees_its_department_only(world):
    same_department = AssociationFactory(
        establishment=EstablishmentFactory(department=world.a.association.department)
    )
    other_department_same_academy = AssociationFactory(
        establishment=EstablishmentFactory(
            department=Department.objects.create(
                code="67", name="Bas-Rhin", academy=world.a.association.department.academy
            )
        )
    )
    seen = visible(SportsAssociation, world.a.sd)
    assert seen == {world.a.association, same_department}
    assert other_department_same_academy not in seen
    assert visible(Department, world.a.sd) == {world.a.association.department}


def test_an_sr_sees_its_academy_across_departments(world):
    academy = world.a.association.department.academy
    elsewhere = Department.objects.create(code="67", name="Bas-Rhin", academy=academy)
    other = AssociationFactory(establishment=EstablishmentFactory(department=elsewhere))
    assert visible(SportsAssociation, world.a.sr) == {world.a.association, other}
    assert world.b.association not in visible(SportsAssociation, world.a.sr)
    assert world.b.licence not in visible(Licence, world.a.sr)


def test_dn_sees_everything(world):
    assert visible(SportsAssociation, world.dn) == {world.a.association, world.b.association}
    assert visible(Licence, world.dn) == {world.a.licence, world.b.licence}


def test_several_roles_see_the_union_of_their_scopes(world):
    RoleAssignment.objects.create(
        user=world.a.teacher, role=Role.AS_SECRETARY, association=world.b.association
    )
    world.a.teacher.refresh_from_db()
    assert visible(SportsAssociation, world.a.teacher) == {world.a.association, world.b.association}


def test_an_establishment_with_a_college_and_a_lycee_shows_only_the_as_in_scope(world):
    establishment = world.a.association.establishment
    college_as = AssociationFactory(
        establishment=establishment, district=DistrictFactory(department=establishment.department)
    )
    assert visible(Establishment, world.a.teacher) == {establishment}
    assert college_as not in visible(SportsAssociation, world.a.teacher)


def test_an_inactive_user_sees_nothing(world):
    world.dn.is_active = False
    assert visible(SportsAssociation, world.dn) == set()
