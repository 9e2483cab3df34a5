"""The season's affiliation, end to end through the pages, as the AS and its SR live it."""

import html
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from opuss.accounts.enums import Role
from opuss.affiliations import services
from opuss.affiliations.enums import AffiliationState
from opuss.affiliations.models import Affiliation
from opuss.core.models import AuditEntry
from opuss.finance.models import BankAccount
from tests.factories import PASSWORD, AffiliationFactory, BankAccountFactory, SeasonFactory
from tests.helpers import confirm_bank_password

pytestmark = pytest.mark.django_db

IN_SEASON = "2025-10-06T10:00:00+02:00"
IBAN = "FR76 3000 6000 0112 3456 7890 189"


@pytest.fixture(autouse=True)
def _in_season(settings):
    settings.OPUSS_NOW = IN_SEASON


@pytest.fixture
def history(world):
    """Side A's AS was affiliated last season, in the personalised contract: it pays."""
    previous = SeasonFactory(start_year=2024, is_current=False)
    return AffiliationFactory(
        association=world.a.association,
        season=previous,
        state="AFFILIATED",
        affiliated_at="2024-09-20T10:00:00+02:00",
        fee_affiliation=100,
        fee_contract=1200,
        people=False,
    )


@pytest.fixture
def as_client(client, world):
    client.force_login(world.a.secretary)
    return client


def complete_form(association) -> dict:
    """What an AS secretary types in the whole form (management forms included)."""
    data = {
        "siret": "732 829 320 00074",
        "establishment_type": "LYC",
        "boys": "310",
        "girls": "290",
        "deducted": "0",
        "eps_teachers": "4",
        "as_animateurs": "3",
        "outside_animateurs": "1",
        "forfaits_as": "3",
        "postes_eps": "4",
        "eps_trainees": "0",
        "insurance": "MAIF_COLLECTIVE",
        "insurer_name": "",
        "payment_mode": "DIRECT_DEBIT",
        "contract_type": "personalised",
        "animateurs-TOTAL_FORMS": "1",
        "animateurs-INITIAL_FORMS": "0",
        "animateurs-0-civility": "MME",
        "animateurs-0-last_name": "Martin",
        "animateurs-0-first_name": "Léa",
        "animateurs-0-email": "lea.martin@example.fr",
        "animateurs-0-phone": "0601020304",
        "sections-TOTAL_FORMS": "0",
        "sections-INITIAL_FORMS": "0",
    }
    for role in ("president", "secretary", "treasurer"):
        data |= {
            f"officer-{role}-civility": "M",
            f"officer-{role}-last_name": f"Nom{role}",
            f"officer-{role}-first_name": "Jean",
            f"officer-{role}-email": f"{role}@example.fr",
            f"officer-{role}-phone": "0102030405",
        }
    return data


def text(response) -> str:
    return html.unescape(response.content.decode())


def start(client, code):
    return client.post(reverse("affiliations:start", args=[code]))


def form_url(code):
    return reverse("affiliations:form", args=[code])


def test_the_whole_path_draft_transmitted_returned_transmitted_affiliated(
    client, world, history, django_capture_on_commit_callbacks
):
    code = world.a.association.code
    world.a.association.department.academy.email = "sr@example.fr"
    world.a.association.department.academy.save()
    client.force_login(world.a.secretary)
    assert start(client, code)["Location"] == form_url(code)
    affiliation = Affiliation.objects.get(association=world.a.association, season=world.season)
    assert affiliation.state == AffiliationState.DRAFT

    with django_capture_on_commit_callbacks(execute=True):
        client.post(form_url(code), complete_form(world.a.association) | {"transmit": "1"})
    affiliation.refresh_from_db()
    assert affiliation.state == AffiliationState.PENDING
    assert affiliation.enrolment == 600
    assert [m.to for m in mail.outbox] == [["sr@example.fr"]]

    client.force_login(world.a.sr)
    worklist = text(client.get(reverse("affiliations:worklist")))
    assert "1 nouveau formulaire transmis" in worklist
    review = reverse("affiliations:review", args=[affiliation.pk])
    # LYC, 600 pupils: 600 × (20 − 600/100) × 17,03 € / 100
    assert "1\u202f430,52\u00a0€" in text(client.get(review))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("affiliations:send_back", args=[affiliation.pk]),
            {"comment": "Effectif des filles à vérifier avec l'inspection académique."},
        )
    affiliation.refresh_from_db()
    assert affiliation.state == AffiliationState.RETURNED
    # A plain-text e-mail: the comment as typed, its apostrophe not turned into &#x27;.
    assert "vérifier avec l'inspection académique." in mail.outbox[-1].body

    client.force_login(world.a.secretary)
    page = text(client.get(form_url(code)))
    assert "Effectif des filles à vérifier" in page
    client.post(
        form_url(code),
        complete_form(world.a.association)
        | {"girls": "280", "animateurs-TOTAL_FORMS": "0", "transmit": "1"},
    )
    affiliation.refresh_from_db()
    assert affiliation.state == AffiliationState.PENDING and affiliation.girls == 280

    client.force_login(world.a.sr)
    confirm_bank_password(client, affiliation.pk, PASSWORD)
    client.post(
        reverse("affiliations:bank_details", args=[affiliation.pk]),
        {"holder": "AS Lycée", "iban": IBAN, "bic": "AGRIFRPP"},
    )
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("affiliations:affiliate", args=[affiliation.pk]), {"verified": "on"})
    affiliation.refresh_from_db()
    assert affiliation.state == AffiliationState.AFFILIATED
    assert affiliation.fee_affiliation == Decimal("100.00")
    assert affiliation.fee_contract == Decimal("1416.73")  # 590 × (20 − 5.9) × 17.03 / 100
    assert affiliation.invoice_number == "F2025-00001"
    assert affiliation.bank_account.rum == f"UNSS-{code}-001"
    animateur = affiliation.animateurs.get().user
    assert animateur.role_assignments.filter(
        role=Role.AS_TEACHER, association=world.a.association
    ).exists()
    assert any(
        m.to == ["lea.martin@example.fr"] and "/compte/mot-de-passe/" in m.body for m in mail.outbox
    )
    history = text(client.get(reverse("affiliations:review", args=[affiliation.pk])))
    for action in ("transmettre au SR", "renvoyer à l'AS", "affilier", "coordonnées bancaires"):
        assert action in history


