"""What a SEPA file may carry (character set, identifiers, cents) and when it may be generated
(the pre-notification delay in TARGET business days), against the 2025-2026 calendar."""

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from opuss.rules.calendar import PRENOTIFICATION_BUSINESS_DAYS
from opuss.rules.errors import InvalidAmount
from opuss.rules.season import load_season
from opuss.rules.sepa import (
    SEPA_CHARACTERS,
    InvalidSepaIdentifier,
    cents,
    check_identifier,
    easter_sunday,
    end_to_end_id,
    is_target_business_day,
    latest_generation_date,
    message_id,
    prenotification_kept,
    sepa_text,
    too_late_message,
)

PROPERTY = settings(database=None, deadline=None, max_examples=300)
RUNS_2025 = load_season("2025-2026").debit_runs


# --- text -----------------------------------------------------------------------------------------


@PROPERTY
@given(st.text(), st.integers(min_value=0, max_value=140))
def test_sepa_text_is_within_the_character_set_and_the_length(text, length):
    result = sepa_text(text, length)
    assert set(result) <= SEPA_CHARACTERS
    assert len(result) <= length
    assert result == result.strip()
    assert "  " not in result


@PROPERTY
@given(st.text(), st.integers(min_value=0, max_value=140))
def test_sepa_text_leaves_its_own_output_alone(text, length):
    once = sepa_text(text, length)
    assert sepa_text(once, length) == once


@PROPERTY
@given(st.text(alphabet=sorted(SEPA_CHARACTERS - {" "}), min_size=1, max_size=70))
def test_text_already_in_the_set_passes_unchanged(text):
    assert sepa_text(text, 70) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("AS du Lycée Émile-Zola", "AS du Lycee Emile-Zola"),
        ("Collège Sainte-Thérèse à Mâcon", "College Sainte-Therese a Macon"),
        ("Lætitia Œuvre Straße", "Laetitia OEuvre Strasse"),
        ("L’AS « Les Écureuils » – N° 5", "L'AS Les Ecureuils - N 5"),
        ("AS & Co_2025 @ Besançon ; ok !", "AS Co2025 Besancon ok"),
        ("  deux   espaces\u00a0insécables\t ", "deux espaces insecables"),
    ],
)
def test_accents_are_transliterated_and_the_rest_dropped(text, expected):
    assert sepa_text(text, 70) == expected


def test_a_long_name_is_cut_to_the_field_without_a_trailing_space():
    assert sepa_text("Association sportive du lycée " * 5, 35) == (
        "Association sportive du lycee Assoc"
    )
    assert sepa_text("abc def", 4) == "abc"


# --- identifiers and amounts ----------------------------------------------------------------------


def test_identifiers_of_a_month_fit_in_35_characters():
    assert message_id("2025-10", datetime(2025, 10, 31, 9, 30)) == (
        "UNSS-PRLV-2025-10-20251031093000"
    )
    assert end_to_end_id("2025-10", "24214") == "PRLV-2025-10-24214"


@pytest.mark.parametrize(
    ("value", "fault"),
    [
        ("", "de 1 à 35 caractères"),
        ("X" * 36, "de 1 à 35 caractères"),
        ("UNSS 24214", "caractères refusés"),
        ("UNSS-24214-é", "caractères refusés"),
        ("/UNSS-24214", "ni commencer ni finir"),
        ("UNSS-24214/", "ni commencer ni finir"),
        ("UNSS//24214", "ni commencer ni finir"),
    ],
)
def test_an_identifier_a_bank_would_refuse_is_refused_in_french(value, fault):
    with pytest.raises(InvalidSepaIdentifier, match=fault):
        check_identifier(value, "La référence unique de mandat")


def test_the_longest_identifier_is_accepted():
    assert check_identifier("UNSS-" + "9" * 30, "La RUM") == "UNSS-" + "9" * 30


@PROPERTY
@given(st.decimals(min_value="0.01", max_value="99999999.99", places=2))
def test_cents_are_exact(amount):
    assert Decimal(cents(amount)) / 100 == amount


