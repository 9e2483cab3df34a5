"""The header's « Opuss : ouvert / fermé », from the season's affiliation and licence periods,
on the demo's clock (issue #15)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from opuss.rules.extranet import extranet_state
from opuss.rules.season import load_season, parse_season
from tests.factories import SeasonFactory
from tests.seasons.conftest import FILES

PARIS = ZoneInfo("Europe/Paris")
CURRENT = load_season("2025-2026")
NEXT = parse_season("2026-2027", (FILES / "2026-2027.toml").read_text(encoding="utf-8"))


def at(*args: int) -> datetime:
    return datetime(*args, tzinfo=PARIS)


@pytest.mark.parametrize(
    ("moment", "later", "label"),
    [
        (at(2025, 10, 6, 12), [NEXT], "Opuss : ouvert"),
        (at(2025, 9, 1, 9), [], "Opuss : ouvert"),  # "Du 1er Septembre 2025 à 9h"
        (at(2026, 8, 25, 23, 59, 59), [], "Opuss : ouvert"),  # "au 25 Août 2026 à 23h59"
        (at(2025, 9, 1, 8, 59), [], "Opuss : fermé — ouverture le 1er septembre 2025"),
        (at(2026, 8, 26), [NEXT], "Opuss : fermé — ouverture le 1er septembre 2026"),
        (at(2026, 8, 26), [], "Opuss : fermé"),
        # Next season's periods opened, but DN has not opened the season: still closed.
        (at(2026, 9, 15), [NEXT], "Opuss : fermé"),
    ],
)
def test_the_state_follows_the_periods(moment, later, label) -> None:
    assert extranet_state(CURRENT, later, moment).label == label


def test_without_a_season_the_next_file_gives_the_date() -> None:
    assert extranet_state(None, [NEXT], at(2026, 7, 1)).label == (
        "Opuss : fermé — ouverture le 1er septembre 2026"
    )


def header(client) -> str:
    page = client.get(reverse("accounts:login")).content.decode()
    start = page.index('title="État de l\'extranet"')
    return page[start : page.index("</span>", start)].split(">", 1)[1]


@pytest.mark.django_db
def test_the_header_says_open_inside_the_periods(client, settings) -> None:
    SeasonFactory(start_year=2025, is_current=True)
    settings.OPUSS_NOW = "2025-10-06T12:00:00"

    assert header(client) == "Opuss : ouvert"


@pytest.mark.django_db
def test_the_header_gives_the_next_opening_when_closed(client, settings, next_season_file):
    SeasonFactory(start_year=2025, is_current=True)
    settings.OPUSS_NOW = "2026-08-28T12:00:00"

    assert header(client) == "Opuss : fermé — ouverture le 1er septembre 2026"


@pytest.mark.django_db
def test_the_header_says_closed_when_no_opening_is_known(client, settings) -> None:
    SeasonFactory(start_year=2025, is_current=True)
    settings.OPUSS_NOW = "2026-08-28T12:00:00"

    assert header(client) == "Opuss : fermé"


@pytest.mark.django_db
def test_the_header_says_closed_before_any_season(client, settings) -> None:
    settings.OPUSS_NOW = "2026-08-28T12:00:00"

    assert header(client) == "Opuss : fermé"
