"""The homes are task lists: each says what its reader has to do now, counted, with a link."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opuss.guardians.models import GuardianRequest, GuardianResponse
from opuss.licences.models import RenewalRequest
from opuss.licences.renewals import request_renewal
from tests.competitions.factories import competition
from tests.factories import (
    AffiliationFactory,
    AssociationFactory,
    BankAccountFactory,
    EstablishmentFactory,
    LicenceFactory,
    SeasonFactory,
    affiliated_as,
)

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2025, 10, 6, 10, 0, tzinfo=PARIS)
NOTHING = "Rien à faire pour l'instant."


@pytest.fixture
def demo_day(settings):
    settings.OPUSS_NOW = NOW.replace(tzinfo=None).isoformat()


def as_home(client, user, association) -> str:
    client.force_login(user)
    response = client.get(reverse("associations:detail", args=[association.code]))
    assert response.status_code == 200
    return response.content.decode()


def staff_home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("core:staff_home"))
    assert response.status_code == 200
    return response.content.decode()


def link(url: str, label: str) -> str:
    return f'<a href="{url}">{label}</a>'


def renewal(world, pupil=None):
    return RenewalRequest.objects.create(
        pupil=pupil or world.a.licence.pupil,
        association=world.a.association,
        season=world.season,
        created_at=NOW,
    )


def guardian_link(licence):
    return GuardianRequest.objects.create(
        licence=licence, email="famille@example.fr", created_at=NOW, sent_at=NOW
    )


def answer(request, *, data_correct=True):
    return GuardianResponse.objects.create(
        request=request,
        licence=request.licence,
        channel="EMAIL",
        data_correct=data_correct,
        correction_note="" if data_correct else "Le nom prend deux T.",
        image_rights=True,
        rgpd_read=True,
        insurance_read=True,
        shown={},
        answered_at=NOW,
        keep_until=NOW + dt.timedelta(days=3653),
    )


# The AS home


def test_the_as_home_offers_to_take_licences(client, world):
    page = as_home(client, world.a.teacher, world.a.association)
    basket = reverse("baskets:basket", args=[world.a.association.code])
    assert f'href="{basket}">Prendre des licences</a>' in page


def test_the_as_home_says_nothing_is_to_do_when_nothing_is(client, world):
    affiliated_as(world.a.association, world.season)
    assert NOTHING in as_home(client, world.a.secretary, world.a.association)


def test_the_as_home_lists_renewal_requests_waiting_until_they_are_handled(client, world):
    affiliated_as(world.a.association, world.season)
    waiting = renewal(world)
    basket = reverse("baskets:basket", args=[world.a.association.code])
    page = as_home(client, world.a.teacher, world.a.association)
    assert link(basket, "1 demande de renouvellement en attente") in page
    waiting.state = "DECLINED"
    waiting.save(update_fields=["state"])
    page = as_home(client, world.a.teacher, world.a.association)
    assert "demande de renouvellement" not in page
    assert NOTHING in page


def test_the_as_home_counts_guardian_links_without_an_answer(client, world):
    affiliated_as(world.a.association, world.season)
    second = LicenceFactory(association=world.a.association, season=world.season)
    first_request = guardian_link(world.a.licence)
    guardian_link(second)
    url = reverse("guardians:association", args=[world.a.association.code]) + "?etat=PENDING"
    page = as_home(client, world.a.secretary, world.a.association)
    assert link(url, "2 réponses de responsables légaux manquantes") in page
    answer(first_request)
    page = as_home(client, world.a.secretary, world.a.association)
    assert link(url, "1 réponse de responsable légal manquante") in page


def test_the_as_home_lists_competitions_whose_entries_close_within_two_weeks(
    client, world, demo_day
):
    affiliated_as(world.a.association, world.season)
    department = world.a.association.department
    competition(department, deadline=NOW + dt.timedelta(days=3))
    competition(department, deadline=NOW + dt.timedelta(days=30))  # not yet
    competition(department, deadline=NOW - dt.timedelta(days=1))  # closed
    competition(world.b.association.department, deadline=NOW + dt.timedelta(days=3))  # elsewhere
    url = reverse("competitions:association", args=[world.a.association.code])
    page = as_home(client, world.a.teacher, world.a.association)
    assert link(url, "1 compétition dont les inscriptions ferment sous 14 jours") in page


def test_the_as_home_says_what_the_affiliation_form_still_misses(client, world):
    AffiliationFactory(
        association=world.a.association, season=world.season, state="DRAFT", siret=""
    )
    form = reverse("affiliations:form", args=[world.a.association.code])
    page = as_home(client, world.a.secretary, world.a.association)
    assert link(form, "Affiliation à compléter : 1 élément manquant") in page


def test_the_as_home_asks_to_correct_a_form_sent_back(client, world):
    AffiliationFactory(association=world.a.association, season=world.season, state="RETURNED")
    form = reverse("affiliations:form", args=[world.a.association.code])
    page = as_home(client, world.a.secretary, world.a.association)
    assert link(form, "Affiliation renvoyée par le service régional : à corriger") in page


def test_the_as_home_asks_to_affiliate_while_the_period_is_open(client, world, demo_day):
    page = as_home(client, world.a.secretary, world.a.association)
    assert link("#affiliation", "S&#x27;affilier pour la saison 2025-2026") in page
    assert 'id="affiliation"' in page


def test_the_services_see_an_as_home_without_its_task_list(client, world):
    renewal(world)
    page = as_home(client, world.a.sr, world.a.association)
    assert "À faire" not in page
    assert "Prendre des licences" not in page


# The services' home


def test_the_sr_home_counts_forms_to_check_and_bank_details_missing(client, world):
    # Side A's form, transmitted, paid by direct debit, no bank details yet.
    assert world.affiliation.payment_mode == "DIRECT_DEBIT"
    worklist = reverse("affiliations:worklist") + "?etat=PENDING"
    page = staff_home(client, world.a.sr)
    assert link(worklist, "1 formulaire d&#x27;affiliation à vérifier") in page
    bank_missing = f"{worklist}&amp;banque=MISSING"
    assert link(bank_missing, "1 AS en prélèvement sans coordonnées bancaires") in page
    BankAccountFactory(association=world.a.association, created_by=world.a.sr)
    page = staff_home(client, world.a.sr)
    assert "sans coordonnées bancaires" not in page
    assert "1 formulaire d&#x27;affiliation à vérifier" in page


def test_an_sr_never_counts_another_academys_forms(client, world):
    AffiliationFactory(association=world.b.association, season=world.season, state="PENDING")
    page = staff_home(client, world.a.sr)
    assert "à vérifier" not in page
    assert NOTHING in page
    assert "1 formulaire d&#x27;affiliation à vérifier" in staff_home(client, world.b.sr)


def test_dn_counts_the_forms_of_every_academy(client, world):
    assert world.affiliation.state == "PENDING"
    AffiliationFactory(association=world.b.association, season=world.season, state="PENDING")
    assert "2 formulaires d&#x27;affiliation à vérifier" in staff_home(client, world.dn)


def test_the_sd_home_counts_links_unanswered_and_the_sr_home_corrections(client, world):
    corrected = guardian_link(world.a.licence)
    answer(corrected, data_correct=False)
    guardian_link(LicenceFactory(association=world.a.association, season=world.season))
    guardian_link(world.b.licence)  # another académie
    staff_page = reverse("guardians:staff")
    corrections = reverse("guardians:corrections") + "?etat=TODO"
    page = staff_home(client, world.a.sd)
    assert link(staff_page, "1 lien envoyé à un responsable légal sans réponse") in page
    # The SD follows correction requests; the SR handles them: only his home counts them.
    assert "correction demandée" not in page
    sr_page = staff_home(client, world.a.sr)
    assert link(corrections, "1 correction demandée par un responsable légal") in sr_page


def test_the_services_home_shows_the_state_of_the_seasons_affiliations(client, world):
    assert world.affiliation.state == "PENDING"
    AssociationFactory(
        establishment=EstablishmentFactory(department=world.a.association.department),
        code="24002",
    )
    page = staff_home(client, world.dn)
    assert "Affiliations au national" in page
    assert "1 en attente du service régional" in page
    assert "2 AS sans formulaire" in page


def _more_forms_waiting(world, size: int, first: int) -> None:
    """`size` more AS in side A's department, each with a form waiting and a guardian's link."""
    for n in range(first, first + size):
        association = AssociationFactory(
            establishment=EstablishmentFactory(department=world.a.association.department),
            code=f"24{n:03d}",
        )
        AffiliationFactory(association=association, season=world.season, state="PENDING")
        guardian_link(LicenceFactory(association=association, season=world.season))


def test_the_services_home_costs_the_same_queries_whatever_the_territory(client, world):
    client.force_login(world.a.sr)
    url = reverse("core:staff_home")
    client.get(url)  # sessions, role caches
    _more_forms_waiting(world, 1, first=10)
    with CaptureQueriesContext(connection) as small:
        assert "1 formulaire d&#x27;affiliation à vérifier" in client.get(url).content.decode()
    _more_forms_waiting(world, 4, first=20)
    with CaptureQueriesContext(connection) as large:
        assert "5 formulaires d&#x27;affiliation à vérifier" in client.get(url).content.decode()
    assert len(large) == len(small)


# The services' list of AS


def test_the_as_list_shows_filters_and_exports_the_affiliation_state(client, world):
    assert world.affiliation.state == "PENDING"
    client.force_login(world.dn)
    url = reverse("associations:list")
    page = client.get(url).content.decode()
    assert "Affiliation 2025-2026" in page
    assert "Aucun formulaire" in page
    waiting = client.get(url, {"affiliation": "PENDING"}).content.decode()
    assert world.a.association.code in waiting
    assert world.b.association.code not in waiting
    without = client.get(url, {"affiliation": "NONE"}).content.decode()
    assert world.b.association.code in without
    assert world.a.association.code not in without
    exported = b"".join(client.get(url, {"export": "csv", "tri": "affiliation_state"}))
    assert "En attente" in exported.decode("utf-8-sig")


# The e-mail about a renewal request


def test_the_renewal_request_email_links_to_the_basket(
    world, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://opuss.example.org"
    world.a.association.email = "as@example.fr"
    world.a.association.save(update_fields=["email"])
    former = LicenceFactory(
        association=world.a.association,
        season=SeasonFactory(start_year=2024, is_current=False),
        number=f"{world.a.association.code}0099",
    )
    with django_capture_on_commit_callbacks(execute=True):
        request_renewal(pupil=former.pupil, season=world.season)
    basket = reverse("baskets:basket", args=[world.a.association.code])
    assert f"https://opuss.example.org{basket}" in mail.outbox[-1].body


def test_the_as_home_reads_the_seasons_once_and_its_own_as_with_the_roles(client, world):
    """Its blocks (header, affiliation, tasks, Vie de l'AS) all ask for the current season and
    the one before; an animateur's AS comes with his roles (issue #14). The SD's visit still
    goes through his scope."""
    association = world.a.association
    url = reverse("associations:detail", args=[association.code])

    def tables_read(user) -> list[str]:
        client.force_login(user)
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return [q["sql"].split(" FROM ", 1)[1].split()[0] for q in queries if " FROM " in q["sql"]]

    teacher = tables_read(world.a.teacher)
    assert teacher.count('"seasons_season"') == 1
    assert '"associations_sportsassociation"' not in teacher
    assert tables_read(world.a.sd).count('"associations_sportsassociation"') == 1
