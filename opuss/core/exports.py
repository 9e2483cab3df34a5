"""A value as an export cell, in one place for every CSV and XLSX the project writes.

Text that a spreadsheet would run as a formula (it starts with = + - @, a tab or a carriage
return: a pupil named "=HYPERLINK(…)") gets an apostrophe in front, as OWASP advises against CSV
injection; in XLSX it is moreover written as a string cell, never a formula. Only text: a
negative number stays a number. In XLSX, numbers, amounts and dates are typed cells with French
formats, so that they can be summed and sorted.

A CSV is streamed: its header goes out before the rows are read, then the rows a few hundred at
a time as the database gives them, so that memory stays flat whatever the number of rows. An
XLSX (a zip) is built whole: immediately for a short list, by a task beyond a threshold
(opuss.core.export_jobs)."""

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.utils import get_column_letter

from opuss.rules.money import format_eur, format_number

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
AMOUNT_FORMAT = "#,##0.00 €"
DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Wide enough for "31/12/2025 23:59" and "12 345,67 €" (narrower, Excel shows ####).
MIN_WIDTH, MAX_WIDTH = 18, 50
CSV_ROWS_PER_CHUNK = 500  # rows sent at a time: a few tens of kilobytes
PERCENT_FORMAT = "0.0 %"


@dataclass(frozen=True)
class Percent:
    """A rate in percent (Decimal("12.4")): « 12,4 % » as text, a percent-formatted number cell
    in XLSX (0.124), so that a spreadsheet sorts and averages it."""

    value: Decimal


def display(value: Any) -> str:
    """A value as French text: the list pages' cells and the CSV's."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, Decimal):
        return format_eur(value)
    if isinstance(value, Percent):
        return f"{format_number(value.value, places=1)}\u00a0%"
    # strftime, not date_format: the same digits, without a formatter built for each of the
    # hundreds of cells of a list page (issue #14).
    if isinstance(value, datetime):
        return _local(value).strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return str(value)


def neutralise(text: str) -> str:
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _is_text(value: Any) -> bool:
    typed = bool | int | float | Decimal | date | Percent
    return not isinstance(value, typed) and value is not None


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
    if isinstance(value, Percent):
        return _formatted(WriteOnlyCell(sheet, value.value / 100), PERCENT_FORMAT)
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


class _Echo:
    """What csv.writer writes to: each line comes back as the writer's return value."""

    def write(self, line: str) -> str:
        return line


def csv_chunks(labels: Sequence[str], rows: Iterable[Sequence[Any]]) -> Iterator[str]:
    """The CSV as pieces of text: the header first (before any row is read), then the rows by
    CSV_ROWS_PER_CHUNK."""
    writer = csv.writer(_Echo(), delimiter=";")
    # A BOM and semicolons: what a French spreadsheet opens correctly by double-click.
    yield "\ufeff" + writer.writerow([csv_cell(label) for label in labels])
    lines: list[str] = []
    for row in rows:
        lines.append(writer.writerow([csv_cell(value) for value in row]))
        if len(lines) == CSV_ROWS_PER_CHUNK:
            yield "".join(lines)
            lines = []
    if lines:
        yield "".join(lines)


def write_csv(stream, labels: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    for chunk in csv_chunks(labels, rows):
        stream.write(chunk)


def write_xlsx(target, title: str, labels: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
    """The workbook into `target`, a path or a binary file. openpyxl's write-only mode keeps
    the rows on disk, not in memory."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title[:31])
    for index, label in enumerate(labels, start=1):
        width = min(max(len(label) + 2, MIN_WIDTH), MAX_WIDTH)
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.append([_text_cell(sheet, label) for label in labels])
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    workbook.save(target)


def xlsx_bytes(title: str, labels: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buffer = io.BytesIO()
    write_xlsx(buffer, title, labels, rows)
    return buffer.getvalue()


def xlsx_file_response(
    title: str, labels: Sequence[str], rows: Iterable[Sequence[Any]]
) -> FileResponse:
    """The workbook in a temporary file (deleted once closed): what a task keeps of a long
    XLSX (opuss.core.export_jobs), never held in memory."""
    body = tempfile.TemporaryFile()  # noqa: SIM115 - closed by the response (and by the task)
    write_xlsx(body, title, labels, rows)
    body.seek(0)
    return FileResponse(body, content_type=XLSX_CONTENT_TYPE)


def export_filename(name: str, fmt: str) -> str:
    """`name`, the time (Paris) and the extension: licences-2025-2026-20251006-1030.csv."""
    return f"{name}-{timezone.localtime():%Y%m%d-%H%M}.{fmt}"


def export_response(
    name: str, fmt: str, labels: Sequence[str], rows: Iterable[Sequence[Any]]
) -> HttpResponse | StreamingHttpResponse:
    """The rows as a download, `fmt` "csv" (streamed) or "xlsx", named after `name` and the
    time. `rows` is read lazily: give an iterator (QuerySet.iterator), not a list."""
    response: HttpResponse | StreamingHttpResponse
    if fmt == "csv":
        response = StreamingHttpResponse(
            csv_chunks(labels, rows), content_type="text/csv; charset=utf-8"
        )
        # A proxy (nginx) passes each piece on at once instead of buffering the whole file.
        response["X-Accel-Buffering"] = "no"
    else:
        response = HttpResponse(xlsx_bytes(name, labels, rows), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(name, fmt)}"'
    return response
