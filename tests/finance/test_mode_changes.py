"""The payment-mode change form of the circular (section IV, « Fiche de modifications »), as the
AS and its regional service live it: the AS ticks a box and attaches its RIB, the SR enters the
RIB's details and accepts, or refuses with a reason."""

import html
import re
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from opuss.affiliations.models import Affiliation
from opuss.core.models import AuditEntry
from opuss.finance import mode_changes
from opuss.finance.mode_changes import ModeChangeError
from opuss.finance.models import (
    BankAccount,
    Debit,
    DebitBatch,
    DebitItem,
    LedgerLine,
    PaymentModeChange,
)
from opuss.finance.services import bank_details_set
from opuss.territories.models import Academy
from tests.affiliations.test_documents import pdf_text
from tests.factories import PASSWORD, AffiliationFactory, BankAccountFactory, affiliated_as
from tests.helpers import confirm_bank_password

pytestmark = pytest.mark.django_db

NOW = "2025-10-06T10:00:00+02:00"
SR_ADDRESS = "sr.strasbourg@example.fr"
AS_ADDRESS = "as.24001@example.fr"
NEW_IBAN = "FR1420041010050500013M02606"
PDF_BYTES = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def _in_season(settings):
    settings.OPUSS_NOW = NOW


@pytest.fixture(autouse=True)
def _addresses(world):
    Academy.objects.filter(pk=world.a.association.department.academy_id).update(email=SR_ADDRESS)
    world.a.association.email = AS_ADDRESS
    world.a.association.save(update_fields=["email"])


@pytest.fixture
def debit_as(world):
    """Side A's AS, affiliated, paying by direct debit under a mandate its SR entered."""
    affiliation = affiliated_as(world.a.association, world.season)
    affiliation.bank_account = BankAccountFactory(
        association=world.a.association, created_by=world.a.sr
    )
    affiliation.save()
    return affiliation


@pytest.fixture
def prepaying_as(world):
    """Side A's AS, affiliated, prepaying through its SR, with bank details on file from an
    earlier season."""
    affiliation = affiliated_as(world.a.association, world.season)
    affiliation.payment_mode = "PREPAYMENT"
    affiliation.save()
    BankAccountFactory(association=world.a.association, created_by=world.a.sr)
    return affiliation


@pytest.fixture
def new_as(world):
    """Side A's AS, its first form transmitted in direct debit, no bank details yet."""
    return world.affiliation


def rib(name="rib.pdf", content=PDF_BYTES):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def ask(client, world, kind, attached=None, note="Nouveau trésorier."):
    client.force_login(world.a.secretary)
    data = {"kind": kind, "note": note} | ({"rib": attached} if attached else {})
    return client.post(reverse("mode_changes:request", args=[world.a.association.code]), data)


def asked(world, kind, attached=True):
    return mode_changes.request_change(
        association=world.a.association,
        season=world.season,
        actor=world.a.secretary,
        kind=kind,
        rib=rib() if attached else None,
    )


def enter_bank_details(world, iban=NEW_IBAN, bic="PSSTFRPPPAR"):
    return bank_details_set(
        association=world.a.association, actor=world.a.sr, holder="AS", iban=iban, bic=bic
    )


def sr_detail(client, world, change):
    client.force_login(world.a.sr)
    return client.get(reverse("mode_changes:detail", args=[change.pk]))


def decide(client, world, change, action, **data):
    client.force_login(world.a.sr)
    return client.post(reverse(f"mode_changes:{action}", args=[change.pk]), data, follow=True)


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def words(response) -> str:
    """What the page says, without its markup, whitespace as one space."""
    return squash(re.sub(r"<[^>]+>", " ", page_text(response)))


def mode_of(world) -> str:
    return Affiliation.objects.get(
        association=world.a.association, season=world.season
    ).payment_mode


# --- the AS asks ------------------------------------------------------------------------------


