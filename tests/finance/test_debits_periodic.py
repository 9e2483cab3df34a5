"""The « sepa-batch » periodic job: on the last day a run's file keeps the pre-notification
delay, the batch DN has not generated is generated and the AS are pre-notified."""

from decimal import Decimal

import pytest
from django.core import mail

from opuss.finance import debits
from opuss.finance.models import DebitBatch, LedgerKind, LedgerLine
from opuss.finance.tasks import generate_due_batch
from tests.factories import AffiliationFactory, BankAccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def as_a(world):
    """Side A's AS in direct debit, its affiliation due at the October 2025 run."""
    association = world.a.association
    AffiliationFactory(  # with its officers: the pre-notification goes to its secretary
        association=association,
        season=world.season,
        state="AFFILIATED",
        affiliated_at="2025-09-20T10:00:00+02:00",
        fee_affiliation=100,
        fee_contract=0,
    )
    BankAccountFactory(association=association, created_by=world.a.sr, rum="UNSS-24001-001")
    LedgerLine.objects.create(
        association=association,
        season=world.season,
        kind=LedgerKind.AFFILIATION,
        amount=Decimal("100.00"),
        label="Affiliation 2025-2026",
        run_month="2025-10",
    )
    return association


def test_on_the_last_day_the_batch_is_generated_and_pre_notified(
    world, as_a, settings, django_capture_on_commit_callbacks
):
    settings.OPUSS_NOW = "2025-10-31T06:00:00"  # the October run's last day (value 4 November)

    with django_capture_on_commit_callbacks(execute=True):
        assert generate_due_batch.call() == ["2025-10"]

    batch = DebitBatch.objects.get(run_month="2025-10")
    assert batch.created_by is None
    assert batch.count == 1
    [message] = mail.outbox
    assert "4 novembre 2025" in message.body or "04/11/2025" in message.body


def test_before_the_last_day_it_is_left_to_dn(world, as_a, settings):
    settings.OPUSS_NOW = "2025-10-30T06:00:00"

    assert generate_due_batch.call() == []
    assert not DebitBatch.objects.exists()


def test_a_batch_dn_generated_is_not_generated_again(
    world, as_a, settings, django_capture_on_commit_callbacks
):
    settings.OPUSS_NOW = "2025-10-31T06:00:00"
    debits.batch_generate(season=world.season, run_month="2025-10", actor=world.dn)

    with django_capture_on_commit_callbacks(execute=True):
        assert generate_due_batch.call() == []
    assert DebitBatch.objects.count() == 1
    assert mail.outbox == []
