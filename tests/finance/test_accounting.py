"""The accountants' months (issue #13, « Comptabilité »): per month of the season and per région,
what was invoiced, debited, rejected, settled and compensated, and what was left to pay at the
end of each month; totals that tie out; CSV and XLSX with typed cells."""

from datetime import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opuss.finance import selectors
from opuss.finance.models import LedgerKind, LedgerLine
from opuss.rules.money import format_eur
from tests.factories import AssociationFactory, EstablishmentFactory
from tests.finance.test_accounts import PARIS, every_kind_of_line, xlsx_rows

pytestmark = pytest.mark.django_db

ZERO = Decimal("0.00")


@pytest.fixture(autouse=True)
def _frozen(settings):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"


@pytest.fixture
def books(world):
    """Side A's account with every kind of line (tests/finance/test_accounts.py), side B's too."""
    every_kind_of_line(world.a.association, world.season, world.a.sr, run_code="A")
    every_kind_of_line(world.b.association, world.season, world.b.sr, run_code="B")
    return world


def month_of(rows, month: str):
    return next(row for row in rows if row.month.isoformat().startswith(month))


def test_the_months_tie_out_invoiced_is_collected_plus_open_plus_compensated(books):
    academy = books.a.association.department.academy
    result = selectors.accounting(books.season, [academy])
    rows = result.rows(academy)
    assert [row.month.isoformat() for row in rows][:2] == ["2025-09-01", "2025-10-01"]
    assert len(rows) == 12  # September to August
    september, october = month_of(rows, "2025-09"), month_of(rows, "2025-10")
    assert september.movements.invoiced == Decimal("1950.00")
    assert september.movements.open_at_end == Decimal("1950.00")
    m = october.movements
    assert (m.invoiced, m.debited, m.rejected, m.settled, m.compensated) == (
        ZERO,
        Decimal("100.00"),
        Decimal("100.00"),
        Decimal("100.00"),
        Decimal("30.00"),
    )
    assert m.collected == Decimal("100.00")
    assert m.open_at_end == Decimal("1820.00")
    total = result.total(academy)
    assert total.invoiced == total.collected + total.open_at_end + total.compensated
    assert total.open_at_end == LedgerLine.objects.filter(association=books.a.association).balance()
    assert month_of(rows, "2026-08").movements.open_at_end == total.open_at_end


def test_a_line_counts_in_its_month_in_paris_time(world):
    """1 November at 0:30 in Paris is still 31 October in UTC: it is November's."""
    LedgerLine.objects.create(
        association=world.a.association,
        season=world.season,
        kind=LedgerKind.MAIF_INDIVIDUAL,
        amount=Decimal("0.97"),
        label="MAIF",
        run_month="2025-12",
        at=datetime(2025, 11, 1, 0, 30, tzinfo=PARIS),
    )
    academy = world.a.association.department.academy
    rows = selectors.accounting(world.season, [academy]).rows(academy)
    assert month_of(rows, "2025-10").movements.invoiced == ZERO
    assert month_of(rows, "2025-11").movements.invoiced == Decimal("0.97")


def test_the_sr_sees_its_region_and_the_page_shows_the_tie_out(client, books):
    client.force_login(books.a.sr)
    response = client.get(reverse("finances:accounting"))
    assert response.status_code == 200
    assert response.context["total"].invoiced == Decimal("1950.00")  # side B's are not there
    page = response.content.decode()
    assert (
        f"facturé {format_eur(Decimal('1950.00'))} = encaissé {format_eur(Decimal('100.00'))} "
        f"+ reste à payer {format_eur(Decimal('1820.00'))} + compensé "
        f"{format_eur(Decimal('30.00'))}" in page
    )
    assert books.b.association.department.academy.name not in page


def test_the_sr_exports_only_its_region_with_typed_cells(client, books):
    client.force_login(books.a.sr)
    url = reverse("finances:accounting")
    header, *rows = xlsx_rows(client.get(url, {"export": "xlsx"}).content)
    assert header[:3] == ("Mois", "Code région", "Région")
    academy = books.a.association.department.academy
    assert {row[2] for row in rows} == {academy.name}
    assert len(rows) == 12
    september = rows[0]
    assert isinstance(september[0], datetime) and september[0].month == 9
    assert september[3] == 1950 and isinstance(september[3], (int, float))
    october = rows[1]
    assert october[4:] == (100, 100, 100, 30, 100, 1820)
    csv = client.get(url, {"export": "csv"}).getvalue().decode("utf-8-sig")
    assert books.b.association.department.academy.name not in csv
    assert csv.splitlines()[0].startswith("Mois;Code région;Région;Facturé")


def test_dn_sees_every_region_and_the_nation(client, books):
    client.force_login(books.dn)
    url = reverse("finances:accounting")
    response = client.get(url)
    assert response.context["national"]
    assert response.context["total"].invoiced == Decimal("3900.00")
    per_region = {academy.code: m.invoiced for academy, m in response.context["per_region"]}
    assert per_region == {"16": Decimal("1950.00"), "24": Decimal("1950.00")}
    header, *rows = xlsx_rows(client.get(url, {"export": "xlsx"}).content)
    october = [row for row in rows if row[0].month == 10]
    assert [row[2] for row in october] == ["Académie 16", "Académie 24", "National"]
    assert october[-1][4:] == (200, 200, 200, 60, 200, 3640)
    one = client.get(url, {"region": "24"})
    assert one.context["total"].invoiced == Decimal("1950.00")
    assert not one.context["national"]


def test_an_sr_cannot_ask_for_another_region(client, books):
    client.force_login(books.a.sr)
    response = client.get(reverse("finances:accounting"), {"region": "16"})
    assert response.status_code == 404


@pytest.mark.parametrize("actor", ["sd", "teacher", "secretary", "pupil"])
def test_accounting_is_for_the_accountants_only(client, world, actor):
    client.force_login(world.actor(actor))
    assert client.get(reverse("finances:accounting")).status_code == 404


def test_the_months_are_one_query_whatever_the_number_of_lines(client, books):
    client.force_login(books.dn)
    url = reverse("finances:accounting")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"export": "csv"})
    for n in range(5):
        association = AssociationFactory(
            establishment=EstablishmentFactory(department=books.a.association.department),
            code=f"24{300 + n}",
        )
        every_kind_of_line(association, books.season, books.a.sr, run_code=f"M{n}")
    with CaptureQueriesContext(connection) as large:
        client.get(url, {"export": "csv"})
    assert len(large) == len(small)
    aggregates = [q for q in large.captured_queries if "finance_ledgerline" in q["sql"]]
    assert len(aggregates) == 1
    assert "GROUP BY" in aggregates[0]["sql"]
