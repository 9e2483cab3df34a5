"""Two people at once, each in its own connection (tests/concurrency.py): the same reject
recorded twice (a return file imported by the SR while DN enters it by hand) reopens the debt
once; two aids to one AS at the same moment never set off its debt twice."""

from decimal import Decimal

import pytest

from opuss.finance.ledger import figures_of
from opuss.finance.models import Aid, LedgerKind, LedgerLine
from opuss.finance.settlements import aid_pay, debit_reject
from tests.concurrency import at_once, failures
from tests.finance.settlement_factories import sent_debit

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _in_november(settings):
    settings.OPUSS_NOW = "2025-11-20T10:00:00+01:00"


def test_a_debit_rejected_eight_times_at_once_is_owed_once(world):
    debit = sent_debit(world.a.association, world.season)
    outcomes = at_once(
        *(lambda: debit_reject(debit=debit, reason="AM04", actor=world.dn) for _ in range(8))
    )
    assert failures(outcomes) == []
    assert outcomes.count(True) == 1
    assert LedgerLine.objects.filter(kind=LedgerKind.REJECT).count() == 1
    assert figures_of(world.a.association, world.season).debt == Decimal("412.00")


def test_two_aids_at_once_set_off_the_debt_once(world):
    debit = sent_debit(world.a.association, world.season)
    debit_reject(debit=debit, reason="AM04", actor=world.dn)
    outcomes = at_once(
        *(
            lambda: aid_pay(
                association=world.a.association,
                season=world.season,
                label="Aide solidarité",
                amount=Decimal("300.00"),
                actor=world.dn,
            )
            for _ in range(2)
        )
    )
    assert failures(outcomes) == []
    assert sorted(Aid.objects.values_list("compensated", flat=True)) == [
        Decimal("112.00"),
        Decimal("300.00"),
    ]
    assert figures_of(world.a.association, world.season).debt == 0
