"""Names compared as a school's file and a teacher's typing differ: what decides whether a known
INE may attach a line to the pupil who has it (issue #11, finding 1)."""

from dataclasses import dataclass
from datetime import date

import pytest

from opuss.rules.text import PERSON_KEY_LENGTH, name_key, person_key, same_person


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


def test_the_person_key_is_what_same_person_compares():
    """The key a database index finds namesakes by (issue #14): one per person as typed."""
    assert person_key("Lefèvre-Martin", "ÉLODIE", BORN) == "lefevremartin|elodie|2012-02-03"
    assert person_key("LEFEVRE MARTIN", "elodie ", BORN) == person_key("Lefèvre-Martin",
                                                                       "Élodie", BORN)
    assert person_key("MARTIN", "Élodie", BORN) != person_key("Élodie", "MARTIN", BORN)
    assert person_key("LEFÈVRE", "MARTINÉLODIE", BORN) != person_key("LEFÈVREMARTIN", "ÉLODIE",
                                                                     BORN)


def test_nobody_has_a_key_without_names_or_birth_date():
    assert person_key("-", "Léa", BORN) == person_key("DURAND", "'", BORN) == ""
    assert person_key("DURAND", "Léa", None) == ""


def test_a_key_past_its_column_stays_bounded_and_distinct():
    # NFKD spells some single characters with many letters: names may outgrow the column.
    long_name = "\ufdfa" * 40
    one = person_key(long_name + "a", "Léa", BORN)
    other = person_key(long_name + "b", "Léa", BORN)
    assert len(one) == len(other) == PERSON_KEY_LENGTH
    assert one != other
    assert same_person(Someone(long_name + "a", "Léa", BORN), Someone(long_name + "A", "LEA", BORN))
