"""Names compared as a school's file and a teacher's typing differ: what decides whether a known
INE may attach a line to the pupil who has it (issue #11, finding 1)."""

from dataclasses import dataclass
from datetime import date

import pytest

from opuss.rules.text import name_key, same_person


@dataclass(frozen=True)
class Someone:
    last_name: str
    first_name: str
    birth_date: date | None


BORN = date(2012, 2, 3)
KNOWN = Someone("LEFÈVRE-MARTIN", "Élodie", BORN)


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("Lefèvre-Martin", "lefevremartin"),
        ("LEFEVRE  MARTIN ", "lefevremartin"),
        ("lefevre martin", "lefevremartin"),
        ("D'Almeida", "dalmeida"),
        ("D’ALMEIDA", "dalmeida"),
        ("Lætitia", "laetitia"),
        ("Œillet", "oeillet"),
        ("Zoë", "zoe"),
        ("Çağla", "cagla"),
        ("Jean-Pierre", "jeanpierre"),
        ("", ""),
        (" - ' ", ""),
    ],
)
def test_a_name_is_compared_without_case_accents_hyphens_apostrophes_or_spaces(typed, key):
    assert name_key(typed) == key


@pytest.mark.parametrize(
    "typed",
    [
        Someone("LEFÈVRE-MARTIN", "Élodie", BORN),
        Someone("Lefevre Martin", "ELODIE", BORN),
        Someone("lefèvre-martin", "élodie", BORN),
        Someone("LEFEVREMARTIN", "Elodie ", BORN),
        Someone("Lefèvre–Martin", "Élodie", BORN),  # an en dash pasted from a word processor
    ],
)
def test_the_same_names_and_birth_date_are_the_same_person(typed):
    assert same_person(typed, KNOWN)
    assert same_person(KNOWN, typed)


@pytest.mark.parametrize(
    "typed",
    [
        Someone("LEFÈVRE-MARTIN", "Élodie", date(2012, 2, 4)),  # born another day
        Someone("LEFÈVRE-MARTIN", "Élodie", None),  # an unreadable birth date
        Someone("LEFÈVRE", "Élodie", BORN),  # one of two last names
        Someone("LEFÈVRE-MARTIN", "Élodie-Rose", BORN),
        Someone("LEFÈVRE-MARTIN", "Elodi", BORN),
        Someone("MARTIN", "Élodie", BORN),
        Someone("Élodie", "LEFÈVRE-MARTIN", BORN),  # names swapped
        Someone("DURAND", "Léa", BORN),  # someone else with the INE typed
    ],
)
def test_any_other_name_or_birth_date_is_another_person(typed):
    assert not same_person(typed, KNOWN)
    assert not same_person(KNOWN, typed)


def test_empty_names_never_make_two_people_the_same():
    nobody = Someone("", "", BORN)
    assert not same_person(nobody, Someone("-", "'", BORN))
