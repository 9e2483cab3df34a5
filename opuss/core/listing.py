"""Every list page the same way: search, filters, sort by column, pagination, and the same rows
exported to CSV or XLSX. The queryset given is already scoped (`for_user`).

At national scale (issue #14): the search ignores accents and case and uses the names' trigram
indexes on PostgreSQL (opuss.core.search); a searched page and its count come from one query (a
window count); « Suivante » and « Précédente » carry the boundary row's sort key (keyset
pagination: `apres` / `avant`), so that a deep page costs what the first does, and the total
counted on the first page travels with them instead of being counted again.

Exports read the rows with QuerySet.iterator (in chunks of EXPORT_CHUNK_SIZE, related rows joined
by the view's select_related), from the read replica when one is configured: the CSV is streamed
as they come; an XLSX of more than EXPORT_INLINE_MAX_ROWS rows is built by a task
(opuss.core.export_jobs)."""

import base64
import binascii
import datetime as dt
import json
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from urllib.parse import quote, urlencode

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Q, QuerySet, Window
from django.http import HttpResponseBase
from django.urls import reverse

from opuss.core.export_jobs import counting, deferred, running_job
from opuss.core.exports import display, export_filename, export_response, xlsx_file_response
from opuss.core.replica import reading_replica
from opuss.core.search import Code, search_condition

PER_PAGE = 50
# Rows fetched from the database at a time by an export (and prefetch_related's batch).
EXPORT_CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable[[Any], Any]
    order_by: str | None = None
    link: Callable[[Any], str] | None = None


def url_of(name: str) -> Callable[[Any], str]:
    """`reverse(name, args=[arg])` for a URL of one argument, as a function of the argument:
    resolved once per list page rather than for each of its rows (issue #14's profile of the
    lists: a reverse() per link of every row)."""
    marker = "7305591846"  # digits: any converter of an id or a code accepts it
    head, found, tail = reverse(name, args=[marker]).partition(marker)
    if not found:  # a converter that rewrites its argument: reverse each time
        return lambda arg: reverse(name, args=[arg])
    return lambda arg: f"{head}{quote(str(arg))}{tail}"


@dataclass(frozen=True)
class Filter:
    name: str
    label: str
    lookup: str
    choices: Sequence[tuple[str, str]]


