"""French text: dates written the French way, for explanations and messages; names compared the
way a school's files and a teacher's typing differ."""

import unicodedata
from datetime import date
from typing import Protocol

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


# Letters NFKD does not take apart: "Lætitia" is typed "Laetitia", "Œillet" "Oeillet".
_LIGATURES = str.maketrans({"æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE"})


def name_key(name: str) -> str:
    """A name as compared: without case, accents, hyphens, apostrophes or spaces. "Lefèvre-Martin",
    "LEFEVRE MARTIN" and "lefevre martin" are one name; so are "D'Almeida" and "DALMEIDA"."""
    folded = unicodedata.normalize("NFKD", name.translate(_LIGATURES)).casefold()
    return "".join(char for char in folded if char.isalnum())


class Person(Protocol):
    @property
    def last_name(self) -> str: ...

    @property
    def first_name(self) -> str: ...

    @property
    def birth_date(self) -> date | None: ...


def same_person(one: Person, other: Person) -> bool:
    """Same last name, same first name (as `name_key` compares them) and same birth date: what
    lets a known INE attach a line to the pupil who has it (issue #11, finding 1)."""
    if one.birth_date is None or one.birth_date != other.birth_date:
        return False
    names = ((one.last_name, other.last_name), (one.first_name, other.first_name))
    return all(name_key(mine) and name_key(mine) == name_key(theirs) for mine, theirs in names)
