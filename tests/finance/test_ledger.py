"""What each AS owes and when: the lines its affiliation, a change of enrolment and a MAIF
insurance append to its account, each on the run of the circular's calendar that collects it."""

from decimal import Decimal

import pytest
import time_machine

from opuss.affiliations import services
from opuss.finance import ledger
from opuss.finance.models import DebitBatch, LedgerKind, LedgerLine
from tests.factories import AffiliationFactory, BankAccountFactory, SeasonFactory

pytestmark = pytest.mark.django_db

# Month of affiliation → the runs of the affiliation and of the contract's three thirds
# (circular 2025-2026, III.15; "" = hors échéancier, docs/rules.md reading 12).
SCHEDULES = {
    "2025-09-15": ["2025-09", "2025-10", "2025-11", "2025-12"],
    "2025-10-15": ["2025-10", "2025-10", "2025-11", "2025-12"],
    "2025-11-15": ["2025-11", "2025-11", "2025-12", "2026-01"],
    "2025-12-15": ["2025-12", "2025-12", "2026-01", "2026-02"],
    "2026-01-15": ["2026-01", "2026-01", "2026-02", "2026-03"],
    "2026-02-16": ["2026-02", "2026-02", "2026-03", "2026-04"],
    "2026-03-16": ["2026-03", "2026-03", "2026-04", "2026-05"],
    "2026-04-15": ["2026-04", "2026-04", "2026-05", "2026-06"],
    "2026-05-15": ["2026-05", "2026-05", "2026-06", "2026-07"],
    "2026-06-15": ["2026-06", "", "", ""],
    "2026-07-15": ["2026-07", "", "", ""],
    "2026-08-17": ["", "", "", ""],
}


def affiliate(world, day: str, mode="DIRECT_DEBIT"):
    """Side A's collège (affiliated last season too: not a new establishment with a free
    contract), affiliated by its SR on `day`."""
    AffiliationFactory(
        association=world.a.association, season=SeasonFactory(start_year=2024, is_current=False),
        state="AFFILIATED", affiliated_at="2024-09-20T10:00:00+02:00", fee_affiliation=100,
        fee_contract=2000, people=False,
    )
    affiliation = AffiliationFactory(
        association=world.a.association, season=world.season, state="PENDING",
        payment_mode=mode, establishment_type="COL",
    )
    BankAccountFactory(association=world.a.association, created_by=world.a.sr)
    with time_machine.travel(f"{day}T10:00:00+02:00", tick=False):
        services.affiliation_affiliate(affiliation=affiliation, actor=world.a.sr, verified=True)
    affiliation.refresh_from_db()
    return affiliation


@pytest.fixture(autouse=True)
def _real_clock(settings):
    settings.OPUSS_NOW = ""


@pytest.mark.parametrize("day", SCHEDULES)
def test_an_as_affiliated_in_each_month_has_the_circulars_schedule(world, day):
    affiliation = affiliate(world, day)
    lines = LedgerLine.objects.filter(association=world.a.association).order_by("third", "pk")
    affiliation_line, *thirds = sorted(lines, key=lambda line: line.third or 0)
    assert affiliation_line.kind == LedgerKind.AFFILIATION
    assert affiliation_line.amount == affiliation.fee_affiliation
    assert [line.third for line in thirds] == [1, 2, 3]
    assert [affiliation_line.run_month, *(line.run_month for line in thirds)] == SCHEDULES[day]
    assert sum(line.amount for line in thirds) == affiliation.fee_contract


def test_a_prepaying_as_has_the_same_due_dates(world):
    """Its SR's account is debited on the same runs (III.1: « le prélèvement automatique est
    prélevé sur le compte du SR »), so its lines fall due on them too."""
    affiliate(world, "2025-10-15", mode="PREPAYMENT")
    months = LedgerLine.objects.order_by("pk").values_list("run_month", flat=True)
    assert list(months) == SCHEDULES["2025-10-15"]


def change_enrolment(affiliation, actor, enrolment: int, day: str):
    values = {name: getattr(affiliation, name) for name in services.ENROLMENT_FIELDS}
    values["boys"], values["girls"] = enrolment, 0
    with time_machine.travel(f"{day}T10:00:00+02:00", tick=False):
        services.affiliation_change_enrolment(affiliation=affiliation, actor=actor, values=values)
    affiliation.refresh_from_db()


def contract_lines(association):
    return LedgerLine.objects.filter(
        association=association, kind__in=[LedgerKind.CONTRACT, LedgerKind.CONTRACT_ADJUSTMENT]
    )


def test_a_change_of_enrolment_adds_regularisations_that_keep_the_thirds_exact(world):
    affiliation = affiliate(world, "2025-09-15")
    before = affiliation.fee_contract
    change_enrolment(affiliation, world.a.sr, 900, "2025-10-10")
    assert affiliation.fee_contract != before
    adjustments = LedgerLine.objects.filter(kind=LedgerKind.CONTRACT_ADJUSTMENT)
    assert adjustments.count() == 3
    assert contract_lines(world.a.association).balance() == affiliation.fee_contract
    for third in (1, 2, 3):
        on_third = contract_lines(world.a.association).filter(third=third)
        assert len({line.run_month for line in on_third}) == 1  # still on its third's run
    assert "Régularisation du contrat, 1/3" in adjustments.get(third=1).label


def test_a_regularisation_of_a_run_already_generated_goes_to_the_next_open_run(world):
    affiliation = affiliate(world, "2025-09-15")
    DebitBatch.objects.create(
        season=world.season, run_month="2025-10", message_id="M1", collection_date="2025-11-04",
        xml="<x/>", total=0, count=0,
    )
    change_enrolment(affiliation, world.a.sr, 900, "2025-10-20")
    first = LedgerLine.objects.get(kind=LedgerKind.CONTRACT_ADJUSTMENT, third=1)
    second = LedgerLine.objects.get(kind=LedgerKind.CONTRACT_ADJUSTMENT, third=2)
    assert first.run_month == "2025-11"  # October's file is made: November's run takes it
    assert second.run_month == "2025-11"


def test_maif_individual_is_collected_the_month_after_subscription(world):
    with time_machine.travel("2025-10-20T10:00:00+02:00", tick=False):
        [line] = ledger.charge_maif([world.a.licence], Decimal("0.97"))
    assert (line.kind, line.amount, line.run_month) == ("MAIF_INDIVIDUAL", Decimal("0.97"),
                                                        "2025-11")
    with time_machine.travel("2026-07-20T10:00:00+02:00", tick=False):
        [late] = ledger.charge_maif([world.a.licence], Decimal("0.97"))
    assert late.run_month == ""  # no August run: hors échéancier


def test_the_figures_tie_out_and_debt_is_what_is_due_and_unpaid(world):
    affiliation = affiliate(world, "2025-09-15")
    association, season = world.a.association, world.season
    with time_machine.travel("2025-10-06T10:00:00+02:00", tick=False):
        # September's run (processing 30/09) is past: the affiliation is due, the thirds not.
        figures = ledger.figures_of(association, season)
        assert figures.invoiced == affiliation.fee_affiliation + affiliation.fee_contract
        assert figures.upcoming == affiliation.fee_contract
        assert figures.debt == affiliation.fee_affiliation
        LedgerLine.objects.create(
            association=association, season=season, kind=LedgerKind.PAYMENT,
            amount=-affiliation.fee_affiliation, label="Chèque",
        )
        figures = ledger.figures_of(association, season)
    assert figures.debt == 0
    assert figures.invoiced == figures.collected + figures.open + figures.compensated

