"""Every list page the same way: search, filters, sort by column, pagination, and the same rows
exported to CSV or XLSX. The queryset given is already scoped (`for_user`).

Exports read the rows with QuerySet.iterator (in chunks of EXPORT_CHUNK_SIZE, related rows joined
by the view's select_related), from the read replica when one is configured: the CSV is streamed
as they come; an XLSX of more than EXPORT_INLINE_MAX_ROWS rows is built by a task
(opuss.core.export_jobs)."""

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponseBase

from opuss.core.export_jobs import counting, deferred, running_job
from opuss.core.exports import display, export_filename, export_response, xlsx_file_response
from opuss.core.replica import reading_replica

PER_PAGE = 50
# Rows fetched from the database at a time by an export (and prefetch_related's batch).
EXPORT_CHUNK_SIZE = 2000


@dataclass(frozen=True)
class Column:
    label: str
    value: Callable[[Any], Any]
    order_by: str | None = None
    link: Callable[[Any], str] | None = None


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
    search_fields: Sequence[str] = ()
    filters: Sequence[Filter] = ()
    default_order: str = "pk"
    export_name: str = "export"
    rows: Any = field(init=False)

    def __post_init__(self) -> None:
        params = self.request.GET
        self.search = params.get("q", "").strip()
        self.order = params.get("tri", "")
        queryset = self.queryset
        if self.search and self.search_fields:
            condition = Q()
            for lookup in self.search_fields:
                condition |= Q(**{f"{lookup}__icontains": self.search})
            queryset = queryset.filter(condition)
        self.active_filters = {}
        for flt in self.filters:
            value = params.get(flt.name, "")
            if value and value in {choice for choice, _ in flt.choices}:
                queryset = queryset.filter(**{flt.lookup: value})
                self.active_filters[flt.name] = value
        queryset = queryset.order_by(self._order_expression(), "pk")
        self.filtered = queryset

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

    def page(self):
        paginator = Paginator(self.filtered, PER_PAGE)
        return paginator.get_page(self.request.GET.get("page"))

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
        query = self.request.GET.copy()
        query.pop("page", None)
        return {
            "listing": self,
            "page_obj": page,
            "header": self.header(),
            "rows": self.table_rows(page.object_list),
            "querystring": query.urlencode(),
            # The paginator has counted the rows already: no query more.
            "xlsx_in_background": page.paginator.count > settings.EXPORT_INLINE_MAX_ROWS,
        }