def test_a_draft_keeps_what_was_typed_even_when_a_field_is_wrong(as_client, world):
    code = world.a.association.code
    start(as_client, code)
    response = as_client.post(
        form_url(code),
        {
            **complete_form(world.a.association),
            "siret": "12345678901234",
            "boys": "150",
        },
    )
    page = text(response)
    assert "Ce numéro SIRET n'est pas valide" in page
    assert 'value="12345678901234"' in page
    affiliation = Affiliation.objects.get(association=world.a.association)
    assert affiliation.boys == 150  # the valid fields are saved
    assert affiliation.siret == ""
    assert affiliation.state == AffiliationState.DRAFT


def test_an_absurd_headcount_is_refused_next_to_its_field_and_kept(as_client, world):
    code = world.a.association.code
    start(as_client, code)
    absurd = "1" + "0" * 26
    response = as_client.post(
        form_url(code), {**complete_form(world.a.association), "boys": absurd}
    )
    page = text(response)
    assert "inférieure ou égale à 100" in page
    assert f'value="{absurd}"' in page
    assert Affiliation.objects.get(association=world.a.association).boys is None


def test_an_incomplete_form_cannot_be_transmitted_and_says_what_is_missing(as_client, world):
    code = world.a.association.code
    start(as_client, code)
    response = as_client.post(
        form_url(code),
        {
            "boys": "100",
            "animateurs-TOTAL_FORMS": "0",
            "animateurs-INITIAL_FORMS": "0",
            "sections-TOTAL_FORMS": "0",
            "sections-INITIAL_FORMS": "0",
            "transmit": "1",
        },
        follow=True,
    )
    page = text(response)
    assert "n'est pas complet" in page and "N° SIRET de l'AS" in page
    assert Affiliation.objects.get().state == AffiliationState.DRAFT


def test_last_seasons_values_are_recalled(as_client, world):
    previous = SeasonFactory(start_year=2024, is_current=False)
    AffiliationFactory(
        association=world.a.association,
        season=previous,
        state="AFFILIATED",
        affiliated_at="2024-09-20T10:00:00+02:00",
        fee_affiliation=100,
        fee_contract=0,
        boys=333,
        contract_type="accompanied",
    )
    start(as_client, world.a.association.code)
    current = Affiliation.objects.get(season=world.season)
    assert current.boys == 333 and current.siret == "73282932000074"
    assert current.officers.count() == 3 and current.animateurs.count() == 1
    # "Maintien du contrat accompagné pour les AS qui en bénéficiaient en 2024-2025"
    assert current.contract_type == "accompanied"
    page = text(as_client.get(form_url(world.a.association.code)))
    assert 'value="personalised"' not in page


def test_a_new_as_is_offered_both_contracts_and_pays_no_contract(as_client, world):
    start(as_client, world.a.association.code)
    as_client.post(form_url(world.a.association.code), complete_form(world.a.association))
    page = text(as_client.get(form_url(world.a.association.code)))
    assert 'value="personalised"' in page and 'value="accompanied"' in page
    # "Gratuité du contrat licence pour les nouveaux établissements": only the affiliation.
    assert "100,00\u00a0€</strong>" in page


