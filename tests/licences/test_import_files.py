"""Hostile or broken files given to the pupil import: each one gets a French message on the
upload page, quickly, never an error page nor a worker held for minutes."""

import html
import io
import time
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from opuss.core import archives
from opuss.licences import importing
from opuss.licences.importing import ImportFileError, read_rows, read_table
from tests.factories import affiliated_as

HEADER = ["Nom", "Prénom", "Sexe", "Date de naissance"]
SHEET = "xl/worksheets/sheet1.xml"
UNREADABLE = "Ce classeur n'a pas pu être lu"
# Ten levels of ten: "&lol9;" would be a billion "lol"s.
BILLION_LAUGHS = (
    '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY lol0 "lol">'
    + "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    + "]>"
)


def workbook(*rows) -> bytes:
    book = Workbook()
    for row in [HEADER, *rows]:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def part(data: bytes, name: str) -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode()


def with_part(data: bytes, name: str, content: str | bytes) -> bytes:
    """The same workbook with one part replaced (or added)."""
    if isinstance(content, str):
        content = content.encode()
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item.filename, source.read(item.filename))
        target.writestr(name, content)
    return buffer.getvalue()


def with_rows(data: bytes, rows_xml: str) -> bytes:
    """Rows appended to the first sheet, whose <dimension> is taken out (nothing requires it)."""
    sheet = part(data, SHEET)
    sheet = sheet.replace('<dimension ref="A1:D2" />', "")
    return with_part(data, SHEET, sheet.replace("</sheetData>", rows_xml + "</sheetData>"))


def upload(data: bytes, name="eleves.xlsx"):
    return SimpleUploadedFile(name, data)


def refused(data: bytes, message: str, *, within: float = 3.0) -> None:
    started = time.monotonic()
    with pytest.raises(ImportFileError, match=message):
        read_rows(upload(data))
    assert time.monotonic() - started < within


@pytest.fixture
def plain():
    return workbook(["Roux", "Sam", "F", "01/02/2012"])


@pytest.fixture
def laughs(plain):
    sheet = part(plain, SHEET).replace(
        "</sheetData>", '<row r="3"><c r="A3" t="inlineStr"><is><t>&lol9;</t></is></c></row>'
    )
    return with_part(plain, SHEET, BILLION_LAUGHS + sheet)


@pytest.fixture
def bomb(plain):
    # 30 MB of XML that deflate packs into some 30 KB.
    return with_rows(plain, " " * (30 * 1024 * 1024))


# --- XML that expands ----------------------------------------------------------------------


def test_a_plain_workbook_is_still_read(plain):
    (row,) = read_rows(upload(plain)).rows
    assert (row.last_name, row.first_name, row.problems) == ("Roux", "Sam", [])


def test_a_billion_laughs_workbook_is_unreadable(laughs):
    refused(laughs, UNREADABLE)


def test_the_guard_does_not_rest_on_openpyxl_using_defusedxml(laughs, monkeypatch):
    # As with OPENPYXL_DEFUSEDXML=False: openpyxl would parse with the standard library.
    monkeypatch.setattr("openpyxl.worksheet._reader.iterparse", ElementTree.iterparse)
    monkeypatch.setattr("openpyxl.reader.excel.fromstring", ElementTree.fromstring)
    refused(laughs, UNREADABLE)


def test_openpyxl_parses_with_defusedxml_as_a_second_guard():
    assert openpyxl.DEFUSEDXML is True


def test_an_external_entity_is_refused(plain):
    sheet = part(plain, SHEET).replace("<t>Roux</t>", "<t>&xxe;</t>")
    doctype = '<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    refused(with_part(plain, SHEET, doctype + sheet), UNREADABLE)


def test_a_dtd_in_any_part_is_refused(plain):
    refused(with_part(plain, "docProps/core.xml", BILLION_LAUGHS + "<x>&lol9;</x>"), UNREADABLE)


# --- zip bombs ----------------------------------------------------------------------------


def test_a_zip_bomb_is_refused_before_it_is_inflated(bomb):
    assert len(bomb) < 100 * 1024
    refused(bomb, "une fois décompressé, il est anormalement volumineux")


