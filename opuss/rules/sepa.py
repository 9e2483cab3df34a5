"""SEPA direct debits: what a pain.008 file may contain, and when it may be generated.

- Text: the EPC's « SEPA Latin character set » (a-z, A-Z, 0-9, / - ? : ( ) . , ' + and the
  space): accents are transliterated (« Élève » → « Eleve », « Lætitia » → « Laetitia »), anything
  else is dropped, and the text is cut to the field's length.
- Identifiers (message id, end-to-end id, mandate reference): at most 35 characters of that set,
  no space, neither starting nor ending with « / » nor containing « // ».
- Amounts: whole cents, so that control sums are exact.
- Dates: the TARGET2 calendar of interbank business days (Monday to Friday, except 1 January,
  Good Friday, Easter Monday, 1 May, 25 and 26 December); the file, and with it the
  pre-notification e-mailed to each AS, is generated at least PRENOTIFICATION_BUSINESS_DAYS such
  days before the value date.
"""

import re
import unicodedata
from datetime import date, datetime, timedelta
from decimal import Decimal

from opuss.rules.calendar import PRENOTIFICATION_BUSINESS_DAYS
from opuss.rules.errors import InvalidAmount, RulesError
from opuss.rules.text import format_date

__all__ = [
    "IDENTIFIER_LENGTH",
    "SEPA_CHARACTERS",
    "InvalidSepaIdentifier",
    "cents",
    "check_identifier",
    "easter_sunday",
    "end_to_end_id",
    "is_target_business_day",
    "latest_generation_date",
    "message_id",
    "prenotification_kept",
    "sepa_text",
    "target_holidays",
    "too_late_message",
]

SEPA_CHARACTERS = frozenset(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789/-?:().,'+ "
)
IDENTIFIER_LENGTH = 35

# What NFKD does not take apart, and the typographic signs that have a plain equivalent.
_TRANSLITERATION = str.maketrans(
    {
        "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "ß": "ss", "ø": "o", "Ø": "O",
        "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "ı": "i",
        "’": "'", "‘": "'", "‛": "'", "ʼ": "'", "´": "'", "`": "'",
        "‐": "-", "‑": "-", "‒": "-", "–": "-", "—": "-", "−": "-",
    }
)
_SPACES = re.compile(r"\s+")


class InvalidSepaIdentifier(RulesError):
    """An identifier a bank would refuse in a pain.008 file."""


def sepa_text(text: str, length: int) -> str:
    """`text` in the SEPA Latin character set, within `length` characters: accents
    transliterated, other characters dropped, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_TRANSLITERATION))
    kept = "".join(
        " " if char.isspace() else char
        for char in decomposed
        if char.isspace() or char in SEPA_CHARACTERS
    )
    return _SPACES.sub(" ", kept).strip()[: max(length, 0)].rstrip()


def check_identifier(value: str, what: str) -> str:
    """`value` if it can identify something in a SEPA file; otherwise InvalidSepaIdentifier
    naming `what` (« La référence unique de mandat »)."""
    if not value or len(value) > IDENTIFIER_LENGTH:
        raise InvalidSepaIdentifier(
            f"{what} « {value} » doit compter de 1 à {IDENTIFIER_LENGTH} caractères."
        )
    if not set(value) <= SEPA_CHARACTERS - {" "}:
        raise InvalidSepaIdentifier(
            f"{what} « {value} » contient des caractères refusés par les banques (seuls les "
            "lettres sans accent, les chiffres et / - ? : ( ) . , ' + sont admis)."
        )
    if value.startswith("/") or value.endswith("/") or "//" in value:
        raise InvalidSepaIdentifier(
            f"{what} « {value} » ne peut ni commencer ni finir par « / », ni contenir « // »."
        )
    return value


def message_id(run_month: str, created_at: datetime) -> str:
    """The identifier of a month's file: « UNSS-PRLV-2025-10-20251031093000 » (32 characters)."""
    return check_identifier(
        f"UNSS-PRLV-{run_month}-{created_at:%Y%m%d%H%M%S}", "L'identifiant du message"
    )


def end_to_end_id(run_month: str, association_code: str) -> str:
    """The reference of one AS's debit in a month's file, quoted back by its bank: « PRLV-
    2025-10-24214 »."""
    reference = f"PRLV-{run_month}-{association_code}"
    return check_identifier(reference, "La référence de bout en bout")


def cents(amount: Decimal) -> int:
    """A positive amount in whole cents, exactly (never through a float)."""
    if amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise InvalidAmount(f"Montant à prélever invalide : {amount}.")
    return int(amount.scaleb(2))


# --- the TARGET calendar and the pre-notification ---------------------------------------------


def easter_sunday(year: int) -> date:
    """Easter Sunday of the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = b // 4, b % 4
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = c // 4, c % 4
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def target_holidays(year: int) -> frozenset[date]:
    """The days TARGET2 is closed besides week-ends."""
    easter = easter_sunday(year)
    return frozenset(
        {
            date(year, 1, 1),
            easter - timedelta(days=2),  # Good Friday
            easter + timedelta(days=1),  # Easter Monday
            date(year, 5, 1),
            date(year, 12, 25),
            date(year, 12, 26),
        }
    )


def is_target_business_day(day: date) -> bool:
    return day.weekday() < 5 and day not in target_holidays(day.year)


def latest_generation_date(
    value_date: date, business_days: int = PRENOTIFICATION_BUSINESS_DAYS
) -> date:
    """The last day a file valued on `value_date` may be generated: a TARGET business day with
    `business_days` more of them after it, up to the value date included (« J-2 »: for a debit
    on Tuesday 4 November 2025, Friday 31 October)."""
    day, left = value_date, business_days
    while left or not is_target_business_day(day):
        if is_target_business_day(day):
            left -= 1
        day -= timedelta(days=1)
    return day


def prenotification_kept(
    generated_on: date, value_date: date, business_days: int = PRENOTIFICATION_BUSINESS_DAYS
) -> bool:
    return generated_on <= latest_generation_date(value_date, business_days)


def too_late_message(value_date: date, business_days: int = PRENOTIFICATION_BUSINESS_DAYS) -> str:
    latest = latest_generation_date(value_date, business_days)
    return (
        f"Trop tard pour prélever le {format_date(value_date)} : chaque AS doit être prévenue "
        f"au moins {business_days} jours ouvrés avant, le fichier devait être généré au plus "
        f"tard le {format_date(latest)}."
    )
