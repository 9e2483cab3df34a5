"""« Vie de l'AS »: the deadline of each season's figures, the alert date, what is missing."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from opuss.rules import association_life as life
from opuss.rules.errors import NaiveDatetime
from opuss.rules.season import load_season

PARIS = ZoneInfo("Europe/Paris")


def at(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=PARIS)


def test_last_season_figures_are_due_by_30_september_2025() -> None:
    # "L'échéance maximale pour la saisie de la vie des AS pour l'année scolaire 2024-2025 par
    # les animateurs d'AS est fixée au 30 septembre 2025."
    entry = life.statistics_entry_for("2024-2025")
    assert entry.deadline == at(2025, 9, 30, 23, 59, 59)
    assert entry.is_open(at(2025, 9, 30, 23, 59))
    assert not entry.is_open(at(2025, 10, 1, 0, 0))
    assert entry.deadline_text() == "À saisir au plus tard le 30 septembre 2025."
    assert entry.closed_text() == (
        "La saisie de la vie de l'AS 2024-2025 est close depuis le 30 septembre 2025 : "
        "les chiffres ne peuvent plus être saisis ni modifiés."
    )


def test_this_season_figures_have_no_deadline_until_next_circular() -> None:
    entry = life.statistics_entry_for("2025-2026")
    assert entry.deadline is None
    assert entry.is_open(at(2026, 12, 1, 12, 0))
    assert "sera par la circulaire de la saison suivante" in entry.deadline_text()


@pytest.mark.parametrize(
    ("label", "day"),
    [
        # "Début avril": the first working day of April.
        ("2011-2012", at(2012, 4, 2)),  # Sunday 1 April 2012 -> Monday 2
        ("2025-2026", at(2026, 4, 1)),  # Wednesday 1 April 2026
    ],
)
def test_alert_date_is_the_first_working_day_of_april(label: str, day: datetime) -> None:
    assert life.alert_date(load_season(label)) == day


@pytest.mark.parametrize(
    ("moment", "due"),
    [
        (at(2026, 3, 31, 23, 59), False),
        (at(2026, 4, 1, 0, 0), True),
        (at(2026, 6, 15, 9, 0), True),
        (at(2026, 8, 31, 23, 59), True),
        # The season is over: last season's figures are then reminded until their deadline.
        (at(2026, 9, 1, 0, 0), False),
    ],
)
def test_alert_is_due_from_its_date_on(moment: datetime, due: bool) -> None:
    rules = load_season("2025-2026")
    assert life.alert_due(rules, life.statistics_entry_for("2025-2026"), moment) is due


def test_no_alert_once_the_entry_is_closed() -> None:
    rules = load_season("2025-2026")
    closed = life.StatisticsEntry("2025-2026", at(2026, 6, 30, 23, 59, 59))
    assert life.alert_due(rules, closed, at(2026, 6, 30, 12, 0))
    assert not life.alert_due(rules, closed, at(2026, 7, 1, 12, 0))


def test_a_naive_time_is_refused() -> None:
    with pytest.raises(NaiveDatetime):
        life.statistics_entry_for("2024-2025").is_open(datetime(2025, 9, 1))


def test_next_label() -> None:
    assert life.next_label("2024-2025") == "2025-2026"


@pytest.mark.parametrize(
    ("has", "email", "phone", "text"),
    [
        (True, "as@x.fr", "03 89 00 00 00", ""),
        (False, "as@x.fr", "03 89 00 00 00", "les statistiques sportives"),
        (True, "", "03 89 00 00 00", "l'adresse e-mail de l'AS"),
        (
            False,
            "",
            " ",
            "les statistiques sportives, l'adresse e-mail de l'AS et le téléphone de l'AS",
        ),
    ],
)
def test_what_is_missing(has: bool, email: str, phone: str, text: str) -> None:
    found = life.missing(
        has_statistics=has, administrative=life.AdministrativeData(email=email, phone=phone)
    )
    assert bool(found) is bool(text)
    assert found.text() == text
