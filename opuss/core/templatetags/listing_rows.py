"""The rows of a list page's table (core/_table.html), written by Python: 50 rows of ten cells
through the template engine were a list page's main cost after its queries (issue #14's
profiles). Same markup as the template's loop; every value escaped unless already safe."""

from html import escape

from django import template
from django.utils.safestring import SafeData, SafeString, mark_safe

register = template.Library()


def _html(value) -> str:
    return str(value) if isinstance(value, SafeData) else escape(str(value))


@register.simple_tag
def listing_rows(rows) -> SafeString:
    """One <tr> per row of `Listing.table_rows` (as the view left them): a cell is its value,
    in a link when it has one."""
    lines = []
    for row in rows:
        cells = "".join(
            f'<td><a href="{_html(cell["link"])}">{_html(cell["value"])}</a></td>'
            if cell.get("link")
            else f"<td>{_html(cell['value'])}</td>"
            for cell in row
        )
        lines.append(f"<tr>{cells}</tr>")
    return mark_safe("\n".join(lines))  # noqa: S308 - every value above is escaped
