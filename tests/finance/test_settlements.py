"""Settling what a reject reopened, and national aids set against the debt first (circular
2025-2026, III.2); who sees which rejects."""

import html
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from opuss.core.models import AuditEntry
from opuss.finance.ledger import figures_of
from opuss.finance.models import Aid, LedgerKind, LedgerLine
from opuss.finance.settlements import (
    SettlementError,
    aid_pay,
    debit_reject,
    payment_record,
)
from tests.finance.settlement_factories import sent_debit

pytestmark = pytest.mark.django_db

NOW = "2025-11-20T10:00:00+01:00"


@pytest.fixture(autouse=True)
def _in_november(settings):
    settings.OPUSS_NOW = NOW


def rejected_debit(world, side="a", amount="412.00"):
    association = getattr(world, side).association
    debit = sent_debit(association, world.season, amount)
    debit_reject(debit=debit, reason="AM04 – provision insuffisante", actor=world.dn)
    return debit


def plain(words: str) -> str:
    """As read: the no-break spaces of amounts (« 1 000,00 € ») as plain ones."""
    return words.replace("\u00a0", " ").replace("\u202f", " ")


def text(response) -> str:
    assert response.status_code == 200
    return plain(html.unescape(response.content.decode()))


def debt(world, side="a"):
    return figures_of(getattr(world, side).association, world.season).debt


# --- compensation -------------------------------------------------------------------------


def pay(world, amount, side="a"):
    return aid_pay(
        association=getattr(world, side).association,
        season=world.season,
        label="Aide solidarité",
        amount=Decimal(amount),
        actor=world.dn,
    )


def test_an_aid_larger_than_the_debt_extinguishes_it_and_the_rest_is_paid_out(world):
    rejected_debit(world)
    aid = pay(world, "1000.00")
    assert (aid.compensated, aid.paid_out) == (Decimal("412.00"), Decimal("588.00"))
    line = LedgerLine.objects.get(kind=LedgerKind.COMPENSATION)
    assert (line.amount, line.aid) == (Decimal("-412.00"), aid)
    assert debt(world) == 0


def test_an_aid_smaller_than_the_debt_is_set_off_whole(world):
    rejected_debit(world)
    aid = pay(world, "150.00")
    assert (aid.compensated, aid.paid_out) == (Decimal("150.00"), Decimal("0.00"))
    assert debt(world) == Decimal("262.00")


def test_an_aid_to_an_as_without_debt_is_paid_out_whole(world):
    sent_debit(world.a.association, world.season)  # debited, nothing rejected
    aid = pay(world, "300.00")
    assert (aid.compensated, aid.paid_out) == (Decimal("0.00"), Decimal("300.00"))
    assert not LedgerLine.objects.filter(kind=LedgerKind.COMPENSATION).exists()


def test_what_a_run_still_to_come_collects_is_not_a_debt(world):
    """Only what is due and unpaid is set off: the January third is not due in November."""
    rejected_debit(world)
    LedgerLine.objects.create(
        association=world.a.association,
        season=world.season,
        kind=LedgerKind.CONTRACT,
        label="Contrat, 3e tiers",
        amount=Decimal("100.00"),
        run_month="2026-01",
        third=3,
    )
    assert pay(world, "1000.00").compensated == Decimal("412.00")


def test_the_as_sees_the_aid_and_what_was_set_off(
    client, world, django_capture_on_commit_callbacks
):
    world.a.association.email = "as.24001@example.fr"
    world.a.association.save()
    rejected_debit(world)
    with django_capture_on_commit_callbacks(execute=True):
        pay(world, "1000.00")
    message = next(m for m in mail.outbox if "as.24001@example.fr" in m.to and "aide" in m.subject)
    body = plain(message.body)
    assert "412,00 € sont compensés" in body and "588,00 € vous seront versés" in body
    client.force_login(world.a.secretary)
    page = text(client.get(reverse("settlements:association", args=["24001"])))
    assert "Aide solidarité" in page
    assert "1 000,00 €" in page and "412,00 €" in page and "588,00 €" in page
    assert "Réglé" in page  # the reject, settled by the compensation
    assert AuditEntry.objects.filter(action="aide nationale versée").count() == 1


def test_dn_confirms_an_aid_after_seeing_the_compensation(client, world):
    rejected_debit(world)
    client.force_login(world.dn)
    body = {"association": "24001", "label": "Kilomètres", "amount": "500,00"}
    confirmation = text(client.post(reverse("settlements:aid_create"), body))
    assert "Compensé sur la dette" in confirmation and "412,00 €" in confirmation
    assert "88,00 €" in confirmation
    assert not Aid.objects.exists()
    client.post(reverse("settlements:aid_create"), body | {"confirmed": "1"})
    aid = Aid.objects.get()
    assert (aid.label, aid.amount, aid.compensated) == (
        "Kilomètres",
        Decimal("500.00"),
        Decimal("412.00"),
    )


