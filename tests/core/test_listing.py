import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import (
    AffiliationFactory,
    AssociationFactory,
    EstablishmentFactory,
    LicenceFactory,
    PupilFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sr_client(client, world):
    department = world.a.association.department
    for name in ("Zola", "Arago", "Monet"):
        AssociationFactory(
            establishment=EstablishmentFactory(department=department, name=name, type="COL")
        )
    client.force_login(world.a.sr)
    return client


def csv_rows(response):
    text = response.getvalue().decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_list_shows_only_the_academy_and_exports_the_same_rows(sr_client, world):
    url = reverse("associations:list")
    page = sr_client.get(url).content.decode()
    assert world.a.association.code in page and world.b.association.code not in page
    rows = csv_rows(sr_client.get(url, {"export": "csv"}))
    assert rows[0][:2] == ["Code", "Établissement"]
    codes = [row[0] for row in rows[1:]]
    assert world.a.association.code in codes and world.b.association.code not in codes
    workbook = load_workbook(io.BytesIO(sr_client.get(url, {"export": "xlsx"}).content))
    sheet_codes = [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert sorted(sheet_codes) == sorted(codes)


def test_search_filter_and_sort_apply_to_the_page_and_the_export(sr_client):
    url = reverse("associations:list")
    rows = csv_rows(
        sr_client.get(url, {"type": "COL", "tri": "-establishment__name", "export": "csv"})
    )
    names = [row[1] for row in rows[1:]]
    assert names == ["Collège Zola", "Collège Monet", "Collège Arago"]
    searched = csv_rows(sr_client.get(url, {"q": "arag", "export": "csv"}))
    assert [row[1] for row in searched[1:]] == ["Collège Arago"]


def test_an_unknown_sort_or_filter_value_is_ignored(sr_client):
    response = sr_client.get(reverse("associations:list"), {"tri": "password", "type": "XXX"})
    assert response.status_code == 200


def test_the_list_paginates(sr_client, world, monkeypatch):
    monkeypatch.setattr("opuss.core.listing.PER_PAGE", 2)
    first = sr_client.get(reverse("associations:list")).content.decode()
    assert "Page 1 sur 2" in first
    assert (
        "Page 2 sur 2" in sr_client.get(reverse("associations:list"), {"page": 2}).content.decode()
    )


# --- what the exports write -----------------------------------------------------------------

PAYLOADS = ["=1+1", "+1+1", "@SUM(1+1)", '=HYPERLINK("https://exemple.fr","Cliquez")']


def sheet_rows(response):
    return list(load_workbook(io.BytesIO(response.content)).active.iter_rows())


@pytest.fixture
def hostile_names(world):
    for payload in PAYLOADS:
        LicenceFactory(
            association=world.a.association,
            season=world.season,
            pupil=PupilFactory(last_name="Pirate", first_name=payload),
        )
    return reverse("associations:licences", args=[world.a.association.code])


def test_a_name_written_as_a_formula_is_exported_as_text_in_csv(client, world, hostile_names):
    client.force_login(world.a.secretary)
    rows = csv_rows(client.get(hostile_names, {"export": "csv", "q": "Pirate"}))
    assert sorted(row[2] for row in rows[1:]) == sorted(f"'{p}" for p in PAYLOADS)


def test_a_name_written_as_a_formula_is_exported_as_text_in_xlsx(client, world, hostile_names):
    client.force_login(world.a.secretary)
    rows = sheet_rows(client.get(hostile_names, {"export": "xlsx", "q": "Pirate"}))
    first_names = [row[2] for row in rows[1:]]
    assert {cell.data_type for cell in first_names} == {"s"}
    assert sorted(cell.value for cell in first_names) == sorted(f"'{p}" for p in PAYLOADS)


def test_dates_are_date_cells_in_the_xlsx(client, world, settings):
    settings.TIME_ZONE = "Europe/Paris"
    licence = LicenceFactory(
        association=world.a.association,
        season=world.season,
        pupil=PupilFactory(last_name="Daté", birth_date=dt.date(2012, 3, 14)),
        created_at=dt.datetime(2025, 10, 6, 8, 30, tzinfo=dt.UTC),
    )
    client.force_login(world.a.secretary)
    url = reverse("associations:licences", args=[world.a.association.code])
    header, row = sheet_rows(client.get(url, {"export": "xlsx", "q": "Daté"}))
    cells = {label.value: cell for label, cell in zip(header, row, strict=True)}
    assert cells["N° de licence"].value == licence.number
    assert cells["Né(e) le"].value == dt.datetime(2012, 3, 14)
    assert cells["Né(e) le"].number_format == "dd/mm/yyyy"
    assert cells["Prise le"].value == dt.datetime(2025, 10, 6, 10, 30)  # Paris time
    assert cells["Prise le"].number_format == "dd/mm/yyyy hh:mm"


def test_amounts_and_counts_are_number_cells_in_the_xlsx(client, world):
    AffiliationFactory(
        association=world.a.association,
        season=world.season,
        state="AFFILIATED",
        affiliated_at="2025-09-20T10:00:00+02:00",
        fee_affiliation=Decimal("2045.78"),
        fee_contract=Decimal("100"),
        people=False,
    )
    client.force_login(world.a.sr)
    header, row = sheet_rows(client.get(reverse("affiliations:worklist"), {"export": "xlsx"}))
    fee = row[[cell.value for cell in header].index("Cotisation")]
    assert (fee.data_type, fee.number_format) == ("n", "#,##0.00 €")
    assert fee.value == 2145.78
    header, *rows = sheet_rows(client.get(reverse("associations:list"), {"export": "xlsx"}))
    licences = [cell.value for cell in header].index("Licences 2025-2026")
    counts = [row[licences] for row in rows]
    assert {cell.data_type for cell in counts} == {"n"}