@dataclass
class Listing:
    request: Any
    queryset: QuerySet
    columns: Sequence[Column]
    search_fields: Sequence[str | Code] = ()
    filters: Sequence[Filter] = ()
    default_order: str = "pk"
    export_name: str = "export"
    # Called with the page's objects before they are shown: figures computed for these rows
    # only (one query for the page) rather than annotated on every row the list filters.
    prepare: Callable[[list], None] | None = None
    rows: Any = field(init=False)

    def __post_init__(self) -> None:
        params = self.request.GET
        self.search = params.get("q", "").strip()
        self.order = params.get("tri", "")
        queryset = self.queryset
        if self.search and self.search_fields:
            condition = search_condition(self.search_fields, self.search)
            queryset = queryset.filter(condition) if condition else queryset.none()
        self.active_filters = {}
        for flt in self.filters:
            value = params.get(flt.name, "")
            if value and value in {choice for choice, _ in flt.choices}:
                queryset = queryset.filter(**{flt.lookup: value})
                self.active_filters[flt.name] = value
        self.order_expression = self._order_expression()
        queryset = queryset.order_by(self._sort_key(), "pk")
        self.filtered = queryset

    def _sort_key(self):
        """The list's order. A search's matches are few: they are found first, then sorted. The
        NULLS placement opposite to the indexes' (nothing changes for a column without NULL)
        keeps PostgreSQL 15 from walking an index in the list's order past every row of the
        season to fill a page: at 1.2 million licences a name searched by DN took 3.3 s that
        way instead of 37 ms (issue #14)."""
        if not self.search:
            return self.order_expression
        path = self.order_expression.lstrip("-")
        if self.order_expression.startswith("-"):
            return F(path).desc(nulls_last=True)
        return F(path).asc(nulls_first=True)

    def _order_expression(self) -> str:
        sortable = {c.order_by for c in self.columns if c.order_by}
        key = self.order.lstrip("-")
        if key in sortable:
            return self.order
        return self.default_order

    @property
    def export_format(self) -> str | None:
        wanted = self.request.GET.get("export")
        return wanted if wanted in {"csv", "xlsx"} else None

    def page(self) -> Page:
        """The page asked: after or before a row (keyset), else by its number (offset). Its
        `next_query` and `previous_query` are the links' parameters."""
        params = self.request.GET
        for name, forward in ((AFTER, True), (BEFORE, False)):
            if cursor := _decode_cursor(params.get(name, "")):
                page = self._keyset_page(cursor, forward)
                if page is not None:
                    return self._with_links(page)
        return self._with_links(self._numbered_page())

    def _numbered_page(self) -> Page:
        paginator = Paginator(self.filtered, PER_PAGE)
        number = params_number(self.request.GET.get("page"))
        if self.search and number is not None and not self.filtered.query.distinct:
            # The matches and their number in one query: the search is not run twice.
            start = (number - 1) * PER_PAGE
            rows = list(
                self.filtered.annotate(_listing_total=Window(Count("*")))[start : start + PER_PAGE]
            )
            if rows:
                paginator.count = rows[0]._listing_total
                return Page(rows, number, paginator)
            if number == 1:
                paginator.count = 0
                return Page([], 1, paginator)
        return paginator.get_page(self.request.GET.get("page"))

    def _keyset_key(self) -> tuple[str, bool] | None:
        """The sort's field and whether it descends, when a keyset can follow it: a column that
        is never NULL (a NULL is before every value on SQLite, after them on PostgreSQL)."""
        path = self.order_expression.lstrip("-")
        model = self.filtered.model
        for part in path.split("__"):
            try:
                model_field = model._meta.get_field(part)
            except FieldDoesNotExist:
                return None
            if (
                getattr(model_field, "null", True)
                or model_field.many_to_many
                or model_field.one_to_many
            ):
                return None
            model = model_field.related_model if model_field.is_relation else None
        if model is not None:  # a relation itself is no sort key here
            return None
        return path, self.order_expression.startswith("-")

    def _keyset_page(self, cursor: dict, forward: bool) -> Page | None:
        key = self._keyset_key()
        if key is None or cursor["order"] != self.order_expression:
            return None
        path, descending = key
        value, pk = cursor["value"], cursor["pk"]
        beyond = "lt" if descending == forward else "gt"
        tie = "gt" if forward else "lt"
        try:
            condition = Q(**{f"{path}__{beyond}": value}) | Q(**{path: value, f"pk__{tie}": pk})
            queryset = self.filtered.filter(condition)
        except (ValueError, TypeError, ValidationError):  # a link edited by hand
            return None
        if not forward:
            queryset = queryset.reverse()
        rows = list(queryset[:PER_PAGE])
        if not rows:
            return None
        if not forward:
            rows.reverse()
        paginator = Paginator(self.filtered, PER_PAGE)
        paginator.count = max(cursor["total"], 1)
        number = min(max(cursor["number"], 1), paginator.num_pages)
        return Page(rows, number, paginator)

    def _with_links(self, page: Page) -> Page:
        key = self._keyset_key()
        page.next_query = page.previous_query = ""
        rows = list(page.object_list)
        total = page.paginator.count
        if page.has_next():
            page.next_query = self._link(
                key, rows[-1] if rows else None, AFTER, page.next_page_number(), total
            )
        if page.has_previous():
            page.previous_query = self._link(
                key, rows[0] if rows else None, BEFORE, page.previous_page_number(), total
            )
        return page

    def _link(self, key, row, name: str, number: int, total: int) -> str:
        if key is None or row is None:
            return urlencode({"page": number})
        value = row
        for part in key[0].split("__"):
            value = getattr(value, part)
        cursor = _encode_cursor(
            {
                "value": value,
                "pk": row.pk,
                "number": number,
                "total": total,
                "order": self.order_expression,
            }
        )
        return urlencode({"page": number, name: cursor})

    def header(self) -> list[dict]:
        current = self.order or self.default_order
        cells = []
        for column in self.columns:
            cell = {"label": column.label, "sortable": bool(column.order_by)}
            if column.order_by:
                ascending = current == column.order_by
                cell["sort"] = f"-{column.order_by}" if ascending else column.order_by
                cell["aria"] = (
                    "ascending"
                    if ascending
                    else "descending"
                    if current == f"-{column.order_by}"
                    else "none"
                )
            cells.append(cell)
        return cells

    def table_rows(self, objects) -> list[list[dict]]:
        return [
            [
                {"value": display(c.value(obj)), "link": c.link(obj) if c.link else None}
                for c in self.columns
            ]
            for obj in objects
        ]

    def export(self) -> HttpResponseBase:
        if self.export_format == "xlsx":
            return self._xlsx()
        return export_response(self.export_name, "csv", self.labels(), self.export_rows())

    def _xlsx(self) -> HttpResponseBase:
        """Built now as before, or by a task past EXPORT_INLINE_MAX_ROWS rows (this same code
        then runs again inside the task's replay of the request, and writes the file)."""
        later = deferred(
            self.request,
            fmt="xlsx",
            filename=export_filename(self.export_name, "xlsx"),
            count=self.filtered.count,
            limit=settings.EXPORT_INLINE_MAX_ROWS,
        )
        if later is not None:
            return later
        if job := running_job(self.request):
            rows = counting(job, self.export_rows())
            return xlsx_file_response(self.export_name, self.labels(), rows)
        return export_response(self.export_name, "xlsx", self.labels(), self.export_rows())

    def labels(self) -> list[str]:
        return [c.label for c in self.columns]

    def export_rows(self) -> Iterator[list]:
        """The exported rows, read from the database (the replica, when there is one) as they
        are written: a streamed CSV reads them after the view has returned."""
        with reading_replica():
            for obj in self.filtered.iterator(chunk_size=EXPORT_CHUNK_SIZE):
                yield [c.value(obj) for c in self.columns]

    def context(self) -> dict:
        page = self.page()
        if self.prepare is not None:
            page.object_list = list(page.object_list)
            self.prepare(page.object_list)
        query = self.request.GET.copy()
        for name in ("page", AFTER, BEFORE):
            query.pop(name, None)
        return {
            "listing": self,
            "page_obj": page,
            "header": self.header(),
            "rows": self.table_rows(page.object_list),
            "querystring": query.urlencode(),
            # The paginator has counted the rows already: no query more.
            "xlsx_in_background": page.paginator.count > settings.EXPORT_INLINE_MAX_ROWS,
        }