def test_the_sr_does_not_pay_aids(client, world):
    client.force_login(world.a.sr)
    assert client.get(reverse("settlements:aid_create")).status_code == 404


# --- payments -------------------------------------------------------------------------------


def test_a_payment_never_exceeds_what_is_left_of_the_reject(world):
    debit = rejected_debit(world)
    payment_record(
        association=world.a.association,
        season=world.season,
        amount=Decimal("400.00"),
        method="TRANSFER",
        reference="24001 Rejet",
        actor=world.a.sr,
        debit=debit,
    )
    with pytest.raises(SettlementError, match="Il ne reste que 12,00\u00a0€"):
        payment_record(
            association=world.a.association,
            season=world.season,
            amount=Decimal("20.00"),
            method="CHEQUE",
            reference="",
            actor=world.a.sr,
            debit=debit,
        )
    assert debt(world) == Decimal("12.00")


def test_an_off_schedule_item_is_settled_through_the_sr(client, world):
    """An AS affiliated in August: its fee has no run (reading 12), the SR records its cheque."""
    LedgerLine.objects.create(
        association=world.a.association,
        season=world.season,
        kind=LedgerKind.AFFILIATION,
        label="Affiliation 2025-2026",
        amount=Decimal("100.00"),
        run_month="",
    )
    assert debt(world) == Decimal("100.00")
    client.force_login(world.a.sr)
    page = text(client.get(reverse("settlements:payment")))
    assert "AS 24001" in page and "100,00 €" in page
    body = {"association": "24001", "amount": "100", "method": "CHEQUE", "reference": "24001"}
    client.post(reverse("settlements:payment"), body | {"confirmed": "1"})
    assert debt(world) == 0
    assert LedgerLine.objects.get(kind=LedgerKind.PAYMENT).debit is None


def test_the_sr_does_not_record_a_payment_for_an_as_of_another_academie(client, world):
    client.force_login(world.a.sr)
    body = {"association": "16001", "amount": "100", "method": "CHEQUE", "reference": "16001"}
    page = text(client.post(reverse("settlements:payment"), body | {"confirmed": "1"}))
    assert "Aucune AS de votre territoire n'a ce code." in page
    assert not LedgerLine.objects.filter(kind=LedgerKind.PAYMENT).exists()


# --- who sees which rejects -----------------------------------------------------------------


def test_an_sr_sees_only_the_rejects_of_his_academie(client, world):
    rejected_debit(world, "a", "412.00")
    rejected_debit(world, "b", "377.00")
    client.force_login(world.a.sr)
    page = text(client.get(reverse("settlements:rejects")))
    assert "24001" in page and "412,00 €" in page
    assert "16001" not in page and "377,00 €" not in page
    client.force_login(world.dn)
    national = text(client.get(reverse("settlements:rejects")))
    assert "24001" in national and "16001" in national


def test_an_as_sees_only_its_own_rejects(client, world):
    rejected_debit(world, "a", "412.00")
    rejected_debit(world, "b", "377.00")
    client.force_login(world.a.secretary)
    page = text(client.get(reverse("settlements:association", args=["24001"])))
    assert "412,00 €" in page and "377,00 €" not in page
    assert "« 24001 Rejet »" in page
    assert client.get(reverse("settlements:association", args=["16001"])).status_code == 404
    assert client.get(reverse("settlements:rejects")).status_code == 404


def test_open_rejects_are_on_the_sr_home_until_settled(client, world):
    debit = rejected_debit(world)
    client.force_login(world.a.sr)
    assert "1 rejet de prélèvement à régulariser" in text(client.get(reverse("core:staff_home")))
    client.force_login(world.b.sr)
    assert "rejet de prélèvement" not in text(client.get(reverse("core:staff_home")))
    payment_record(
        association=world.a.association,
        season=world.season,
        amount=Decimal("412.00"),
        method="CHEQUE",
        reference="24001 Rejet",
        actor=world.a.sr,
        debit=debit,
    )
    client.force_login(world.a.sr)
    assert "rejet de prélèvement" not in text(client.get(reverse("core:staff_home")))
    page = text(client.get(reverse("settlements:rejects") + "?etat=SETTLED"))
    assert "24001" in page and "Réglé" in page
