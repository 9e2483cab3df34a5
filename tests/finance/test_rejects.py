"""A debit rejected by the bank becomes a debt of the AS: imported from the bank's return file
(pain.002.001.03 or camt.054.001.02, validated against its ISO 20022 schema, previewed then
confirmed) or entered by hand; the SR's accountants and the AS are told; a payment by cheque or
transfer with the AS's number and « Rejet » settles it."""

import html
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opuss.core.models import AuditEntry
from opuss.finance import returns
from opuss.finance.ledger import figures_of
from opuss.finance.models import DebitState, LedgerKind, LedgerLine
from opuss.finance.settlements import debit_reject
from tests.finance.settlement_factories import camt_054, pain_002, sent_debit

pytestmark = pytest.mark.django_db

NOW = "2025-11-06T10:00:00+01:00"


@pytest.fixture(autouse=True)
def _after_the_october_run(settings, mailoutbox):
    settings.OPUSS_NOW = NOW


@pytest.fixture
def debit(world):
    world.a.association.email = "as.24001@example.fr"
    world.a.association.save()
    return sent_debit(world.a.association, world.season)


def text(response) -> str:
    return html.unescape(response.content.decode())


def upload(client, user, content: bytes, name="retour.xml"):
    client.force_login(user)
    return client.post(
        reverse("settlements:import"),
        {"file": SimpleUploadedFile(name, content, content_type="text/xml")},
    )


def confirm(client):
    token = client.session["return_file_import"]["id"]
    return client.post(reverse("settlements:import_confirm"), {"preview": token}, follow=True)


def hidden_inputs(page: str) -> dict:
    """What the confirmation page's form sends back."""
    return dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page))


def debt(debit):
    return figures_of(debit.association, debit.batch.season).debt


# --- the service --------------------------------------------------------------------------


def test_a_rejected_debit_is_owed_again_once(world, debit, mailoutbox):
    assert debt(debit) == 0
    assert debit_reject(debit=debit, reason="AM04 – provision insuffisante", actor=world.a.sr)
    debit.refresh_from_db()
    assert debit.state == DebitState.REJECTED
    assert debit.reject_reason == "AM04 – provision insuffisante"
    assert debit.rejected_at.isoformat().startswith("2025-11-06")
    line = LedgerLine.objects.get(kind=LedgerKind.REJECT)
    assert (line.amount, line.debit) == (Decimal("412.00"), debit)
    assert debt(debit) == Decimal("412.00")

    # Rejected twice (the file imported again, or entered by hand too): nothing more.
    assert not debit_reject(debit=debit, reason="MS02", actor=world.a.sr)
    assert LedgerLine.objects.filter(kind=LedgerKind.REJECT).count() == 1
    assert debt(debit) == Decimal("412.00")


