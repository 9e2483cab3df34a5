"""The monthly SEPA direct-debit batch: who is debited and how much, FRST then RCUR, the pain.008
file (valid against its schema, exact control sums, the SEPA character set), a run generated
once, lines added later taken by the next run, the pre-notification e-mail and its delay."""

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
import sepaxml
import xmlschema
from defusedxml import ElementTree
from django.core import mail

from opuss.core.models import AuditEntry
from opuss.finance import debits
from opuss.finance.models import (
    Debit,
    DebitBatch,
    DebitItem,
    DebitState,
    LedgerKind,
    LedgerLine,
    ModeChangeKind,
    ModeChangeState,
    PaymentModeChange,
)
from tests.factories import (
    AffiliationFactory,
    AssociationFactory,
    BankAccountFactory,
    EstablishmentFactory,
    affiliated_as,
)

pytestmark = pytest.mark.django_db

SCHEMA = Path(sepaxml.__file__).parent / "schemas" / "pain.008.001.02.xsd"
NS = {"p": "urn:iso:std:iso:20022:tech:xsd:pain.008.001.02"}
# The last day each run may be generated (two TARGET business days before its value date).
OCTOBER_RUN = "2025-10-31T09:00:00+01:00"
NOVEMBER_RUN = "2025-11-28T09:00:00+01:00"
DECEMBER_RUN = "2025-12-31T09:00:00+01:00"


@pytest.fixture
def clock(settings):
    def set_to(moment: str) -> None:
        settings.OPUSS_NOW = moment

    set_to(OCTOBER_RUN)
    return set_to


def affiliated_with_officers(association, season, **fields):
    """The AS affiliated for the season with its officers (its secretary's address)."""
    return AffiliationFactory(
        association=association, season=season, state="AFFILIATED",
        affiliated_at="2025-09-20T10:00:00+02:00", fee_affiliation=100, fee_contract=1000,
        **fields,
    )


def in_direct_debit(association, season, sr, **account):
    """The AS affiliated for the season, paying by direct debit, its SR having entered its bank
    details (a mandate)."""
    affiliated_as(association, season)
    return BankAccountFactory(association=association, created_by=sr, **account)


def charge(association, season, amount, run_month, *, label="Contrat, 1er tiers 2025-2026",
           kind=LedgerKind.CONTRACT):
    return LedgerLine.objects.create(
        association=association, season=season, kind=kind, amount=Decimal(amount),
        label=label, run_month=run_month,
    )


def generate(world, month="2025-10"):
    return debits.batch_generate(season=world.season, run_month=month, actor=world.dn)


def parsed(batch):
    return ElementTree.fromstring(batch.xml.encode())


def texts(document, path):
    return [node.text for node in document.iterfind(path, NS)]


def transactions(batch):
    """EndToEndId -> (sequence type, amount, RUM, debtor's name), from the file itself."""
    found = {}
    for payment in parsed(batch).iterfind(".//p:PmtInf", NS):
        sequence = payment.find("p:PmtTpInf/p:SeqTp", NS).text
        for tx in payment.iterfind("p:DrctDbtTxInf", NS):
            found[tx.find("p:PmtId/p:EndToEndId", NS).text] = (
                sequence,
                tx.find("p:InstdAmt", NS).text,
                tx.find("p:DrctDbtTx/p:MndtRltdInf/p:MndtId", NS).text,
                tx.find("p:Dbtr/p:Nm", NS).text,
            )
    return found


@pytest.fixture
def as_a(world, clock):
    """Side A's AS in direct debit with its affiliation (A09) and first third (C09 1/3) due at
    the October run."""
    association = world.a.association
    mandate = in_direct_debit(association, world.season, world.a.sr, rum="UNSS-24001-001")
    type(mandate).objects.filter(pk=mandate.pk).update(created_at="2025-09-15T10:00:00+02:00")
    charge(association, world.season, "100.00", "2025-09", label="Affiliation 2025-2026",
           kind=LedgerKind.AFFILIATION)
    charge(association, world.season, "333.33", "2025-10")
    return association


