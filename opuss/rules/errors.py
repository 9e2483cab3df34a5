"""Domain errors of the rules package. Every message is in French and can be shown as is."""


class RulesError(Exception):
    """Base of every error raised by `opuss.rules`; `str(error)` is a French sentence."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UnknownSeason(RulesError):
    def __init__(self, label: str, available: list[str]) -> None:
        super().__init__(
            f"Saison inconnue : {label}. Saisons disponibles : {', '.join(available)}."
        )
        self.label = label
        self.available = available


class InvalidSeasonFile(RulesError):
    """A season file that does not hold what the rules need (raised when it is loaded)."""


class InvalidFeeInput(RulesError):
    """Facts about an AS from which no fee can be computed."""


class BirthYearOutOfRange(RulesError):
    """A birth year in none of the season's age categories."""


class UnknownPeriod(RulesError):
    """A period or deadline the season does not define."""


class NoDebitCalendar(RulesError):
    """A season whose circular gives no direct-debit calendar."""


class DateOutsideSeason(RulesError):
    """A date that does not belong to the season it is computed for."""


class InvalidAmount(RulesError):
    """An amount that cannot be scheduled (negative)."""


class NaiveDatetime(RulesError):
    """A moment without time zone, which cannot be compared with the season's local times."""