def test_the_sr_accountants_and_the_as_are_told(world, debit, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        debit_reject(debit=debit, reason="AC04 – compte clôturé", actor=world.dn)
    to_sr = next(m for m in mail.outbox if world.a.sr.email in m.to)
    assert world.b.sr.email not in to_sr.to
    assert "AS 24001" in to_sr.body and "412,00" in to_sr.body
    assert "AC04 – compte clôturé" in to_sr.body
    to_as = next(m for m in mail.outbox if "as.24001@example.fr" in m.to)
    assert "« 24001 Rejet »" in to_as.body
    assert AuditEntry.objects.filter(
        action="prélèvement rejeté", object_id=str(world.a.association.pk)
    ).exists()


# --- the bank's return files --------------------------------------------------------------


@pytest.mark.parametrize(
    ("build", "code", "label"),
    [(pain_002, "AM04", "provision insuffisante"), (camt_054, "AC04", "compte clôturé")],
    ids=["pain.002", "camt.054"],
)
def test_a_reject_imported_from_a_return_file_becomes_a_debt_then_is_settled(
    client, world, debit, build, code, label
):
    content = build((debit.end_to_end_id, code, "412.00"), ("UNSS-2025-10-99999", "MD01", "9.00"))
    preview = text(upload(client, world.a.sr, content))
    assert "Prélèvements à passer en rejet" in preview
    assert f"{code} – {label}" in preview
    assert "UNSS-2025-10-99999" in preview  # an unknown id is reported, not fatal
    assert "MD01 – pas de mandat" in preview
    debit.refresh_from_db()
    assert debit.state == DebitState.SENT  # nothing done before the confirmation

    page = text(confirm(client))
    assert "1 prélèvement enregistré comme rejeté" in page
    debit.refresh_from_db()
    assert debit.state == DebitState.REJECTED
    assert debit.reject_reason == f"{code} – {label}"
    assert debt(debit) == Decimal("412.00")

    # The SR records the AS's cheque, its reference as the circular asks.
    settle_page = text(client.get(reverse("settlements:settle", args=[debit.pk])))
    assert 'value="24001 Rejet"' in settle_page
    body = {"amount": "412,00", "method": "CHEQUE", "reference": "24001 Rejet"}
    confirmation = client.post(reverse("settlements:settle", args=[debit.pk]), body)
    assert "Confirmer le règlement" in text(confirmation)
    assert debt(debit) == Decimal("412.00")
    client.post(reverse("settlements:settle", args=[debit.pk]), body | {"confirmed": "1"})
    payment = LedgerLine.objects.get(kind=LedgerKind.PAYMENT)
    assert (payment.amount, payment.debit, payment.reference) == (
        Decimal("-412.00"),
        debit,
        "24001 Rejet",
    )
    assert debt(debit) == 0


def test_importing_the_same_file_twice_rejects_once(client, world, debit):
    content = pain_002((debit.end_to_end_id, "AM04", "412.00"))
    upload(client, world.a.sr, content)
    confirm(client)
    again = text(upload(client, world.a.sr, content))
    assert "Déjà enregistrés comme rejetés" in again
    assert "Aucun prélèvement de ce fichier n'est à passer en rejet" in again
    assert LedgerLine.objects.filter(kind=LedgerKind.REJECT).count() == 1


def test_a_preview_confirmed_after_the_debit_was_rejected_by_hand_adds_nothing(
    client, world, debit
):
    upload(client, world.a.sr, camt_054((debit.end_to_end_id, "AC04", "412.00")))
    debit_reject(debit=debit, reason="AC04", actor=world.dn)
    assert "0 prélèvement enregistré" in text(confirm(client))
    assert LedgerLine.objects.filter(kind=LedgerKind.REJECT).count() == 1


def test_the_sr_does_not_reject_another_academie_s_debit_from_a_file(client, world, debit):
    other = sent_debit(world.b.association, world.season)
    content = pain_002(
        (debit.end_to_end_id, "AM04", "412.00"), (other.end_to_end_id, "AM04", "412.00")
    )
    preview = text(upload(client, world.a.sr, content))
    assert "Inconnus ou hors de votre territoire" in preview
    assert world.b.association.code not in preview.replace(other.end_to_end_id, "")
    confirm(client)
    other.refresh_from_db()
    assert other.state == DebitState.SENT
    debit.refresh_from_db()
    assert debit.state == DebitState.REJECTED


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            camt_054(("X", "AC04", "412.00")).replace(
                b"<Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></Acct>", b""
            ),
            "Le fichier ne respecte pas le schéma ISO 20022 camt.054.001.02 "
            "(à /Document/BkToCstmrDbtCdtNtfctn/Ntfctn)",
        ),
        (
            pain_002(("X", "AM04", "412.00")).replace(b"RJCT", b"ACCP"),
            "Le fichier ne respecte pas le schéma ISO 20022 pain.002.001.03",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaa">]><d>&a;&a;</d>',
            "Ce fichier déclare une DTD ou des entités",
        ),
        (b"PK\x03\x04 un classeur", "Ce fichier n'est pas un fichier XML lisible"),
        (
            b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"/>',
            "Ce fichier n'est ni un compte rendu de prélèvements (pain.002.001.03)",
        ),
    ],
    ids=["schema-camt", "schema-pain", "dtd", "not-xml", "other-message"],
)
def test_an_unreadable_or_invalid_file_is_refused_in_french(client, world, debit, content, message):
    response = upload(client, world.a.sr, content)
    assert response.status_code == 200
    page = text(response)
    assert "Il y a un problème" in page
    assert message in page
    assert "return_file_import" not in client.session
    assert not LedgerLine.objects.filter(kind=LedgerKind.REJECT).exists()


def test_a_file_over_the_size_limit_is_refused(client, world, monkeypatch):
    monkeypatch.setattr(returns, "MAX_BYTES", 500)
    page = text(upload(client, world.a.sr, pain_002(("X", "AM04", "1.00"))))
    assert "Le fichier dépasse" in page


def test_a_rejected_batch_that_names_no_debit_is_said_not_applied(world):
    content = pain_002(("X", "AM04", "1.00")).replace(
        b"<OrgnlPmtInfId>UNSS-2025-10-RCUR</OrgnlPmtInfId>",
        b"<OrgnlPmtInfId>UNSS-2025-10-RCUR</OrgnlPmtInfId><PmtInfSts>RJCT</PmtInfSts>"
        b"<StsRsnInf><Rsn><Cd>FF01</Cd></Rsn></StsRsnInf>",
    )
    content = (
        content[: content.index(b"<TxInfAndSts>")]
        + content[content.index(b"</TxInfAndSts>") + len(b"</TxInfAndSts>") :]
    )
    parsed = returns.read_return_file(content)
    assert parsed.returned == ()
    assert parsed.notices == (
        "Le lot UNSS-2025-10-RCUR est rejeté en entier (FF01 – format de fichier non valide) "
        "sans que ses prélèvements soient nommés.",
    )


# --- by hand --------------------------------------------------------------------------------


def test_the_sr_enters_a_reject_by_hand_after_confirming(client, world, debit):
    client.force_login(world.a.sr)
    url = reverse("settlements:reject", args=[debit.pk])
    body = {"code": "MS02", "detail": "opposition de la trésorière"}
    confirmation = text(client.post(url, body))
    assert "Confirmer le rejet" in confirmation
    debit.refresh_from_db()
    assert debit.state == DebitState.SENT
    client.post(url, hidden_inputs(confirmation))  # « Enregistrer le rejet »
    debit.refresh_from_db()
    assert debit.reject_reason == "MS02 – refus du débiteur : opposition de la trésorière"
    assert debt(debit) == Decimal("412.00")


def test_a_reject_of_another_academie_does_not_exist_for_the_sr(client, world, debit):
    client.force_login(world.b.sr)
    for name in ("settlements:reject", "settlements:settle"):
        assert client.get(reverse(name, args=[debit.pk])).status_code == 404
    response = client.post(
        reverse("settlements:reject", args=[debit.pk]), {"code": "AM04", "confirmed": "1"}
    )
    assert response.status_code == 404
    debit.refresh_from_db()
    assert debit.state == DebitState.SENT