# --- the file -------------------------------------------------------------------------------------


def test_the_file_validates_against_the_pain_008_schema(world, as_a):
    batch = generate(world)
    xmlschema.XMLSchema(SCHEMA).validate(batch.xml)
    document = parsed(batch)
    assert texts(document, "p:CstmrDrctDbtInitn/p:GrpHdr/p:MsgId") == [batch.message_id]
    assert batch.message_id == "UNSS-PRLV-2025-10-20251031090000"
    assert texts(document, ".//p:ReqdColltnDt") == ["2025-11-04"]  # the run's value date
    # The creditor from settings: its ICS, its account.
    assert set(texts(document, ".//p:CdtrSchmeId/p:Id/p:PrvtId/p:Othr/p:Id")) == {"FR72ZZZ123456"}
    assert texts(document, ".//p:CdtrAcct/p:Id/p:IBAN") == ["FR1420041010050500013M02606"]
    # The mandate's signature date: the day its SR entered the bank details.
    assert texts(document, ".//p:DrctDbtTxInf//p:DtOfSgntr") == ["2025-09-15"]
    assert transactions(batch) == {
        "PRLV-2025-10-24001": ("FRST", "433.33", "UNSS-24001-001", "AS"),
    }


def test_control_sums_and_counts_are_exact_to_the_cent(world, clock):
    amounts = {
        world.a.association: ["100.00", "33.33", "0.01"],
        world.b.association: ["0.10", "0.20", "-0.05"],  # a regularisation lowers the third
    }
    for association, lines in amounts.items():
        sr = world.a.sr if association == world.a.association else world.b.sr
        in_direct_debit(association, world.season, sr)
        for amount in lines:
            kind = LedgerKind.CONTRACT_ADJUSTMENT if amount.startswith("-") else LedgerKind.CONTRACT
            charge(association, world.season, amount, "2025-10", kind=kind)
    batch = generate(world)
    document = parsed(batch)
    assert texts(document, "p:CstmrDrctDbtInitn/p:GrpHdr/p:NbOfTxs") == ["2"]
    assert texts(document, "p:CstmrDrctDbtInitn/p:GrpHdr/p:CtrlSum") == ["133.59"]
    assert texts(document, ".//p:PmtInf/p:CtrlSum") == ["133.59"]
    assert sorted(texts(document, ".//p:InstdAmt")) == ["0.25", "133.34"]
    assert (batch.count, batch.total) == (2, Decimal("133.59"))


def test_names_and_labels_are_written_in_the_sepa_character_set(world, clock):
    association = world.a.association
    in_direct_debit(association, world.season, world.a.sr, holder="AS du Lycée Émile-Zola & Œuvre")
    charge(association, world.season, "50.00", "2025-10", label="Contrat, 1er tiers – « 2025 »")
    batch = generate(world)
    [(_, _, _, name)] = transactions(batch).values()
    assert name == "AS du Lycee Emile-Zola OEuvre"
    [remittance] = texts(parsed(batch), ".//p:RmtInf/p:Ustrd")
    assert remittance == "UNSS AS 24001 echeance octobre 2025 : Contrat, 1er tiers - 2025"


def test_nothing_is_saved_when_the_file_cannot_be_made(world, as_a, settings):
    """The file is built and validated before anything is written: a wrong creditor identifier
    leaves no batch, no debit, no line taken."""
    settings.SEPA_CREDITOR = settings.SEPA_CREDITOR | {"identifier": "FR00ZZZ000000"}
    with pytest.raises(debits.DebitError, match="identifiant créancier SEPA « FR00ZZZ000000 »"):
        generate(world)
    assert not DebitBatch.objects.exists()
    assert not Debit.objects.exists()
    assert not DebitItem.objects.exists()
    assert not LedgerLine.objects.filter(kind=LedgerKind.DEBIT).exists()


