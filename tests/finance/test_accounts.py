"""What each AS owes: its « Finances » page, its statement (PDF) and the services' list of the
accounts of their territory (issue #13)."""

from datetime import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opuss.finance.models import (
    CHARGES,
    Debit,
    DebitBatch,
    DebitItem,
    DebitState,
    LedgerKind,
    LedgerLine,
)
from opuss.rules.money import format_eur
from tests.factories import (
    AffiliationFactory,
    AssociationFactory,
    BankAccountFactory,
    EstablishmentFactory,
    SeasonFactory,
)

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
TODAY = "2025-10-06T10:00:00+02:00"  # the demo's day: September's run is past, October's ahead


@pytest.fixture(autouse=True)
def _frozen(settings):
    settings.OPUSS_NOW = TODAY


def at(day: str, hour: int = 10) -> datetime:
    return datetime.fromisoformat(day).replace(hour=hour, tzinfo=PARIS)


def line(association, season, kind, amount, day, label="", **fields) -> LedgerLine:
    return LedgerLine.objects.create(
        association=association,
        season=season,
        kind=kind,
        amount=Decimal(amount),
        label=label or kind.label,
        at=at(day),
        **fields,
    )


def every_kind_of_line(association, season, creditor, run_code="A"):
    """An account with a line of each kind, as of 6 October 2025: its affiliation (100 €) debited
    by September's run, the debit rejected, then paid by cheque; the contract's thirds (600 €
    each) waiting for October to December; a regularisation « hors échéancier » (50 €);
    30 € compensated on a national aid. Invoiced 1 950 €, collected 100 €, open 1 820 €, of
    which 1 800 € still to come: 20 € due."""
    AffiliationFactory(
        association=association,
        season=season,
        state="AFFILIATED",
        payment_mode="DIRECT_DEBIT",
        affiliated_at="2025-09-15T10:00:00+02:00",
        fee_affiliation=100,
        fee_contract=1800,
        people=False,
    )
    mandate = BankAccountFactory(association=association, created_by=creditor)
    fee = line(
        association,
        season,
        LedgerKind.AFFILIATION,
        "100.00",
        "2025-09-15",
        "Affiliation 2025-2026",
        run_month="2025-09",
    )
    for third, month in enumerate(("2025-10", "2025-11", "2025-12"), start=1):
        line(
            association,
            season,
            LedgerKind.CONTRACT,
            "600.00",
            "2025-09-15",
            f"Contrat, {third}/3",
            run_month=month,
            third=third,
        )
    line(
        association,
        season,
        LedgerKind.CONTRACT_ADJUSTMENT,
        "50.00",
        "2025-09-20",
        "Régularisation hors échéancier",
    )
    batch, _ = DebitBatch.objects.get_or_create(
        season=season,
        run_month="2025-09",
        defaults={
            "message_id": "UNSS-2025-09",
            "collection_date": "2025-10-03",
            "xml": "<x/>",
            "total": 0,
            "count": 0,
        },
    )
    debit = Debit.objects.create(
        batch=batch,
        association=association,
        bank_account=mandate,
        amount=Decimal("100.00"),
        sequence_type="FRST",
        end_to_end_id=f"E2E-{run_code}-{association.code}",
        state=DebitState.REJECTED,
        reject_reason="AM04 provision insuffisante",
    )
    DebitItem.objects.create(debit=debit, line=fee)
    line(association, season, LedgerKind.DEBIT, "-100.00", "2025-10-03", "Prélèvement", debit=debit)
    line(association, season, LedgerKind.REJECT, "100.00", "2025-10-04", "Rejet", debit=debit)
    line(
        association,
        season,
        LedgerKind.PAYMENT,
        "-100.00",
        "2025-10-05",
        "Chèque n° 1234",
        debit=debit,
        payment_method="CHEQUE",
    )
    line(
        association,
        season,
        LedgerKind.COMPENSATION,
        "-30.00",
        "2025-10-05",
        "Compensation sur l'aide « solidarité »",
    )
    return mandate


@pytest.fixture
def account_a(world):
    return every_kind_of_line(world.a.association, world.season, world.a.sr)


