from decimal import Decimal

import pytest

from opuss.rules.money import format_eur, format_number, format_price, round_money

NNBSP = "\u202f"  # between groups of digits
NBSP = "\u00a0"  # before the euro sign


@pytest.mark.parametrize(
    ("value", "rounded"),
    [
        ("2145.78", "2145.78"),
        ("0.005", "0.01"),
        ("0.015", "0.02"),
        ("298.025", "298.03"),  # half-even would give 298.02
        ("2.674999", "2.67"),
        ("-0.005", "-0.01"),
        ("100", "100.00"),
    ],
)
def test_round_money_rounds_half_up_to_the_cent(value: str, rounded: str) -> None:
    result = round_money(Decimal(value))
    assert result == Decimal(rounded)
    assert result.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("2145.78", f"2{NNBSP}145,78{NBSP}€"),
        ("100", f"100,00{NBSP}€"),
        ("0", f"0,00{NBSP}€"),
        ("1234567.891", f"1{NNBSP}234{NNBSP}567,89{NBSP}€"),
        ("-1500.5", f"-1{NNBSP}500,50{NBSP}€"),
    ],
)
def test_format_eur_writes_french_amounts_with_no_break_spaces(value: str, text: str) -> None:
    assert format_eur(Decimal(value)) == text


def test_format_price_keeps_the_digits_the_circular_writes() -> None:
    assert format_price(Decimal("17.03")) == f"17,03{NBSP}€"
    assert format_price(Decimal("13.50")) == f"13,50{NBSP}€"
    assert format_price(Decimal(2900)) == f"2{NNBSP}900{NBSP}€"


def test_format_number_groups_thousands_and_uses_a_decimal_comma() -> None:
    assert format_number(1000) == f"1{NNBSP}000"
    assert format_number(Decimal("24.5")) == "24,5"
    assert format_number(Decimal("0.08")) == "0,08"
    assert format_number(Decimal("7"), places=2) == "7,00"
