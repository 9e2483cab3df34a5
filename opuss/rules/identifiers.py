"""Identifiers of the French education system.

UAI (formerly RNE): the establishment's national code, seven characters and a check letter.
The letter is the remainder of the seven-character number modulo 23, read in an alphabet without
I, O and Q (the letters that look like digits).
"""

import re

UAI_ALPHABET = "ABCDEFGHJKLMNPRSTUVWXYZ"
_UAI_PATTERN = re.compile(r"^(\d{7})([A-Z])$")


class InvalidUAI(ValueError):
    """A UAI that cannot be: wrong shape or wrong check letter. The message is in French."""


def uai_check_letter(digits: str) -> str:
    if not re.fullmatch(r"\d{7}", digits):
        raise InvalidUAI("Le code UAI commence par sept chiffres.")
    return UAI_ALPHABET[int(digits) % 23]


def normalize_uai(value: str) -> str:
    """The UAI in canonical form (upper case, no spaces), or InvalidUAI with the reason."""
    uai = re.sub(r"\s+", "", value).upper()
    match = _UAI_PATTERN.match(uai)
    if match is None:
        raise InvalidUAI(
            "Un code UAI (RNE) compte sept chiffres suivis d'une lettre, par exemple 0681761V."
        )
    digits, letter = match.groups()
    expected = uai_check_letter(digits)
    if letter != expected:
        raise InvalidUAI(
            f"La lettre de contrôle du code UAI {digits}{letter} est fausse "
            f"(attendue : {expected})."
        )
    return uai