def test_the_as_asks_from_its_home_and_its_sr_is_told(
    client, world, debit_as, django_capture_on_commit_callbacks
):
    task = "1 changement de mode de paiement à décider"
    assert task not in sr_home(client, world)
    client.force_login(world.a.secretary)
    home = page_text(client.get(reverse("associations:detail", args=[world.a.association.code])))
    assert reverse("mode_changes:request", args=[world.a.association.code]) in home

    with django_capture_on_commit_callbacks(execute=True):
        response = ask(client, world, "BANK_CHANGE", rib())

    change = PaymentModeChange.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("mode_changes:detail", args=[change.pk])
    assert (change.kind, change.state, change.requested_by) == (
        "BANK_CHANGE",
        "REQUESTED",
        world.a.secretary,
    )
    assert change.rib.name.endswith(f"rib-AS{world.a.association.code}.pdf")
    assert change.mandate_at_request == debit_as.bank_account
    [message] = mail.outbox
    assert message.to == [SR_ADDRESS]
    assert "AS 24001" in message.subject
    assert "Changement de banque" in message.body
    assert reverse("mode_changes:detail", args=[change.pk]) in message.body
    entry = AuditEntry.objects.get(action="changement de mode de paiement demandé")
    assert entry.object_id == str(world.a.association.pk)
    assert entry.after == {"modification": "Changement de banque"}
    assert task in sr_home(client, world)
    assert task not in sr_home(client, world, sr=world.b.sr)


def sr_home(client, world, sr=None) -> str:
    client.force_login(sr or world.a.sr)
    return page_text(client.get(reverse("core:staff_home")))


def test_a_teacher_of_the_as_may_ask_too_as_he_fills_in_the_affiliation(client, world, debit_as):
    client.force_login(world.a.teacher)
    url = reverse("mode_changes:request", args=[world.a.association.code])
    response = client.post(url, {"kind": "TO_PREPAYMENT"})
    assert response.status_code == 302
    assert PaymentModeChange.objects.get().requested_by == world.a.teacher


@pytest.mark.parametrize("kind", ["BANK_CHANGE", "TO_PREPAYMENT"])
def test_the_boxes_offered_follow_the_mode_the_as_is_in(client, world, debit_as, kind):
    client.force_login(world.a.secretary)
    page = page_text(client.get(reverse("mode_changes:request", args=[world.a.association.code])))
    assert f'value="{kind}"' in page
    assert 'value="TO_DEBIT"' not in page
    assert 'value="NEW_AS"' not in page  # it has a mandate: a change of bank, not a new AS


def test_a_box_that_does_not_fit_the_mode_is_refused(client, world, prepaying_as):
    response = ask(client, world, "TO_PREPAYMENT")
    assert response.status_code == 200
    assert not PaymentModeChange.objects.exists()
    with pytest.raises(ModeChangeError, match="ne correspond pas"):
        asked(world, "TO_PREPAYMENT", attached=False)


def test_the_rib_is_required_to_go_back_to_direct_debit(client, world, prepaying_as):
    kind = "TO_DEBIT"
    response = ask(client, world, kind)
    text = page_text(response)
    assert response.status_code == 200
    assert "Joindre obligatoirement une photocopie du RIB" in text
    assert "Il y a un problème" in text
    assert not PaymentModeChange.objects.exists()
    with pytest.raises(ModeChangeError, match="RIB"):
        asked(world, kind, attached=False)


def test_the_rib_of_a_change_of_bank_and_of_a_new_as_is_required(client, world, new_as):
    assert "Joindre obligatoirement une photocopie du RIB de l'AS" in page_text(
        ask(client, world, "NEW_AS")
    )
    affiliated = Affiliation.objects.get(pk=new_as.pk)
    BankAccountFactory(association=affiliated.association, created_by=world.a.sr)
    assert "Joindre obligatoirement une photocopie du nouveau RIB" in page_text(
        ask(client, world, "BANK_CHANGE")
    )
    assert not PaymentModeChange.objects.exists()


