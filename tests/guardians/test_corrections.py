"""Guardians' correction requests as the services follow them: the SR of the académie (or DN),
who corrects licences, marks a request handled, with who and when; the answer itself stays as it
was given; the homes count only the requests still to handle."""

import csv
import html
import io
import re

import pytest
from django.urls import reverse

from opuss.core import clock
from opuss.core.models import AuditEntry
from opuss.guardians import services
from opuss.guardians.models import CorrectionHandling, EvidenceChange, GuardianResponse
from opuss.licences.models import EvidenceDeletion
from tests.factories import LicenceFactory
from tests.guardians.conftest import values

pytestmark = pytest.mark.django_db

NOTE = "Le prénom prend deux N : Yann."


@pytest.fixture
def correction(guardian_request) -> GuardianResponse:
    """Side A's guardian answered through his link that the licence's first name is wrong."""
    return services.answer(
        request=guardian_request,
        values=values(data_correct=False, correction_note=NOTE, guardian_name="Claire Durand"),
    )


def paper_correction(licence, teacher) -> GuardianResponse:
    return services.record_paper(
        licence=licence,
        actor=teacher,
        values=values(
            data_correct=False,
            correction_note="La date de naissance est inexacte.",
            guardian_name="Marc Roux",
            signed_on=licence.created_at.date(),
        ),
    )


def detail(pk: int) -> str:
    return reverse("guardians:correction", args=[pk])


def handle(pk: int) -> str:
    return reverse("guardians:correction_handle", args=[pk])


def home_link(client, user, label: str) -> str | None:
    client.force_login(user)
    page = client.get(reverse("core:staff_home")).content.decode()
    found = re.search(rf'<a href="([^"]+)">{label}</a>', page)
    return html.unescape(found.group(1)) if found else None


