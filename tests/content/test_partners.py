"""« Mes partenaires »: those of the pupil's AS, department and académie (AS first), then
national ones; managed with the same rule as articles."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opuss.content import perms
from opuss.content.demo import tiny_png
from opuss.content.forms import PartnerForm
from opuss.content.models import Partner
from opuss.core.models import AuditEntry
from tests.content.factories import PartnerFactory, partner_for
from tests.factories import AssociationFactory


@pytest.fixture
def partners(world):
    association = world.a.association
    department = association.department
    neighbour = AssociationFactory(establishment__department=department)
    return {
        "as": partner_for("AS", association, name="Mairie"),
        "sd": partner_for("SD", department, name="Département"),
        "sr": partner_for("SR", department.academy, name="Région"),
        "national": PartnerFactory(name="Assureur"),
        "neighbour": partner_for("AS", neighbour, name="Zéphyr Voisin"),
        "sr_b": partner_for("SR", world.b.association.department.academy, name="Autre région"),
    }


def test_the_pupil_sees_his_as_department_region_and_national_partners(client, world, partners):
    client.force_login(world.a.pupil)
    response = client.get(reverse("content:pupil_partners"))
    groups = [(g.title, [p.name for p in g.partners]) for g in response.context["groups"]]
    department = world.a.association.department
    assert groups == [
        ("Partenaires de mon AS", ["Mairie"]),
        (f"Partenaires du département – {department.name}", ["Département"]),
        (f"Partenaires de la région – {department.academy.name}", ["Région"]),
        ("Partenaires nationaux", ["Assureur"]),
    ]
    assert "Zéphyr" not in response.text
    assert "Autre région" not in response.text


def test_a_pupil_of_the_other_side_sees_his_own(client, world, partners):
    client.force_login(world.b.pupil)
    response = client.get(reverse("content:pupil_partners"))
    assert [p.name for g in response.context["groups"] for p in g.partners] == [
        "Autre région",
        "Assureur",
    ]


def test_no_partner_says_so(client, world):
    client.force_login(world.a.pupil)
    assert "Aucun partenaire pour le moment." in client.get(reverse("content:pupil_partners")).text


def test_the_logo_is_served_to_the_pupils_of_the_as_only(client, world):
    partner = partner_for("AS", world.a.association)
    partner.logo.save("logo.png", SimpleUploadedFile("logo.png", tiny_png((1, 2, 3))))
    client.force_login(world.a.pupil)
    response = client.get(reverse("content:partner_logo", args=[partner.pk]))
    assert (response.status_code, response["Content-Type"]) == (200, "image/png")
    client.force_login(world.b.pupil)
    assert client.get(reverse("content:partner_logo", args=[partner.pk])).status_code == 404


def test_partners_have_no_district_level(world):
    form = PartnerForm(reach=perms.reach_of(world.a.sr))
    assert [v for v, _ in form.fields["level"].choices if v] == ["ACADEMY", "DEPARTMENT", "AS"]
    assert "district" not in form.fields


def test_an_as_member_adds_a_partner_of_his_as(client, world):
    client.force_login(world.a.secretary)
    response = client.post(
        reverse("content:partner_create"),
        {
            "name": "Boulangerie du lycée",
            "description": "Offre le goûter des compétitions.",
            "website": "https://boulangerie.example.fr",
            "level": "AS",
            "association": world.a.association.pk,
            "logo": SimpleUploadedFile("logo.png", tiny_png((9, 9, 9))),
        },
    )
    assert response.status_code == 302
    partner = Partner.objects.get()
    assert (partner.level, partner.association) == ("AS", world.a.association)
    assert partner.logo.name.startswith("partenaires/")
    assert AuditEntry.objects.filter(action="partenaire créé", actor=world.a.secretary).exists()


def test_an_as_member_cannot_add_a_departmental_partner(client, world):
    client.force_login(world.a.teacher)
    response = client.post(
        reverse("content:partner_create"),
        {
            "name": "Département",
            "level": "DEPARTMENT",
            "department": world.a.association.department.pk,
        },
    )
    assert "Vous ne pouvez pas publier à ce niveau." in response.text
    assert not Partner.objects.exists()


def test_a_logo_must_be_an_image(client, world):
    client.force_login(world.a.sd)
    response = client.post(
        reverse("content:partner_create"),
        {
            "name": "Club",
            "level": "DEPARTMENT",
            "department": world.a.association.department.pk,
            "logo": SimpleUploadedFile("logo.pdf", b"%PDF-1.4"),
        },
    )
    assert response.status_code == 200
    assert not Partner.objects.exists()


def test_an_sd_edits_the_partners_of_his_department_only(client, world, partners):
    client.force_login(world.a.sd)
    listed = {p.name for p in client.get(reverse("content:partners_manage")).context["page_obj"]}
    assert listed == {"Mairie", "Département", "Zéphyr Voisin"}
    assert client.get(reverse("content:partner_edit", args=[partners["sr"].pk])).status_code == 404
    response = client.post(
        reverse("content:partner_edit", args=[partners["sd"].pk]),
        {
            "name": "Département du Haut-Rhin",
            "level": "DEPARTMENT",
            "department": world.a.association.department.pk,
        },
    )
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="partenaire modifié")
    assert (entry.before["name"], entry.after["name"]) == (
        "Département",
        "Département du Haut-Rhin",
    )