def test_a_rib_that_is_not_what_its_name_says_is_refused(client, world, prepaying_as):
    disguised = rib("rib.pdf", b"MZ\x90\x00 an executable")
    text = page_text(ask(client, world, "TO_DEBIT", disguised))
    assert "n'est pas un vrai fichier .pdf" in text
    wrong_type = rib("rib.docx", b"PK\x03\x04")
    assert "joignez un PDF ou une image JPEG ou PNG" in page_text(
        ask(client, world, "TO_DEBIT", wrong_type)
    )
    assert not PaymentModeChange.objects.exists()


def test_the_prepayment_box_keeps_no_rib(client, world, debit_as):
    ask(client, world, "TO_PREPAYMENT", rib())
    assert not PaymentModeChange.objects.get().rib


def test_one_request_waits_at_a_time(client, world, debit_as):
    asked(world, "TO_PREPAYMENT")
    response = ask(client, world, "BANK_CHANGE", rib())
    assert "Une demande attend le service régional" in page_text(response)
    assert PaymentModeChange.objects.count() == 1
    with pytest.raises(ModeChangeError, match="une seule à la fois"):
        asked(world, "BANK_CHANGE")
    # The database refuses a second one too, whatever code would save it.
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentModeChange.objects.create(
            association=world.a.association,
            season=world.season,
            kind="BANK_CHANGE",
            requested_by=world.a.secretary,
        )


def test_a_decided_request_lets_the_as_ask_again(client, world, debit_as):
    change = asked(world, "TO_PREPAYMENT")
    mode_changes.refuse(change=change, actor=world.a.sr, comment="Solde à régler d'abord.")
    asked(world, "BANK_CHANGE")
    assert PaymentModeChange.objects.filter(state="REQUESTED").count() == 1


def test_before_the_form_is_transmitted_the_mode_is_chosen_in_the_form(client, world):
    AffiliationFactory(association=world.a.association, season=world.season, state="DRAFT")
    client.force_login(world.a.secretary)
    page = page_text(client.get(reverse("mode_changes:request", args=[world.a.association.code])))
    assert "le mode de paiement se choisit dans le formulaire lui-même" in page
    assert ask(client, world, "TO_PREPAYMENT").status_code == 200
    assert not PaymentModeChange.objects.exists()


# --- the SR decides ---------------------------------------------------------------------------


def test_prepayment_to_direct_debit_needs_the_bank_details_entered_since_the_request(
    client, world, prepaying_as, django_capture_on_commit_callbacks
):
    """The AS keeps its bank: the SR enters the same details, which still make a new mandate,
    signed anew (its debits went to the SR's account until now)."""
    old = BankAccount.objects.get()
    change = asked(world, "TO_DEBIT")
    text = page_text(decide(client, world, change, "accept", confirmed="on"))
    assert "Saisissez d'abord les coordonnées bancaires du RIB joint" in text
    assert (mode_of(world), PaymentModeChange.objects.get().state) == ("PREPAYMENT", "REQUESTED")

    mandate = enter_bank_details(world, iban=old.iban, bic=old.bic)
    assert mandate != old and mandate.rum != old.rum
    assert enter_bank_details(world, iban=old.iban, bic=old.bic) == mandate  # not one more

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, world, change, "accept", confirmed="on")
    change.refresh_from_db()
    affiliation = Affiliation.objects.get(pk=prepaying_as.pk)
    assert (change.state, change.decided_by, change.mandate) == ("ACCEPTED", world.a.sr, mandate)
    assert (affiliation.payment_mode, affiliation.bank_account) == ("DIRECT_DEBIT", mandate)
    entry = AuditEntry.objects.get(action="changement de mode de paiement accepté")
    assert entry.object_id == str(world.a.association.pk)
    assert entry.before == {
        "modification": None,
        "mode de paiement": "Prépaiement par l'intermédiaire du service régional",
        "mandat (RUM)": "—",
    }
    assert entry.after == {
        "modification": "Passage du prépaiement au prélèvement automatique",
        "mode de paiement": "Prélèvement automatique (fortement conseillé)",
        "mandat (RUM)": mandate.rum,
    }
    [message] = mail.outbox
    assert set(message.to) == {AS_ADDRESS, world.a.secretary.email}
    assert "accepté" in message.subject
    assert mandate.rum in message.body


