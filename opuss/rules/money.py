"""Money: one rounding helper and the French way of writing amounts."""

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
# French typography: thin no-break space between groups of three digits, no-break space before
# the currency sign ("2 145,78 €"); neither lets a browser break the amount across two lines.
THOUSANDS_SEPARATOR = "\u202f"
CURRENCY_SEPARATOR = "\u00a0"


def round_money(value: Decimal) -> Decimal:
    """The amount to the cent, half up (0.005 → 0.01): the only rounding of the project."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def format_number(value: Decimal | int, places: int | None = None) -> str:
    """A number the French way: "1 000", "17,03", "0,08".

    `places=None` writes the number with the digits it has ("27", "22,66"); an integer number of
    places pads or rounds (half up) to that many decimals.
    """
    number = Decimal(value)
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if number < 0 else ""
    integer, _, decimals = f"{abs(number):f}".partition(".")
    groups: list[str] = []
    while len(integer) > 3:
        groups.insert(0, integer[-3:])
        integer = integer[:-3]
    groups.insert(0, integer)
    text = THOUSANDS_SEPARATOR.join(groups)
    return f"{sign}{text},{decimals}" if decimals else f"{sign}{text}"


def format_eur(value: Decimal) -> str:
    """An amount in euros, always to the cent: "2 145,78 €", "100,00 €"."""
    return f"{format_number(round_money(value), places=2)}{CURRENCY_SEPARATOR}€"


def format_price(value: Decimal) -> str:
    """A unit price as the circular writes it, with its own decimals: "17,03 €", "200 €"."""
    return f"{format_number(value)}{CURRENCY_SEPARATOR}€"
