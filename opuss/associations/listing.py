"""The columns naming an AS in the services' lists (AS, affiliations, finances, guardians, vie
de l'AS, payment-mode changes): one place for their labels, values and sort keys."""

from collections.abc import Callable
from operator import attrgetter
from typing import Any

from opuss.core.listing import Column


def association_columns(
    link: Callable[[Any], str],
    *,
    via: str = "",
    label: str = "Code",
    district: bool = False,
) -> list[Column]:
    """The AS's code (linked to `link(row)`), establishment and department, and its district
    if asked; `via` is the path from a row to its AS ("association"), empty on AS rows."""
    the_as = attrgetter(via) if via else (lambda row: row)
    prefix = f"{via}__" if via else ""
    columns = [
        Column(label, lambda row: the_as(row).code, f"{prefix}code", link=link),
        Column(
            "Établissement", lambda row: the_as(row).establishment, f"{prefix}establishment__name"
        ),
        Column("Département", lambda row: the_as(row).department, f"{prefix}department__code"),
    ]
    if district:
        columns.append(
            Column("District", lambda row: the_as(row).district, f"{prefix}district__label")
        )
    return columns
