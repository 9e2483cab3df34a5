"""« Vie de l'AS »: when an AS's season statistics are entered, and when their absence is alerted.

2025 circular (III.9): « L'échéance maximale pour la saisie de la vie des AS pour l'année
scolaire 2024-2025 par les animateurs d'AS est fixée au 30 septembre 2025. » The figures of a
season are entered during it and until the deadline that the *next* season's file sets
(`previous_season_statistics`); while that file does not exist, no deadline is known yet.

2011 memento: « Début avril, si les statistiques sportives et/ou les données administratives de
l'A.S n'ont pas été renseignées, le système enverra un message d'alerte. » The alert date is the
season's own (`statistics_alert`), about its own figures (docs/rules.md, « Vie de l'AS »).
"""

from dataclasses import dataclass
from datetime import datetime

from opuss.rules.calendar import is_open
from opuss.rules.errors import NaiveDatetime, UnknownSeason
from opuss.rules.season import SeasonRules, available_seasons, load_season
from opuss.rules.text import format_date

__all__ = [
    "ADMINISTRATIVE_FIELDS",
    "ALERT_PERIOD",
    "DEADLINE_PERIOD",
    "AdministrativeData",
    "Missing",
    "StatisticsEntry",
    "alert_date",
    "alert_due",
    "missing",
    "next_label",
    "season_rules_or_none",
    "statistics_entry",
    "statistics_entry_for",
]

DEADLINE_PERIOD = "previous_season_statistics"
ALERT_PERIOD = "statistics_alert"

# « Les données administratives de l'A.S »: what the AS itself may leave blank. Its code,
# establishment, department and district cannot be missing (the database requires them); its
# e-mail and phone, by which the services reach it, can.
ADMINISTRATIVE_FIELDS = {"email": "l'adresse e-mail de l'AS", "phone": "le téléphone de l'AS"}


def _aware(at: datetime) -> None:
    if at.tzinfo is None or at.utcoffset() is None:
        raise NaiveDatetime("L'heure à comparer avec une échéance doit porter son fuseau horaire.")


def next_label(label: str) -> str:
    """ "2024-2025" -> "2025-2026"."""
    first, second = (int(part) for part in label.split("-"))
    return f"{first + 1}-{second + 1}"


@dataclass(frozen=True)
class StatisticsEntry:
    """The entry of one season's figures: open until `deadline`, or with no deadline known."""

    season: str
    deadline: datetime | None

    def is_open(self, at: datetime) -> bool:
        _aware(at)
        return self.deadline is None or at <= self.deadline

    def deadline_text(self) -> str:
        if self.deadline is None:
            return (
                f"Aucune échéance n'est encore fixée pour la saisie de la vie de l'AS "
                f"{self.season} : elle le sera par la circulaire de la saison suivante."
            )
        return f"À saisir au plus tard le {format_date(self.deadline.date())}."

    def closed_text(self) -> str:
        """Shown instead of the form once the deadline has passed."""
        day = format_date(self.deadline.date()) if self.deadline else ""
        return (
            f"La saisie de la vie de l'AS {self.season} est close depuis le {day} : "
            f"les chiffres ne peuvent plus être saisis ni modifiés."
        )


def statistics_entry(label: str, next_rules: SeasonRules | None) -> StatisticsEntry:
    """The entry of season `label`'s figures, its deadline read from the next season's rules."""
    period = next_rules.periods.get(DEADLINE_PERIOD) if next_rules is not None else None
    return StatisticsEntry(label, period.closes if period is not None else None)


def statistics_entry_for(label: str) -> StatisticsEntry:
    """The same, the next season's file loaded when it exists."""
    following = next_label(label)
    rules = load_season(following) if following in available_seasons() else None
    return statistics_entry(label, rules)


def alert_date(rules: SeasonRules) -> datetime | None:
    """When missing figures of this season are alerted; None if its file sets no date."""
    period = rules.periods.get(ALERT_PERIOD)
    return period.opens if period is not None else None


def alert_due(rules: SeasonRules, entry: StatisticsEntry, at: datetime) -> bool:
    """Whether the season's alert applies at `at`: on or after its date, until the season ends,
    and while the figures may still be entered (once closed, an alert would ask for what can no
    longer be done)."""
    _aware(at)
    period = rules.periods.get(ALERT_PERIOD)
    if period is None or entry.season != rules.label:
        return False
    in_season = at.astimezone(rules.timezone).date() <= rules.ends
    return is_open(period, at) and in_season and entry.is_open(at)


@dataclass(frozen=True)
class AdministrativeData:
    email: str
    phone: str


@dataclass(frozen=True)
class Missing:
    """What an AS has not filled in: its season statistics, and which administrative data."""

    statistics: bool
    administrative: tuple[str, ...]

    def __bool__(self) -> bool:
        return self.statistics or bool(self.administrative)

    def items(self) -> list[str]:
        """In French, one item per thing to fill in."""
        return (["les statistiques sportives"] if self.statistics else []) + list(
            self.administrative
        )

    def text(self) -> str:
        items = self.items()
        if len(items) <= 1:
            return "".join(items)
        return ", ".join(items[:-1]) + " et " + items[-1]


def missing(*, has_statistics: bool, administrative: AdministrativeData) -> Missing:
    blank = tuple(
        label
        for name, label in ADMINISTRATIVE_FIELDS.items()
        if not getattr(administrative, name).strip()
    )
    return Missing(statistics=not has_statistics, administrative=blank)


def season_rules_or_none(label: str) -> SeasonRules | None:
    try:
        return load_season(label)
    except UnknownSeason:
        return None