def test_a_change_of_bank_gives_a_new_mandate(client, world, debit_as):
    old = debit_as.bank_account
    change = asked(world, "BANK_CHANGE")
    text = page_text(decide(client, world, change, "accept", confirmed="on"))
    assert "le changement de banque crée un nouveau mandat (RUM)" in text
    assert PaymentModeChange.objects.get().state == "REQUESTED"

    mandate = enter_bank_details(world)
    decide(client, world, change, "accept", confirmed="on")

    change.refresh_from_db()
    affiliation = Affiliation.objects.get(pk=debit_as.pk)
    assert change.state == "ACCEPTED"
    assert mandate.rum != old.rum
    # The mandate in force is the new one: its first debit is a FRST.
    assert BankAccount.objects.current_for(world.a.association) == mandate == change.mandate
    assert (affiliation.payment_mode, affiliation.bank_account) == ("DIRECT_DEBIT", mandate)
    entry = AuditEntry.objects.get(action="changement de mode de paiement accepté")
    assert entry.before == {"modification": None, "mandat (RUM)": old.rum}
    assert entry.after == {"modification": "Changement de banque", "mandat (RUM)": mandate.rum}


def test_a_new_as_in_direct_debit_is_accepted_once_its_bank_details_are_entered(
    client, world, new_as
):
    change = asked(world, "NEW_AS")
    assert mode_changes.offered_kinds(new_as) == ["TO_PREPAYMENT", "NEW_AS"]
    with pytest.raises(ModeChangeError, match="Saisissez d'abord"):
        mode_changes.accept(change=change, actor=world.a.sr, confirmed=True)
    mandate = enter_bank_details(world)
    mode_changes.accept(change=change, actor=world.a.sr, confirmed=True)
    affiliation = Affiliation.objects.get(pk=new_as.pk)
    assert (affiliation.payment_mode, affiliation.bank_account) == ("DIRECT_DEBIT", mandate)
    assert affiliation.state == "PENDING"  # the SR still affiliates it, now with its mandate


def charge(world, kind, amount, **fields):
    return LedgerLine.objects.create(
        association=world.a.association,
        season=world.season,
        kind=kind,
        label=kind,
        amount=Decimal(amount),
        **fields,
    )


def debited(world, *lines):
    """A direct debit of October took these lines."""
    batch = DebitBatch.objects.create(
        season=world.season,
        run_month="2025-10",
        message_id="UNSS-2025-10",
        collection_date="2025-11-04",
        xml="<Document/>",
        total=sum(line.amount for line in lines),
        count=1,
    )
    debit = Debit.objects.create(
        batch=batch,
        association=world.a.association,
        bank_account=BankAccount.objects.current_for(world.a.association),
        amount=batch.total,
        sequence_type="FRST",
        end_to_end_id="UNSS-24001-2025-10",
    )
    for line in lines:
        DebitItem.objects.create(debit=debit, line=line)
    charge(world, "DEBIT", -batch.total, debit=debit)


def test_leaving_direct_debit_records_what_no_debit_has_taken(client, world, debit_as):
    affiliation_line = charge(world, "AFFILIATION", "100.00", run_month="2025-10")
    first_third = charge(world, "CONTRACT", "400.00", run_month="2025-10", third=1)
    charge(world, "CONTRACT", "400.00", run_month="2025-11", third=2)
    charge(world, "CONTRACT", "400.01", run_month="2025-12", third=3)
    charge(world, "MAIF_INDIVIDUAL", "9.70", run_month="2025-11")
    debited(world, affiliation_line, first_third)
    change = asked(world, "TO_PREPAYMENT", attached=False)

    page = words(sr_detail(client, world, change))
    assert "Montant du solde à inscrire en prépaiement : 809,71 €" in page

    decide(client, world, change, "accept", confirmed="on")
    change.refresh_from_db()
    affiliation = Affiliation.objects.get(pk=debit_as.pk)
    assert change.prepayment_balance == Decimal("809.71") == sum_not_debited(world)
    assert (affiliation.payment_mode, affiliation.bank_account) == ("PREPAYMENT", None)
    entry = AuditEntry.objects.get(action="changement de mode de paiement accepté")
    assert entry.after["mode de paiement"] == "Prépaiement par l'intermédiaire du service régional"
    assert entry.after["solde à inscrire en prépaiement"] == "809.71"
    page = words(sr_detail(client, world, change))
    assert "Montant du solde à inscrire en prépaiement 809,71 €" in page


