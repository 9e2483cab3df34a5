"""Sixteen runs of one month's batch at the same moment, each in its own connection
(tests/concurrency.py): they are serialised on the season's row, and one batch comes out, with
one debit per AS; the fifteen others return that very batch."""

from decimal import Decimal

import pytest

from opuss.finance import debits
from opuss.finance.models import Debit, DebitBatch, DebitItem, LedgerKind, LedgerLine
from tests.concurrency import at_once, failures
from tests.finance.test_debits import OCTOBER_RUN, charge, in_direct_debit

pytestmark = pytest.mark.django_db(transaction=True)


def test_sixteen_runs_of_one_month_at_once_make_one_batch(world, settings):
    settings.OPUSS_NOW = OCTOBER_RUN
    for side in (world.a, world.b):
        in_direct_debit(side.association, world.season, side.sr)
        charge(side.association, world.season, "100.00", "2025-09", label="Affiliation",
               kind=LedgerKind.AFFILIATION)
        charge(side.association, world.season, "333.33", "2025-10")
    outcomes = at_once(
        *(
            lambda: debits.run_batch(season=world.season, run_month="2025-10")
            for _ in range(16)
        )
    )
    assert failures(outcomes) == []
    assert len({batch.pk for batch, _ in outcomes}) == 1
    assert [created for _, created in outcomes].count(True) == 1
    assert len({batch.xml for batch, _ in outcomes}) == 1
    assert DebitBatch.objects.count() == 1
    assert sorted(Debit.objects.values_list("amount", flat=True)) == [Decimal("433.33")] * 2
    assert DebitItem.objects.count() == 4
    assert LedgerLine.objects.filter(kind=LedgerKind.DEBIT).count() == 2
