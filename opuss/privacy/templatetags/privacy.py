from datetime import date, datetime
from decimal import Decimal

from django import template
from django.utils import formats, timezone

from opuss.core import clock
from opuss.privacy import links
from opuss.rules.money import format_eur

register = template.Library()


@register.filter
def cell(row: dict, name: str) -> str:
    """A value of the export as a person reads it."""
    return readable(row.get(name))


def readable(value) -> str:
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return "Oui" if value else "Non"
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "d/m/Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "d/m/Y")
    if isinstance(value, Decimal):
        return format_eur(value)
    if isinstance(value, list):
        return "\n".join(readable(item) for item in value)
    return str(value)


@register.inclusion_tag("privacy/_guardian_links.html", takes_context=True)
def guardian_data_links(context) -> dict:
    """On the guardian's validation page: his child's data through the same link, while it
    opens them (links.request_for_download says when)."""
    token = context["request"].resolver_match.kwargs.get("token", "")
    try:
        links.request_for_download(token, today=clock.now().date())
    except links.LinkRefused:
        return {"state": "expired"}
    except links.PupilOfAge:
        return {"state": "of_age"}
    return {"state": "open", "token": token}
