"""« Prélèvements SEPA »: the national direction only; the others get a 404. The file shows every
AS's IBAN: DN is first sent to confirm his password (tests/finance/test_debits_pages.py)."""

from tests.access import HOME, POST_ONLY, Write, affiliated_a, only, writers
from tests.factories import PASSWORD

DN = {"dn"}


def october(w):
    return {"run_month": "2025-10"}


def october_due_a(w):
    """Side A's AS in direct debit, with bank details and a third due at the October run."""
    from decimal import Decimal

    from opuss.finance.models import LedgerKind, LedgerLine
    from tests.factories import BankAccountFactory

    affiliated_a(w)
    BankAccountFactory(association=w.a.association, created_by=w.a.sr)
    LedgerLine.objects.create(
        association=w.a.association, season=w.season, kind=LedgerKind.CONTRACT,
        amount=Decimal("333.33"), label="Contrat, 1er tiers 2025-2026", run_month="2025-10",
    )
    return october(w)


def a_batch(w):
    from datetime import date
    from decimal import Decimal

    from opuss.finance.models import DebitBatch

    batch = DebitBatch.objects.create(
        season=w.season, run_month="2025-09", message_id="UNSS-PRLV-2025-09-MATRIX",
        collection_date=date(2025, 10, 3), xml="<Document/>", total=Decimal("100.00"), count=1,
    )
    return {"pk": batch.pk}


RULES = {
    "debits:batches": (None, only(DN)),
    "debits:generate": (october, only(DN)),
    "debits:file": (a_batch, only(set()) | {"dn": HOME}),
    "debits:confirm_password": (None, POST_ONLY),
}

WRITES = {
    # DN generates October's batch (OPUSS_NOW is 6 October 2025): a batch, a debit, the line.
    "debits:generate": Write(october_due_a, lambda w, k: {}, writers(DN)),
    # Writes the season's audit entry « accès aux coordonnées bancaires » (and the session).
    "debits:confirm_password": Write(None, lambda w, k: {"password": PASSWORD}, writers(DN)),
}