def test_an_as_that_paid_last_season_keeps_its_contract(as_client, world, history):
    start(as_client, world.a.association.code)
    page = text(as_client.get(form_url(world.a.association.code)))
    assert 'value="personalised"' in page and 'value="accompanied"' not in page


def test_the_form_is_closed_outside_the_opening_period(client, world, settings):
    settings.OPUSS_NOW = "2025-09-01T08:59:00+02:00"
    client.force_login(world.a.secretary)
    response = start(client, world.a.association.code)
    assert not Affiliation.objects.exists()
    page = text(client.get(response["Location"]))
    assert "ouverture le 1er septembre 2025 à 09h00" in page


def test_a_draft_cannot_be_saved_after_the_period_closes(as_client, world, settings):
    start(as_client, world.a.association.code)
    settings.OPUSS_NOW = "2026-08-26T00:00:00+02:00"
    response = as_client.post(
        form_url(world.a.association.code), complete_form(world.a.association), follow=True
    )
    assert "close depuis" in text(response)
    assert Affiliation.objects.get().boys is None


def affiliated(world) -> Affiliation:
    affiliation = world.affiliation
    BankAccountFactory(association=affiliation.association, created_by=world.a.sr)
    services.affiliation_affiliate(affiliation=affiliation, actor=world.a.sr, verified=True)
    return affiliation


def test_enrolment_can_change_after_affiliation_until_the_deadline(as_client, world, history):
    affiliation = affiliated(world)
    url = reverse("affiliations:enrolment", args=[world.a.association.code])
    as_client.post(
        url, {"establishment_type": "LYC", "boys": "400", "girls": "400", "deducted": "0"}
    )
    affiliation.refresh_from_db()
    assert affiliation.enrolment == 800
    assert affiliation.fee_contract == Decimal("1634.88")  # 800 × (20 − 8) × 17.03 / 100
    entry = AuditEntry.objects.filter(action="effectifs modifiés").get()
    assert entry.before["boys"] == 310 and entry.after["boys"] == 400


def test_enrolment_is_frozen_after_the_deadline(as_client, world, settings):
    affiliation = affiliated(world)
    settings.OPUSS_NOW = "2025-10-25T00:00:00+02:00"
    response = as_client.post(
        reverse("affiliations:enrolment", args=[world.a.association.code]),
        {"establishment_type": "LYC", "boys": "400", "girls": "400", "deducted": "0"},
    )
    assert "close depuis le 24 octobre 2025 à 23h59" in text(response)
    affiliation.refresh_from_db()
    assert affiliation.boys == 310


def test_the_contract_cannot_change_after_affiliation(as_client, world):
    affiliated(world)
    response = as_client.post(
        form_url(world.a.association.code), {"contract_type": "accompanied"}, follow=True
    )
    assert "ne peut plus être modifié" in text(response)
    assert Affiliation.objects.get().contract_type == "personalised"


def test_two_agents_cannot_affiliate_twice(world):
    affiliation = world.affiliation
    world.affiliation.payment_mode = "PREPAYMENT"
    world.affiliation.save()
    stale = Affiliation.objects.get(pk=affiliation.pk)
    services.affiliation_affiliate(affiliation=affiliation, actor=world.a.sr, verified=True)
    with pytest.raises(services.AffiliationError, match="quelqu'un d'autre"):
        services.affiliation_affiliate(affiliation=stale, actor=world.dn, verified=True)
    assert Affiliation.objects.get().invoice_number == "F2025-00001"
    assert AuditEntry.objects.filter(action="affilier").count() == 1


def test_a_transition_not_allowed_from_the_state_is_refused(world):
    affiliation = world.affiliation
    affiliation.state = AffiliationState.DRAFT
    affiliation.save()
    with pytest.raises(services.AffiliationError, match="Impossible d'affilier|Impossible de"):
        services.affiliation_affiliate(affiliation=affiliation, actor=world.a.sr, verified=True)


def test_direct_debit_needs_bank_details_before_affiliation(client, world):
    client.force_login(world.a.sr)
    response = client.post(
        reverse("affiliations:affiliate", args=[world.affiliation.pk]),
        {"verified": "on"},
        follow=True,
    )
    assert "saisissez d'abord les coordonnées bancaires" in text(response)
    assert Affiliation.objects.get().state == AffiliationState.PENDING


@pytest.mark.parametrize("actor", ["teacher", "secretary", "sd", "sr_b", "teacher_b"])
def test_only_the_sr_enters_bank_details(client, world, actor):
    client.force_login(world.actor(actor))
    response = client.post(
        reverse("affiliations:bank_details", args=[world.affiliation.pk]),
        {"holder": "X", "iban": IBAN, "bic": "AGRIFRPP"},
    )
    assert response.status_code == 404
    assert not BankAccount.objects.exists()