def sum_not_debited(world):
    lines = LedgerLine.objects.filter(association=world.a.association, season=world.season)
    return sum(line.amount for line in lines if line.is_charge and not hasattr(line, "debit_item"))


def squash(text: str) -> str:
    return " ".join(text.split())


def test_accepting_needs_the_confirmation(client, world, debit_as):
    change = asked(world, "TO_PREPAYMENT", attached=False)
    text = page_text(decide(client, world, change, "accept"))
    assert "Cochez la case de confirmation" in text
    assert (mode_of(world), PaymentModeChange.objects.get().state) == ("DIRECT_DEBIT", "REQUESTED")
    assert not AuditEntry.objects.filter(action__contains="accepté").exists()


def test_refusing_needs_a_reason_which_the_as_reads(
    client, world, debit_as, django_capture_on_commit_callbacks
):
    change = asked(world, "BANK_CHANGE")
    text = page_text(decide(client, world, change, "refuse", comment="  "))
    assert "Indiquez à l'AS pourquoi sa demande est refusée." in text
    assert PaymentModeChange.objects.get().state == "REQUESTED"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        decide(client, world, change, "refuse", comment="Le RIB joint est illisible.")
    change.refresh_from_db()
    assert (change.state, change.decision_comment) == ("REFUSED", "Le RIB joint est illisible.")
    assert mode_of(world) == "DIRECT_DEBIT"
    assert BankAccount.objects.current_for(world.a.association) == debit_as.bank_account
    [message] = mail.outbox
    assert "refusé" in message.subject and "Le RIB joint est illisible." in message.body
    entry = AuditEntry.objects.get(action="changement de mode de paiement refusé")
    assert entry.after["commentaire"] == "Le RIB joint est illisible."
    assert entry.after["mode de paiement"] == "Prélèvement automatique (fortement conseillé)"

    client.force_login(world.a.secretary)
    detail = page_text(client.get(reverse("mode_changes:detail", args=[change.pk])))
    assert "Refusée" in detail and "Le RIB joint est illisible." in detail


def test_a_request_is_decided_once(world, debit_as):
    change = asked(world, "TO_PREPAYMENT", attached=False)
    stale = PaymentModeChange.objects.get(pk=change.pk)
    mode_changes.refuse(change=change, actor=world.a.sr, comment="Non.")
    with pytest.raises(ModeChangeError, match="vient d'être décidée"):
        mode_changes.accept(change=stale, actor=world.dn, confirmed=True)
    assert mode_of(world) == "DIRECT_DEBIT"
    with pytest.raises(ModeChangeError, match="déjà « refusée »"):
        mode_changes.accept(change=change, actor=world.dn, confirmed=True)


# --- who sees and decides -----------------------------------------------------------------------


@pytest.mark.parametrize("action", ["accept", "refuse", "password"])
def test_another_academie_s_sr_cannot_decide(client, world, debit_as, action):
    change = asked(world, "TO_PREPAYMENT", attached=False)
    client.force_login(world.b.sr)
    data = {"confirmed": "on", "comment": "Non.", "password": PASSWORD}
    response = client.post(reverse(f"mode_changes:{action}", args=[change.pk]), data)
    assert response.status_code == 404
    assert PaymentModeChange.objects.get().state == "REQUESTED"
    assert client.get(reverse("mode_changes:detail", args=[change.pk])).status_code == 404


def test_the_sd_sees_the_request_and_does_not_decide(client, world, debit_as):
    change = asked(world, "BANK_CHANGE")
    client.force_login(world.a.sd)
    page = page_text(client.get(reverse("mode_changes:detail", args=[change.pk])))
    assert "Changement de banque" in page and "Accepter le changement" not in page
    assert client.get(reverse("mode_changes:rib", args=[change.pk])).status_code == 404
    response = client.post(reverse("mode_changes:accept", args=[change.pk]), {"confirmed": "on"})
    assert response.status_code == 404