def page_of(client, user, code, **params):
    client.force_login(user)
    return client.get(reverse("finances:association", args=[code]), params)


# --- the AS's page ------------------------------------------------------------------------------


def test_the_figures_on_the_as_page_are_those_of_its_lines(client, world, account_a):
    response = page_of(client, world.a.secretary, world.a.association.code)
    figures = response.context["account"].figures
    lines = LedgerLine.objects.filter(association=world.a.association, season=world.season)

    def total(*kinds):
        return sum((x.amount for x in lines if x.kind in kinds), Decimal("0"))

    assert figures.invoiced == total(*CHARGES) == Decimal("1950.00")
    assert figures.collected == -total("DEBIT") - total("REJECT") - total("PAYMENT") == 100
    assert figures.compensated == -total("COMPENSATION") == 30
    assert figures.open == sum(x.amount for x in lines) == Decimal("1820.00")
    assert figures.debt == Decimal("20.00")  # the 1 800 € of thirds are still to come
    page = response.content.decode()
    for amount in ("1950.00", "100.00", "30.00", "1820.00", "1800.00", "20.00"):
        assert format_eur(Decimal(amount)) in page
    # Each amount says what it adds up.
    assert f"Prélevé {format_eur(Decimal(100))} − prélèvements rejetés" in page
    assert "reste à payer" in page


def test_the_schedule_ahead_lists_each_run_with_its_dates_and_amount(client, world, account_a):
    response = page_of(client, world.a.teacher, world.a.association.code)
    ahead = response.context["account"].runs_ahead
    assert [
        (r.key, r.processing_date.isoformat(), r.value_date.isoformat(), r.amount) for r in ahead
    ] == [
        ("2025-10", "2025-10-31", "2025-11-04", Decimal("600.00")),
        ("2025-11", "2025-11-28", "2025-12-02", Decimal("600.00")),
        ("2025-12", "2025-12-31", "2026-01-05", Decimal("600.00")),
    ]
    page = response.content.decode()
    assert "04/11/2025" in page and "02/12/2025" in page and "05/01/2026" in page
    # The regularisation no run takes is listed for the regional service.
    assert [x.label for x in response.context["account"].off_schedule] == [
        "Régularisation hors échéancier"
    ]
    assert "à régler auprès du service régional" in page


def test_a_charge_added_to_a_run_adds_to_that_run(client, world, account_a):
    line(
        world.a.association,
        world.season,
        LedgerKind.MAIF_INDIVIDUAL,
        "0.97",
        "2025-10-06",
        run_month="2025-11",
    )
    response = page_of(client, world.a.teacher, world.a.association.code)
    amounts = {r.key: r.amount for r in response.context["account"].runs_ahead}
    assert amounts["2025-11"] == Decimal("600.97")


def test_the_lines_are_listed_newest_first_with_their_run_and_the_balance(client, world, account_a):
    response = page_of(client, world.a.secretary, world.a.association.code)
    lines = response.context["account"].lines
    assert lines[0].line.at >= lines[-1].line.at
    assert lines[0].balance == Decimal("1820.00")  # the newest line leaves the balance
    assert lines[-1].balance == lines[-1].line.amount
    debited = next(x for x in lines if x.line.kind == LedgerKind.AFFILIATION)
    assert debited.status == "prélèvement rejeté"  # then paid by cheque
    assert debited.run.startswith("septembre 2025")
    debit = next(x for x in lines if x.line.kind == LedgerKind.DEBIT)
    assert debit.run.startswith("septembre 2025")
    third = next(x for x in lines if x.line.third == 2)
    assert (third.status, third.run) == ("à venir", "novembre 2025 (prélevé le 02/12/2025)")
    page = response.content.decode()
    assert "Chèque n° 1234" in page and "Rejet de prélèvement" in page


def test_the_mandate_in_force_is_shown_masked(client, world, account_a):
    page = page_of(client, world.a.secretary, world.a.association.code).content.decode()
    assert account_a.rum in page
    assert account_a.masked_iban in page
    assert account_a.iban not in page