def test_the_as_form_has_no_bank_fields(as_client, world):
    start(as_client, world.a.association.code)
    page = text(as_client.get(form_url(world.a.association.code)))
    assert 'name="iban"' not in page
    assert "saisies exclusivement par le service régional" in page


def test_bank_details_are_validated_in_french(client, world):
    client.force_login(world.a.sr)
    confirm_bank_password(client, world.affiliation.pk, PASSWORD)
    response = client.post(
        reverse("affiliations:bank_details", args=[world.affiliation.pk]),
        {"holder": "AS", "iban": IBAN[:-1] + "8", "bic": "AGRIFRPP"},
        follow=True,
    )
    assert "Cet IBAN n'est pas valide" in text(response)
    assert not BankAccount.objects.exists()


def test_a_change_of_account_creates_a_new_mandate_reference(client, world):
    client.force_login(world.a.sr)
    confirm_bank_password(client, world.affiliation.pk, PASSWORD)
    url = reverse("affiliations:bank_details", args=[world.affiliation.pk])
    client.post(url, {"holder": "AS", "iban": IBAN, "bic": "AGRIFRPP"})
    client.post(url, {"holder": "AS", "iban": IBAN, "bic": "AGRIFRPP"})  # validated again
    client.post(url, {"holder": "AS", "iban": "FR1420041010050500013M02606", "bic": "PSSTFRPPPAR"})
    rums = list(BankAccount.objects.order_by("pk").values_list("rum", flat=True))
    code = world.a.association.code
    assert rums == [f"UNSS-{code}-001", f"UNSS-{code}-002"]
    assert AuditEntry.objects.filter(action="coordonnées bancaires").count() == 2


@pytest.mark.parametrize("actor", ["sd", "sr_b", "sd_b", "teacher", "secretary"])
@pytest.mark.parametrize("action", ["affiliate", "send_back"])
def test_sd_and_other_regions_cannot_decide(client, world, actor, action):
    client.force_login(world.actor(actor))
    response = client.post(
        reverse(f"affiliations:{action}", args=[world.affiliation.pk]), {"comment": "non"}
    )
    assert response.status_code == 404
    assert Affiliation.objects.get().state == AffiliationState.PENDING


def test_the_sd_sees_the_form_but_has_no_buttons(client, world):
    client.force_login(world.a.sd)
    page = client.get(reverse("affiliations:review", args=[world.affiliation.pk]))
    assert page.status_code == 200
    assert "Affilier l'AS" not in text(page)


def test_sending_back_needs_a_comment(client, world):
    client.force_login(world.a.sr)
    response = client.post(
        reverse("affiliations:send_back", args=[world.affiliation.pk]),
        {"comment": " "},
        follow=True,
    )
    assert "ce qu'elle doit corriger" in text(response)
    assert Affiliation.objects.get().state == AffiliationState.PENDING


def test_the_fee_and_its_explanation_are_shown_while_filling_in(as_client, world, history):
    start(as_client, world.a.association.code)
    as_client.post(form_url(world.a.association.code), complete_form(world.a.association))
    page = text(as_client.get(form_url(world.a.association.code)))
    assert re.search(r"1\u202f530,52\u00a0€", page)  # 100 € + 1 430,52 €
    assert "Détail du calcul" in page


def test_an_animateur_declared_twice_is_refused_next_to_the_field(as_client, world):
    start(as_client, world.a.association.code)
    data = complete_form(world.a.association) | {
        "animateurs-TOTAL_FORMS": "2",
        "animateurs-1-last_name": "Martin",
        "animateurs-1-first_name": "Léa",
        "animateurs-1-email": "LEA.martin@example.fr",
    }
    page = text(as_client.post(form_url(world.a.association.code), data))
    assert "déjà déclaré" in page
    assert Affiliation.objects.get().animateurs.count() == 0


def test_the_as_home_offers_to_affiliate_then_shows_the_state(as_client, world):
    home = reverse("associations:detail", args=[world.a.association.code])
    page = text(as_client.get(home))
    assert "M'affilier" in page and reverse("seasons:circular", args=["2025-2026"]) in page
    start(as_client, world.a.association.code)
    page = text(as_client.get(home))
    assert "Brouillon" in page and "Compléter mon affiliation" in page


def test_the_sd_sees_the_state_on_the_as_page_but_no_affiliate_button(client, world):
    client.force_login(world.a.sd)
    world.affiliation  # noqa: B018 - side A's form, transmitted
    page = text(client.get(reverse("associations:detail", args=[world.a.association.code])))
    assert "En attente" in page and "M'affilier" not in page