def listed_licences(client, url: str, query: dict | None = None) -> list[str]:
    response = client.get(url, (query or {}) | {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    return sorted(row[1] for row in rows[1:])


def test_the_sr_reaches_the_request_from_his_home_and_marks_it_handled(client, world, correction):
    todo = home_link(client, world.a.sr, "1 correction demandée par un responsable légal")
    assert todo == reverse("guardians:corrections") + "?etat=TODO"
    listing = client.get(todo).content.decode()
    assert f'<a href="{detail(correction.pk)}">06/10/2025 10:00</a>' in listing
    assert NOTE in listing
    page = client.get(detail(correction.pk)).content.decode()
    assert "Marquer comme traitée" in page
    assert reverse("corrections:manage", args=[world.a.licence.pk]) in page

    response = client.post(handle(correction.pk), follow=True)

    handling = CorrectionHandling.objects.get(response=correction)
    assert (handling.handled_by, handling.handled_at) == (world.a.sr, clock.now())
    page = response.content.decode()
    assert f"Traitée le 06/10/2025 à 10:00 par {world.a.sr}." in page
    assert "marquée comme traitée" in page
    assert "Marquer comme traitée" not in page
    assert home_link(client, world.a.sr, "1 correction demandée par un responsable légal") is None


def test_marking_it_is_audited_on_the_licence(client, world, correction):
    client.force_login(world.a.sr)
    client.post(handle(correction.pk))
    entry = AuditEntry.objects.get(action="demande de correction traitée")
    assert (entry.actor, entry.object_id) == (world.a.sr, str(world.a.licence.pk))
    history = client.get(reverse("corrections:manage", args=[world.a.licence.pk]))
    assert "demande de correction traitée" in history.content.decode()


def test_the_answer_is_kept_exactly_as_given(client, world, correction):
    stored = GuardianResponse.objects.filter(pk=correction.pk).values()
    before = stored.get()
    client.force_login(world.a.sr)
    client.post(handle(correction.pk))
    assert CorrectionHandling.objects.filter(response=correction).exists()
    assert stored.get() == before


def test_a_request_is_handled_once_and_its_handling_never_changes_nor_goes(
    client, world, correction
):
    client.force_login(world.a.sr)
    client.post(handle(correction.pk))
    client.force_login(world.dn)
    page = client.post(handle(correction.pk), follow=True).content.decode()
    assert "déjà été traitée le 06/10/2025 à 10:00" in page
    handling = CorrectionHandling.objects.get(response=correction)
    assert handling.handled_by == world.a.sr
    with pytest.raises(EvidenceDeletion):
        handling.delete()
    with pytest.raises(EvidenceDeletion):
        CorrectionHandling.objects.all().delete()
    with pytest.raises(EvidenceChange):
        handling.save()
    with pytest.raises(EvidenceChange):
        CorrectionHandling.objects.update(handled_by=world.dn)


def test_another_academys_request_does_not_exist_for_an_sr(client, world, correction):
    client.force_login(world.b.sr)
    assert client.get(detail(correction.pk)).status_code == 404
    assert client.post(handle(correction.pk)).status_code == 404
    assert not CorrectionHandling.objects.exists()
    assert listed_licences(client, reverse("guardians:corrections")) == []
    assert home_link(client, world.b.sr, "1 correction demandée par un responsable légal") is None


def test_the_sd_follows_the_requests_without_handling_them(client, world, correction):
    client.force_login(world.a.sd)
    page = client.get(detail(correction.pk)).content.decode()
    assert NOTE in page
    assert "Marquer comme traitée" not in page
    assert client.post(handle(correction.pk)).status_code == 404
    assert not CorrectionHandling.objects.exists()
    # Nothing for him to do: his home does not count it among his tasks.
    assert home_link(client, world.a.sd, "1 correction demandée par un responsable légal") is None


def test_an_answer_without_a_correction_has_no_such_page(client, world, guardian_request):
    answered = services.answer(request=guardian_request, values=values())
    client.force_login(world.a.sr)
    assert client.get(detail(answered.pk)).status_code == 404
    assert client.post(handle(answered.pk)).status_code == 404


def test_the_list_filters_requests_to_handle_and_handled_ones(client, world, correction):
    other = LicenceFactory(association=world.a.association, season=world.season)
    paper = paper_correction(other, world.a.teacher)
    client.force_login(world.a.sr)
    client.post(handle(paper.pk))
    url = reverse("guardians:corrections")
    assert listed_licences(client, url) == sorted([world.a.licence.number, other.number])
    assert listed_licences(client, url, {"etat": "TODO"}) == [world.a.licence.number]
    assert listed_licences(client, url, {"etat": "HANDLED"}) == [other.number]
    response = client.get(url, {"etat": "HANDLED", "export": "csv"})
    row = response.getvalue().decode("utf-8-sig").splitlines()[1].split(";")
    assert row[-3:] == ["Traitée", "06/10/2025 10:00", str(world.a.sr)]


def test_the_services_guardians_page_shows_the_requests_by_state(client, world, correction):
    other = LicenceFactory(association=world.a.association, season=world.season)
    client.force_login(world.a.sr)
    client.post(handle(paper_correction(other, world.a.teacher).pk))
    page = client.get(reverse("guardians:staff")).content.decode()
    url = reverse("guardians:corrections")
    assert f'<a href="{url}?etat=TODO">1 à traiter</a>' in page
    assert f'<a href="{url}?etat=HANDLED">1 traitée</a>' in page


def test_the_as_sees_when_its_request_was_handled(client, world, correction):
    url = reverse("guardians:association", args=[world.a.association.code])
    client.force_login(world.a.teacher)

    def row() -> list[str]:
        rows = csv.reader(
            io.StringIO(client.get(url, {"export": "csv"}).getvalue().decode("utf-8-sig")),
            delimiter=";",
        )
        header, *lines = list(rows)
        line = next(line for line in lines if line[0] == world.a.licence.number)
        return [
            line[header.index("Correction demandée")],
            line[header.index("Correction traitée le")],
        ]

    assert row() == [NOTE, "pas encore"]
    client.force_login(world.a.sr)
    client.post(handle(correction.pk))
    client.force_login(world.a.teacher)
    assert row() == [NOTE, "06/10/2025 10:00"]