def test_a_mandate_reference_a_bank_would_refuse_stops_the_batch(world, clock):
    association = world.a.association
    in_direct_debit(association, world.season, world.a.sr, rum="UNSS//24001")
    charge(association, world.season, "50.00", "2025-10")
    with pytest.raises(debits.DebitError, match="La référence unique de mandat"):
        generate(world)
    assert not DebitBatch.objects.exists()


# --- who is debited, and for what -----------------------------------------------------------------


def test_each_as_is_debited_once_for_the_lines_due_and_its_account_says_so(world, as_a):
    later = charge(as_a, world.season, "333.33", "2025-11", label="Contrat, 2e tiers 2025-2026")
    off_schedule = charge(as_a, world.season, "80.00", "", label="Hors échéancier")
    batch = generate(world)
    debit = Debit.objects.get()
    assert (debit.batch, debit.association, debit.amount) == (batch, as_a, Decimal("433.33"))
    assert debit.state == DebitState.SENT
    taken = set(debit.items.values_list("line__label", flat=True))
    assert taken == {"Affiliation 2025-2026", "Contrat, 1er tiers 2025-2026"}
    assert set(LedgerLine.objects.not_debited()) == {later, off_schedule}
    line = LedgerLine.objects.get(kind=LedgerKind.DEBIT)
    assert (line.amount, line.debit, line.association) == (Decimal("-433.33"), debit, as_a)
    assert line.label == "Prélèvement du 04/11/2025 (RUM UNSS-24001-001)"
    assert LedgerLine.objects.filter(association=as_a).balance() == Decimal("413.33")
    entry = AuditEntry.objects.get(action="lot de prélèvements généré")
    assert entry.actor == world.dn
    assert entry.after["prélèvements"] == 1


def test_an_as_in_prepayment_or_without_bank_details_is_not_in_the_file(world, as_a):
    prepaying = affiliated_with_officers(
        world.b.association, world.season, payment_mode="PREPAYMENT"
    )
    BankAccountFactory(association=prepaying.association, created_by=world.b.sr)
    charge(prepaying.association, world.season, "100.00", "2025-10")
    without_bank = AssociationFactory(
        code="24999", establishment=EstablishmentFactory(department=as_a.department)
    )
    affiliated_as(without_bank, world.season)
    charge(without_bank, world.season, "100.00", "2025-10")
    batch = generate(world)
    assert set(transactions(batch)) == {"PRLV-2025-10-24001"}
    assert Debit.objects.get().association == as_a


def test_an_as_back_from_prepayment_is_debited_only_from_the_run_after_the_change(world, clock):
    """The October lines fell due while it prepaid (its SR collected them, by cheque): the
    mandate entered on the SR's acceptance on 6 November pays from the November run on."""
    association = world.a.association
    in_direct_debit(association, world.season, world.a.sr)
    charge(association, world.season, "100.00", "2025-10", label="Affiliation 2025-2026",
           kind=LedgerKind.AFFILIATION)
    november = charge(association, world.season, "333.33", "2025-11")
    PaymentModeChange.objects.create(
        association=association, season=world.season, kind=ModeChangeKind.TO_DEBIT,
        state=ModeChangeState.ACCEPTED, requested_by=world.a.secretary, decided_by=world.a.sr,
        decided_at="2025-11-06T10:00:00+01:00",
    )
    clock(NOVEMBER_RUN)
    generate(world, "2025-11")
    assert [item.line for item in Debit.objects.get().items.all()] == [november]


def test_a_net_sum_that_is_not_positive_debits_nothing_and_the_lines_wait(world, as_a):
    other = world.b.association
    in_direct_debit(other, world.season, world.b.sr)
    third = charge(other, world.season, "50.00", "2025-10")
    credit = charge(other, world.season, "-50.00", "2025-10", kind=LedgerKind.CONTRACT_ADJUSTMENT)
    generate(world)
    assert not Debit.objects.filter(association=other).exists()
    assert {third, credit} <= set(LedgerLine.objects.not_debited())


