"""A value as an export cell, in one place for every CSV and XLSX the project writes.

Text that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage
return: a pupil named "=HYPERLINK(…)") gets an apostrophe in front, as OWASP advises against CSV
injection; in XLSX it is moreover written as a string cell, never a formula. Only text: a
negative number stays a number. In XLSX, numbers, amounts and dates are typed cells with French
formats, so that they can be summed and sorted."""

import csv
import io
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.utils import get_column_letter

from opuss.rules.money import format_eur

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
AMOUNT_FORMAT = "#,##0.00 €"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Wide enough for "31/12/2025 23:59" and "12 345,67 €" (narrower, Excel shows ####).
MIN_WIDTH, MAX_WIDTH = 18, 50


def display(value: Any) -> str:
    """A value as French text: the list pages' cells and the CSV's."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, Decimal):
        return format_eur(value)
    if isinstance(value, datetime):
        return date_format(_local(value), "d/m/Y H:i")
    if isinstance(value, date):
        return date_format(value, "d/m/Y")
    return str(value)


def neutralise(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _is_text(value: Any) -> bool:
    return not isinstance(value, bool | int | float | Decimal | date) and value is not None


def csv_cell(value: Any) -> str:
    text = display(value)
    return neutralise(text) if _is_text(value) else text


def xlsx_cell(sheet, value: Any) -> Cell | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return _text_cell(sheet, display(value))
    if isinstance(value, int | float):
        return WriteOnlyCell(sheet, value)
    if isinstance(value, Decimal):
        return _formatted(WriteOnlyCell(sheet, value), AMOUNT_FORMAT)
    if isinstance(value, datetime):
        # Excel has no time zones: the time as read in France.
        return _formatted(WriteOnlyCell(sheet, _local(value).replace(tzinfo=None)), DATETIME_FORMAT)
    if isinstance(value, date):
        return _formatted(WriteOnlyCell(sheet, value), DATE_FORMAT)
    return _text_cell(sheet, str(value))


def _local(moment: datetime) -> datetime:
    return timezone.localtime(moment) if timezone.is_aware(moment) else moment


def _formatted(cell: Cell, number_format: str) -> Cell:
    cell.number_format = number_format
    return cell


def _text_cell(sheet, text: str) -> Cell:
    # Control characters are not allowed in the file's XML: openpyxl would refuse the export.
    cell = WriteOnlyCell(sheet, ILLEGAL_CHARACTERS_RE.sub("", neutralise(text)))
    cell.data_type = "s"
    return cell


def write_csv(stream, labels: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    # A BOM and semicolons: what a French spreadsheet opens correctly by double-click.
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";")
    writer.writerow([csv_cell(label) for label in labels])
    writer.writerows([csv_cell(value) for value in row] for row in rows)


def xlsx_bytes(title: str, labels: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, label in enumerate(labels, start=1):
        width = min(max(len(label) + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_text_cell(sheet, label) for label in labels])
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(
    name: str, fmt: str, labels: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse:
    """The rows as a download, `fmt` "csv" or "xlsx", named after `name` and the time."""
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        write_csv(response, labels, rows)
    else:
        response = HttpResponse(xlsx_bytes(name, labels, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{name}-{stamp}.{fmt}"'
    return response