def test_the_list_shows_the_requests_of_the_territory(client, world, debit_as):
    change = asked(world, "BANK_CHANGE")
    client.force_login(world.a.sr)
    page = page_text(client.get(reverse("mode_changes:list") + "?etat=REQUESTED"))
    assert reverse("mode_changes:detail", args=[change.pk]) in page
    client.force_login(world.b.sr)
    page = page_text(client.get(reverse("mode_changes:list")))
    assert reverse("mode_changes:detail", args=[change.pk]) not in page


def test_the_rib_opens_for_the_as_and_for_its_sr_after_his_password(client, world, debit_as):
    change = asked(world, "BANK_CHANGE")
    url = reverse("mode_changes:rib", args=[change.pk])
    client.force_login(world.a.secretary)
    response = client.get(url)
    assert response.status_code == 200 and response.content == PDF_BYTES
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"

    client.force_login(world.a.sr)
    response = client.get(url, follow=True)
    assert "confirmez d'abord votre mot de passe" in page_text(response)
    client.post(reverse("mode_changes:password", args=[change.pk]), {"password": "faux"})
    assert client.get(url).status_code == 302
    client.post(reverse("mode_changes:password", args=[change.pk]), {"password": PASSWORD})
    assert client.get(url).content == PDF_BYTES

    for outsider in (world.b.sr, world.b.secretary, world.a.pupil, world.a.sd):
        client.force_login(outsider)
        assert client.get(url).status_code == 404


def test_the_sr_enters_the_rib_on_the_affiliation_bank_form_then_accepts(client, world, debit_as):
    """The whole journey through the pages: password once, the RIB, the bank form, accept."""
    change = asked(world, "BANK_CHANGE")
    client.force_login(world.a.sr)
    detail = reverse("mode_changes:detail", args=[change.pk])
    page = page_text(client.get(detail))
    review = reverse("affiliations:review", args=[debit_as.pk]) + "#coordonnees-bancaires"
    assert review in page
    confirm_bank_password(client, debit_as.pk, PASSWORD)
    assert reverse("mode_changes:rib", args=[change.pk]) in page_text(client.get(detail))
    client.post(
        reverse("affiliations:bank_details", args=[debit_as.pk]),
        {"holder": "AS du lycée", "iban": NEW_IBAN, "bic": "PSSTFRPPPAR"},
    )
    page = words(client.get(detail))
    new = BankAccount.objects.current_for(world.a.association)
    assert (
        f"Coordonnées bancaires saisies depuis la demande : FR14 •••• •••• 2606 · RUM {new.rum}"
        in page
    )
    page = words(
        client.post(
            reverse("mode_changes:accept", args=[change.pk]), {"confirmed": "on"}, follow=True
        )
    )
    assert "Acceptée" in page and new.rum in page


# --- the printed form ---------------------------------------------------------------------------


def test_the_printed_form_ticks_the_box_and_shows_the_balance(client, world, debit_as):
    charge(world, "CONTRACT", "250.00", run_month="2025-11", third=2)
    change = asked(world, "TO_PREPAYMENT", attached=False)
    mode_changes.accept(change=change, actor=world.a.sr, confirmed=True)
    for reader in (world.a.secretary, world.a.sr, world.a.sd):
        client.force_login(reader)
        text = pdf_text(client.get(reverse("mode_changes:pdf", args=[change.pk])))
        assert "Fiche de modifications" in text
        assert f"N° de l'AS concernée {world.a.association.code}" in text
        assert f"Nom de l'établissement {world.a.association.establishment}" in text
        assert "☒ Passage du prélèvement automatique au prépaiement" in text
        assert "☐ Changement de banque" in text
        assert "Montant du solde à inscrire en prépaiement : 250,00 €" in text
        assert "Acceptée" in text
    client.force_login(world.b.sr)
    assert client.get(reverse("mode_changes:pdf", args=[change.pk])).status_code == 404