def test_nothing_due_at_all_is_said_and_saves_nothing(world, clock):
    in_direct_debit(world.a.association, world.season, world.a.sr)
    charge(world.a.association, world.season, "50.00", "2025-11")
    with pytest.raises(debits.DebitError, match="Rien à prélever pour l'échéance d'octobre"):
        generate(world)
    assert not DebitBatch.objects.exists()


# --- FRST, RCUR -----------------------------------------------------------------------------------


def test_first_then_recurring_across_two_months_for_one_mandate(world, as_a, clock):
    october = generate(world)
    charge(as_a, world.season, "333.33", "2025-11", label="Contrat, 2e tiers 2025-2026")
    clock(NOVEMBER_RUN)
    november = generate(world, "2025-11")
    xmlschema.XMLSchema(SCHEMA).validate(november.xml)
    assert transactions(october)["PRLV-2025-10-24001"][0] == "FRST"
    assert transactions(november) == {
        "PRLV-2025-11-24001": ("RCUR", "333.33", "UNSS-24001-001", "AS"),
    }
    assert texts(parsed(november), ".//p:ReqdColltnDt") == ["2025-12-02"]


def test_a_new_mandate_starts_again_with_a_first_debit(world, as_a, clock):
    generate(world)
    BankAccountFactory(association=as_a, created_by=world.a.sr, rum="UNSS-24001-002",
                       iban="FR7630001007941234567890185", bic="BDFEFRPPCCT")
    charge(as_a, world.season, "333.33", "2025-11", label="Contrat, 2e tiers 2025-2026")
    clock(NOVEMBER_RUN)
    november = generate(world, "2025-11")
    assert transactions(november)["PRLV-2025-11-24001"][:3] == ("FRST", "333.33", "UNSS-24001-002")


def test_after_a_rejected_first_debit_the_next_one_is_first_again(world, as_a, clock):
    generate(world)
    Debit.objects.update(state=DebitState.REJECTED)
    charge(as_a, world.season, "333.33", "2025-11", label="Contrat, 2e tiers 2025-2026")
    clock(NOVEMBER_RUN)
    assert transactions(generate(world, "2025-11"))["PRLV-2025-11-24001"][0] == "FRST"


# --- once per run ---------------------------------------------------------------------------------


def test_running_a_month_again_returns_the_same_batch_and_file(world, as_a, clock):
    first = generate(world)
    charge(as_a, world.season, "10.00", "2025-10", label="MAIF individuelle")
    clock("2025-10-31T17:00:00+01:00")
    again, created = debits.run_batch(season=world.season, run_month="2025-10")
    assert not created
    assert (again.pk, again.xml, again.message_id) == (first.pk, first.xml, first.message_id)
    assert Debit.objects.count() == 1
    assert LedgerLine.objects.filter(kind=LedgerKind.DEBIT).count() == 1


def test_a_line_added_after_the_october_batch_goes_into_november(world, as_a, clock):
    generate(world)
    # An October line (a MAIF insurance, a regularisation) added once October's file is made.
    late = charge(as_a, world.season, "10.00", "2025-10", label="MAIF individuelle")
    charge(as_a, world.season, "333.33", "2025-11", label="Contrat, 2e tiers 2025-2026")
    clock(NOVEMBER_RUN)
    november = generate(world, "2025-11")
    debit = november.debits.get()
    assert debit.amount == Decimal("343.33")
    assert late.debit_item.debit == debit


def test_no_line_is_ever_debited_twice(world, as_a, clock):
    generate(world)
    charge(as_a, world.season, "333.33", "2025-11", label="Contrat, 2e tiers 2025-2026")
    clock(NOVEMBER_RUN)
    generate(world, "2025-11")
    charge(as_a, world.season, "333.34", "2025-12", label="Contrat, 3e tiers 2025-2026")
    clock(DECEMBER_RUN)
    generate(world, "2025-12")
    charges = LedgerLine.objects.charges()
    assert DebitItem.objects.count() == charges.count() == 4
    debited = -LedgerLine.objects.filter(kind=LedgerKind.DEBIT).balance()
    assert debited == charges.balance() == Decimal("1100.00")
    assert LedgerLine.objects.filter(association=as_a).balance() == 0


