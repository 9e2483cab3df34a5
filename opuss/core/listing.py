"""Every list page the same way: search, filters, sort by column, pagination, and the same rows
exported to CSV or XLSX. The queryset given is already scoped (`for_user`)."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Paginator
from django.db.models import Q, QuerySet
from django.http import HttpResponse

from opuss.core.exports import display, export_response

PER_PAGE = 50


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

    def export(self) -> HttpResponse:
        labels = [c.label for c in self.columns]
        rows = ([c.value(obj) for c in self.columns] for obj in self.filtered.iterator())
        return export_response(self.export_name, self.export_format or "csv", labels, rows)

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
        }