def test_a_prepaying_as_is_told_its_regional_service_prepays(client, world):
    AffiliationFactory(
        association=world.a.association,
        season=world.season,
        state="AFFILIATED",
        payment_mode="PREPAYMENT",
        affiliated_at="2025-09-15T10:00:00+02:00",
        fee_affiliation=100,
        fee_contract=0,
        people=False,
    )
    page = page_of(client, world.a.secretary, world.a.association.code).content.decode()
    assert "Prépaiement par le service régional" in page
    assert "Aucune ligne sur le compte" in page


def test_the_page_links_the_invoice_and_the_statement(client, world, account_a):
    page = page_of(client, world.a.secretary, world.a.association.code).content.decode()
    assert reverse("affiliations:pdf_invoice", args=[world.a.association.code]) in page
    assert reverse("finances:statement", args=[world.a.association.code]) in page


def test_the_statement_is_a_pdf_of_the_account(client, world, account_a):
    client.force_login(world.a.secretary)
    response = client.get(reverse("finances:statement", args=[world.a.association.code]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert (
        f"releve-de-compte-AS{world.a.association.code}-2025-2026.pdf"
        in response["Content-Disposition"]
    )


def test_the_statement_prints_every_line_the_figures_and_the_schedule(world, account_a):
    """The PDF's HTML, before WeasyPrint prints it."""
    from django.template.loader import render_to_string
    from django.utils.html import escape

    from opuss.finance import selectors, statements

    account = selectors.account_of(world.a.association, world.season)
    html = render_to_string("finance/account_statement.html", statements.statement_context(account))
    for item in account.lines:
        assert escape(item.line.label) in html
    assert format_eur(Decimal("20.00")) in html and "Dû (dette)" in html
    assert "04/11/2025" in html
    assert account_a.masked_iban in html


def test_a_past_season_is_chosen_in_the_address(client, world, account_a):
    old = SeasonFactory(start_year=2011, is_current=False)
    line(world.a.association, old, LedgerKind.AFFILIATION, "80.00", "2011-10-01")
    response = page_of(client, world.a.secretary, world.a.association.code, saison="2011-2012")
    assert response.context["season"] == old
    assert response.context["account"].figures.invoiced == Decimal("80.00")
    assert response.context["account"].runs_ahead == []  # no calendar in 2011-2012
    assert "2011-2012" in [s.label for s in response.context["seasons"]]
    # A season without rules on file is not offered.
    assert (
        page_of(client, world.a.secretary, world.a.association.code, saison="2019-2020").status_code
        == 404
    )


# --- scope --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "actor, status",
    [
        ("secretary", 200),
        ("teacher", 200),
        ("sd", 200),
        ("sr", 200),
        ("dn", 200),
        ("pupil", 404),
        ("teacher_b", 404),
        ("secretary_b", 404),
        ("sd_b", 404),
        ("sr_b", 404),
    ],
)
def test_an_as_sees_only_its_own_money_and_the_services_their_territorys(
    client, world, account_a, actor, status
):
    response = page_of(client, world.actor(actor), world.a.association.code)
    assert response.status_code == status
    client.force_login(world.actor(actor))
    statement = client.get(reverse("finances:statement", args=[world.a.association.code]))
    assert statement.status_code == status


# --- the services' list -------------------------------------------------------------------------


def test_the_list_shows_each_as_with_its_figures(client, world, account_a):
    client.force_login(world.a.sr)
    response = client.get(reverse("finances:list"))
    page = response.content.decode()
    [row] = [r for r in response.context["rows"] if r[0]["value"] == world.a.association.code]
    values = [cell["value"] for cell in row]
    assert values[3] == "Prélèvement automatique"
    assert values[4] == "Oui"
    assert values[5:] == [
        format_eur(Decimal(x)) for x in ("1950.00", "100.00", "30.00", "1820.00", "20.00", "50.00")
    ]
    assert world.b.association.code not in page


def _as_with_debt(world, code, debt: str):
    association = AssociationFactory(
        establishment=EstablishmentFactory(department=world.a.association.department), code=code
    )
    AffiliationFactory(
        association=association,
        season=world.season,
        state="AFFILIATED",
        payment_mode="PREPAYMENT",
        affiliated_at="2025-09-15T10:00:00+02:00",
        fee_affiliation=debt,
        fee_contract=0,
        people=False,
    )
    line(association, world.season, LedgerKind.AFFILIATION, debt, "2025-09-15", run_month="2025-09")
    return association


def test_the_list_filters_on_debt_mode_and_bank_details_and_sorts(client, world, account_a):
    paid = _as_with_debt(world, "24900", "0.00")
    owing = _as_with_debt(world, "24901", "500.00")
    client.force_login(world.a.sr)
    url = reverse("finances:list")

    def codes(**params):
        return [r[0]["value"] for r in client.get(url, params).context["rows"]]

    assert set(codes(dette="oui")) == {world.a.association.code, owing.code}
    assert paid.code in codes(dette="non")
    assert set(codes(mode="PREPAYMENT")) == {paid.code, owing.code}
    assert world.a.association.code not in codes(mandat="sans")
    assert set(codes(mandat="sans")) == {paid.code, owing.code}
    assert codes(tri="-debt", mode="PREPAYMENT") == [owing.code, paid.code]
    assert codes(tri="-debt")[0] == owing.code
    # Reading 12: what no run collects is listed for the regional service.
    assert codes(hors_echeancier="oui") == [world.a.association.code]


def test_the_list_exports_the_same_rows_with_typed_amounts(client, world, account_a):
    client.force_login(world.a.sr)
    response = client.get(reverse("finances:list"), {"export": "xlsx", "dette": "oui"})
    header, *rows = xlsx_rows(response.content)
    assert header[:5] == (
        "Code",
        "Établissement",
        "Département",
        "Mode de paiement",
        "Mandat (RUM)",
    )
    assert [r[0] for r in rows] == [world.a.association.code]
    assert rows[0][5:] == (1950, 100, 30, 1820, 20, 50)
    assert isinstance(rows[0][9], (int, float))
    csv = client.get(reverse("finances:list"), {"export": "csv"}).getvalue().decode("utf-8-sig")
    assert world.a.association.code in csv and world.b.association.code not in csv
    assert format_eur(Decimal("1820.00")) in csv


def xlsx_rows(content: bytes) -> list[tuple]:
    from io import BytesIO

    from openpyxl import load_workbook

    return list(load_workbook(BytesIO(content)).active.values)


def test_an_sr_never_sees_another_regions_as_in_the_list_or_its_exports(client, world):
    every_kind_of_line(world.b.association, world.season, world.b.sr, run_code="B")
    client.force_login(world.a.sr)
    url = reverse("finances:list")

    def codes(**params):
        return [row[0]["value"] for row in client.get(url, params).context["rows"]]

    assert world.b.association.code not in codes()
    assert codes(q=world.b.association.code) == []
    csv = client.get(url, {"export": "csv"}).getvalue().decode("utf-8-sig")
    assert world.b.association.code not in csv
    exported = [row[0] for row in xlsx_rows(client.get(url, {"export": "xlsx"}).content)]
    assert exported == ["Code", world.a.association.code]


def test_the_sd_reads_the_accounts_of_its_department(client, world, account_a):
    client.force_login(world.a.sd)
    rows = client.get(reverse("finances:list")).context["rows"]
    assert [r[0]["value"] for r in rows] == [world.a.association.code]


def _more_accounts(world, first: int, size: int):
    for n in range(first, first + size):
        association = AssociationFactory(
            establishment=EstablishmentFactory(department=world.a.association.department),
            code=f"24{n:03d}",
        )
        every_kind_of_line(association, world.season, world.a.sr, run_code=f"{n}")


def test_the_list_costs_the_same_queries_whatever_the_number_of_as(
    client, world, django_assert_max_num_queries
):
    client.force_login(world.a.sr)
    url = reverse("finances:list")
    client.get(url)  # sessions, role caches
    _more_accounts(world, 100, 2)
    with CaptureQueriesContext(connection) as small:
        assert len(client.get(url).context["rows"]) == 3
    _more_accounts(world, 200, 20)
    with django_assert_max_num_queries(len(small)):
        assert len(client.get(url).context["rows"]) == 23
    with django_assert_max_num_queries(len(small)):
        client.get(url, {"dette": "oui", "tri": "-debt"})