def test_an_archive_inflating_past_the_bound_is_refused(plain, monkeypatch):
    monkeypatch.setattr(archives, "MAX_UNPACKED_BYTES", len(plain))
    refused(plain, "anormalement volumineux")


def test_an_absurd_compression_ratio_is_refused_even_under_the_size_bound(plain):
    # 2 MB of zeros: far below 20 MB once inflated, but packed a thousand times.
    bomb = with_part(plain, "docProps/custom.xml", "<x>" + "0" * (2 * 1024 * 1024) + "</x>")
    refused(bomb, "anormalement volumineux")


def test_too_many_entries_are_refused(plain, monkeypatch):
    monkeypatch.setattr(archives, "MAX_ENTRIES", 5)
    refused(plain, "anormalement volumineux")


def test_a_sheet_jumping_to_row_a_million_is_refused_without_reading_a_million_rows(plain):
    far = '<row r="1000000"><c r="A1000000" t="inlineStr"><is><t>x</t></is></c></row>'
    refused(with_rows(plain, far), "va au-delà de la ligne 10\u202f000, lignes vides comprises")


def test_blank_rows_up_to_the_bound_are_read(plain):
    last = f'<row r="{importing.MAX_LINES}"><c r="A1" t="inlineStr"><is><t></t></is></c></row>'
    (row,) = read_rows(upload(with_rows(plain, last))).rows
    assert row.last_name == "Roux"


def test_a_very_long_text_repeated_in_every_cell_is_cut_when_read():
    long_name = "Durand" * 1000
    table = read_table(upload(workbook(*[[long_name] * 4] * 5)))
    lengths = {len(cell) for _number, cells in table[1:] for cell in cells if cell}
    assert lengths == {importing.MAX_CELL_CHARS}


# --- broken workbooks ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "broken",
    [
        lambda sheet: sheet[:-40],  # cut short
        lambda sheet: sheet.replace("</t></is></c></row>", "</t></is></row>", 1),  # mismatched
        lambda sheet: sheet.replace('<row r="1"', '<row r="un"', 1),  # not a number
    ],
)
def test_a_broken_sheet_is_unreadable(plain, broken):
    refused(with_part(plain, SHEET, broken(part(plain, SHEET))), UNREADABLE)


def test_an_encrypted_archive_is_unreadable(plain):
    data = bytearray(plain)
    entry = data.find(b"PK\x01\x02")  # each entry of the central directory
    while entry != -1:
        data[entry + 8] |= 0x01  # its "encrypted" flag
        entry = data.find(b"PK\x01\x02", entry + 4)
    refused(bytes(data), UNREADABLE)


# --- CSV --------------------------------------------------------------------------------


def test_a_csv_line_of_a_million_columns_is_cut_to_the_columns_read():
    line = "Roux;Sam;F;01/02/2012" + ";x" * 1_000_000
    table = read_table(upload(f"{';'.join(HEADER)}\r\n{line}".encode(), name="eleves.csv"))
    assert [len(cells) for _number, cells in table] == [4, importing.MAX_COLUMNS]


def test_a_csv_field_longer_than_a_line_can_be_is_unreadable():
    data = f"{';'.join(HEADER)}\r\nRoux;{'x' * (1024 * 1024)};F;01/02/2012".encode()
    with pytest.raises(ImportFileError, match="Ce fichier CSV n'a pas pu être lu"):
        read_rows(upload(data, name="eleves.csv"))


# --- the page -------------------------------------------------------------------------------


@pytest.fixture
def teacher_client(client, world, settings):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"
    affiliated_as(world.a.association, world.season)
    client.force_login(world.a.teacher)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", ["laughs", "bomb"])
def test_the_upload_page_says_the_workbook_is_unreadable(teacher_client, world, request, hostile):
    url = reverse("imports:upload", args=[world.a.association.code])
    response = teacher_client.post(url, {"file": upload(request.getfixturevalue(hostile))})
    assert response.status_code == 200
    assert UNREADABLE in html.unescape(response.content.decode())
