"""French text: dates written the French way, for explanations and messages; names compared the
way a school's files and a teacher's typing differ."""

import hashlib
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


# What a stored key may take (a column's length): the names of any real pupil fit many times.
PERSON_KEY_LENGTH = 255
_DIGEST_CHARS = 32


def person_key(last_name: str, first_name: str, birth_date: date | None) -> str:
    """The names and birth date as `same_person` compares them, in one string that a database
    index finds: "lefevremartin|elodie|2012-02-03". Empty when there is nothing to compare
    (a name without a letter or digit, no birth date): such a record is nobody's namesake. A key
    past PERSON_KEY_LENGTH (names of thousands of ligatures) keeps its start and a digest of
    the whole, so that equal keys still mean equal names."""
    last, first = name_key(last_name), name_key(first_name)
    if birth_date is None or not last or not first:
        return ""
    key = f"{last}|{first}|{birth_date.isoformat()}"
    if len(key) <= PERSON_KEY_LENGTH:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:_DIGEST_CHARS]
    return f"{key[: PERSON_KEY_LENGTH - _DIGEST_CHARS - 1]}#{digest}"


def key_of(person: Person) -> str:
    return person_key(person.last_name, person.first_name, person.birth_date)


def same_person(one: Person, other: Person) -> bool:
    """Same last name, same first name (as `name_key` compares them) and same birth date: what
    lets a known INE attach a line to the pupil who has it (issue #11, finding 1)."""
    key = key_of(one)
    return bool(key) and key == key_of(other)