# --- when -----------------------------------------------------------------------------------------


def test_a_run_is_refused_once_the_pre_notification_delay_cannot_be_kept(world, as_a, clock):
    clock("2025-11-01T09:00:00+01:00")  # a Saturday: 4 November is one business day away
    with pytest.raises(debits.DebitError) as refused:
        generate(world)
    assert str(refused.value) == (
        "Trop tard pour prélever le 4 novembre 2025 : chaque AS doit être prévenue au moins 2 "
        "jours ouvrés avant, le fichier devait être généré au plus tard le 31 octobre 2025."
    )
    assert not DebitBatch.objects.exists()


def test_runs_are_generated_in_the_order_of_the_calendar(world, as_a, clock):
    with pytest.raises(debits.DebitError, match="Générez d'abord le lot d'octobre 2025"):
        generate(world, "2025-11")
    clock("2025-11-03T09:00:00+01:00")  # October's can no longer be made: November can
    november = generate(world, "2025-11")
    assert november.debits.get().amount == Decimal("433.33")


def test_a_month_without_a_run_is_refused(world, clock):
    with pytest.raises(debits.DebitError, match="n'a pas d'échéance « 2025-08 »"):
        generate(world, "2025-08")


def test_the_season_runs_say_which_can_be_generated(world, as_a):
    generate(world)
    runs = {status.key: status for status in debits.season_runs(world.season)}
    assert runs["2025-09"].refusal.startswith("Trop tard pour prélever le 3 octobre 2025")
    assert runs["2025-10"].batch is not None and not runs["2025-10"].can_generate
    assert runs["2025-11"].can_generate
    assert "Générez d'abord le lot de novembre 2025" in runs["2025-12"].refusal
    assert runs["2026-04"].latest == date(2026, 4, 29)


# --- the pre-notification -------------------------------------------------------------------------


def test_each_as_is_told_its_amount_lines_date_mandate_and_creditor_after_commit(
    world, clock, django_capture_on_commit_callbacks
):
    association = world.a.association
    association.email = "as.24001@example.fr"
    association.save()
    affiliated_with_officers(association, world.season)
    BankAccountFactory(association=association, created_by=world.a.sr, rum="UNSS-24001-001")
    charge(association, world.season, "100.00", "2025-09", label="Affiliation 2025-2026",
           kind=LedgerKind.AFFILIATION)
    charge(association, world.season, "1333.33", "2025-10")
    with django_capture_on_commit_callbacks(execute=True):
        generate(world)
        assert mail.outbox == []
    [message] = mail.outbox
    assert message.to == ["as.24001@example.fr", "secretary.24001@example.fr"]
    # (A subject is written on one line, its spaces plain.)
    assert message.subject == "OPUSS – prélèvement UNSS de 1 433,33 € le 04/11/2025 (AS 24001)"
    for expected in (
        "L'UNSS prélèvera 1\u202f433,33\u00a0€ sur le compte bancaire de l'AS 24001",
        "le mardi 4 novembre 2025",
        "- Affiliation 2025-2026 : 100,00\u00a0€",
        "- Contrat, 1er tiers 2025-2026 : 1\u202f333,33\u00a0€",
        "référence unique de mandat (RUM) UNSS-24001-001 (premier prélèvement sous ce mandat)",
        "identifiant créancier SEPA (ICS) FR72ZZZ123456",
        "Référence du prélèvement : PRLV-2025-10-24001",
    ):
        assert expected in message.body


def test_a_batch_run_again_sends_no_second_notice(world, as_a, django_capture_on_commit_callbacks):
    as_a.email = "as.24001@example.fr"
    as_a.save()
    generate(world)
    with django_capture_on_commit_callbacks(execute=True):
        generate(world)
    assert mail.outbox == []