# --- keyset pagination ------------------------------------------------------------------------

AFTER, BEFORE = "apres", "avant"


def params_number(value: str | None) -> int | None:
    if value is None or value == "":
        return 1
    try:
        number = int(value)
    except ValueError:
        return None
    return number if number >= 1 else None


def _tagged(value: Any) -> list:
    if isinstance(value, bool):
        return ["b", value]
    if isinstance(value, int):
        return ["i", value]
    if isinstance(value, Decimal):
        return ["d", str(value)]
    if isinstance(value, dt.datetime):
        return ["t", value.isoformat()]
    if isinstance(value, dt.date):
        return ["D", value.isoformat()]
    return ["s", str(value)]


_UNTAG: dict[str, Callable[[Any], Any]] = {
    "b": bool,
    "i": int,
    "d": Decimal,
    "t": dt.datetime.fromisoformat,
    "D": dt.date.fromisoformat,
    "s": str,
}


def _encode_cursor(cursor: dict) -> str:
    data = [
        _tagged(cursor["value"]),
        cursor["pk"],
        cursor["number"],
        cursor["total"],
        cursor["order"],
    ]
    raw = json.dumps(data, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _decode_cursor(text: str) -> dict | None:
    """The row a link points after (or before); None for anything else (a link typed by hand
    falls back to the page's number)."""
    if not text or len(text) > 1000:
        return None
    try:
        raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
        (tag, value), pk, number, total, order = json.loads(raw)
        return {
            "value": _UNTAG[tag](value),
            "pk": int(pk),
            "number": int(number),
            "total": int(total),
            "order": str(order),
        }
    except (ValueError, TypeError, KeyError, binascii.Error, ArithmeticError):
        return None
