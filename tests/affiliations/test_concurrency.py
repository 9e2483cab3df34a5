"""Two agents of the regional service affiliate the same AS at the same moment, each in his own
connection (tests/concurrency.py): one affiliation, one invoice number, one set of accounts and
ledger lines; the other agent is told in French that someone was quicker."""

import pytest

from opuss.accounts.enums import Role
from opuss.affiliations import services
from opuss.affiliations.enums import AffiliationState
from opuss.affiliations.models import Affiliation
from opuss.core.models import AuditEntry
from opuss.finance.models import LedgerLine
from tests.concurrency import at_once, failures
from tests.factories import AffiliationFactory, BankAccountFactory, user_with_role

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _in_season(settings):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"


def pending_with_bank_details(world) -> Affiliation:
    affiliation = world.affiliation
    BankAccountFactory(association=affiliation.association, created_by=world.a.sr)
    return affiliation


def affiliating(pk: int, agent):
    """What an agent's click does: load the form as his page showed it, then affiliate."""
    return lambda: services.affiliation_affiliate(
        affiliation=Affiliation.objects.get(pk=pk), actor=agent, verified=True
    )


def test_two_agents_affiliating_the_same_as_at_once_affiliate_it_once(world):
    affiliation = pending_with_bank_details(world)
    colleague = user_with_role(Role.SR, academy=world.a.association.department.academy)
    outcomes = at_once(
        affiliating(affiliation.pk, world.a.sr), affiliating(affiliation.pk, colleague)
    )
    [refusal] = failures(outcomes)
    assert isinstance(refusal, services.AffiliationError)
    assert str(refusal) == (
        "L'affiliation vient d'être modifiée par quelqu'un d'autre : rechargez la page."
    )
    affiliation.refresh_from_db()
    assert affiliation.state == AffiliationState.AFFILIATED
    winner = world.a.sr if outcomes[0] is None else colleague
    assert affiliation.affiliated_by == winner
    assert list(Affiliation.objects.values_list("invoice_number", flat=True)) == ["F2025-00001"]
    assert AuditEntry.objects.filter(action="affilier").count() == 1
    # The declared animateur got one account and one role in the AS.
    animateur = affiliation.animateurs.get()
    assert animateur.user.role_assignments.filter(role=Role.AS_TEACHER).count() == 1
    lines = list(LedgerLine.objects.values_list("kind", "label"))
    assert len(lines) == len(set(lines))


def test_the_next_affiliation_of_the_season_gets_the_next_invoice_number(world):
    """The refused agent's number was never used: the sequence has no gap."""
    affiliation = pending_with_bank_details(world)
    at_once(affiliating(affiliation.pk, world.a.sr), affiliating(affiliation.pk, world.dn))
    other = AffiliationFactory(
        association=world.b.association,
        season=world.season,
        state="PENDING",
        payment_mode="PREPAYMENT",
    )
    services.affiliation_affiliate(affiliation=other, actor=world.b.sr, verified=True)
    other.refresh_from_db()
    assert other.invoice_number == "F2025-00002"
