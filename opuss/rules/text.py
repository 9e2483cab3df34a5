"""Dates written the French way, for explanations and messages."""

from datetime import date

MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


def format_date(day: date) -> str:
    """ "1er septembre 2025", "3 octobre 2025"."""
    number = "1er" if day.day == 1 else str(day.day)
    return f"{number} {MONTHS[day.month - 1]} {day.year}"


def format_month(month: date) -> str:
    """ "septembre 2025"."""
    return f"{MONTHS[month.month - 1]} {month.year}"