@pytest.mark.parametrize("amount", ["0", "-1.00", "0.005", "12.345"])
def test_an_amount_that_is_not_whole_cents_is_refused(amount):
    with pytest.raises(InvalidAmount):
        cents(Decimal(amount))


# --- the TARGET calendar --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "easter",
    [
        date(1818, 3, 22),  # the earliest possible
        date(1943, 4, 25),  # the latest possible
        date(2019, 4, 21),
        date(2024, 3, 31),
        date(2025, 4, 20),
        date(2026, 4, 5),
        date(2027, 3, 28),
        date(2038, 4, 25),
    ],
)
def test_easter_sunday(easter):
    assert easter_sunday(easter.year) == easter


@PROPERTY
@given(st.integers(min_value=1583, max_value=4099))
def test_easter_is_a_sunday_between_22_march_and_25_april(year):
    easter = easter_sunday(year)
    assert easter.weekday() == 6
    assert date(year, 3, 22) <= easter <= date(year, 4, 25)


@pytest.mark.parametrize(
    "closed",
    [
        date(2026, 1, 1),
        date(2026, 4, 3),  # Good Friday
        date(2026, 4, 6),  # Easter Monday
        date(2026, 5, 1),
        date(2025, 12, 25),
        date(2025, 12, 26),
        date(2025, 11, 1),  # a Saturday
        date(2025, 11, 2),  # a Sunday
    ],
)
def test_target_is_closed_on_its_holidays_and_at_week_ends(closed):
    assert not is_target_business_day(closed)


@pytest.mark.parametrize("open_day", [date(2025, 11, 11), date(2025, 12, 24), date(2026, 5, 8)])
def test_french_bank_holidays_are_target_business_days(open_day):
    """11 November and 8 May close French offices, not TARGET2."""
    assert is_target_business_day(open_day)


def test_the_delay_is_two_business_days():
    assert PRENOTIFICATION_BUSINESS_DAYS == 2


@pytest.mark.parametrize(
    ("value", "latest"),
    [
        (date(2025, 11, 4), date(2025, 10, 31)),  # Tuesday: the Friday before
        (date(2026, 1, 5), date(2025, 12, 31)),  # over 1 January
        (date(2026, 4, 3), date(2026, 3, 31)),  # a value date on Good Friday
        (date(2026, 4, 8), date(2026, 4, 2)),  # over Good Friday and Easter Monday
        (date(2026, 5, 4), date(2026, 4, 29)),  # over 1 May
    ],
)
def test_latest_generation_date(value, latest):
    assert latest_generation_date(value) == latest
    assert prenotification_kept(latest, value)
    assert not prenotification_kept(latest + timedelta(days=1), value)


@PROPERTY
@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_the_latest_day_leaves_exactly_the_delay_in_business_days(value):
    latest = latest_generation_date(value)
    assert is_target_business_day(latest)
    days = [latest + timedelta(days=n) for n in range(1, (value - latest).days + 1)]
    assert sum(map(is_target_business_day, days)) == PRENOTIFICATION_BUSINESS_DAYS


@pytest.mark.parametrize(
    "run", [run for run in RUNS_2025 if run.month != date(2026, 4, 1)], ids=str
)
def test_each_run_of_2025_2026_keeps_the_delay_on_its_processing_date(run):
    assert prenotification_kept(run.processing_date, run.value_date)
    # The circular's processing date is the very last day the delay allows.
    assert latest_generation_date(run.value_date) >= run.processing_date


def test_the_april_2026_run_must_be_generated_the_day_before_its_processing_date():
    """« jeudi 30 avril 2026 » → « lundi 4 mai 2026 »: 1 May closes TARGET2, which leaves one
    business day (4 May). The file is to be generated by Wednesday 29 April (docs/rules.md)."""
    [april] = [run for run in RUNS_2025 if run.month == date(2026, 4, 1)]
    assert not prenotification_kept(april.processing_date, april.value_date)
    assert latest_generation_date(april.value_date) == date(2026, 4, 29)
    assert too_late_message(april.value_date) == (
        "Trop tard pour prélever le 4 mai 2026 : chaque AS doit être prévenue au moins 2 jours "
        "ouvrés avant, le fichier devait être généré au plus tard le 29 avril 2026."
    )
