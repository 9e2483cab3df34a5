import pytest
from django.core.exceptions import ValidationError
from hypothesis import given
from hypothesis import strategies as st

from opuss.rules.identifiers import InvalidUAI, normalize_uai, uai_check_letter
from opuss.territories.validators import validate_uai
from tests.factories import EstablishmentFactory


@pytest.mark.parametrize(
    "uai",
    # Real establishments: Henri-IV and Louis-le-Grand (Paris), the seed 000 lycée.
    ["0750654D", "0750655E", "0681761V"],
)
def test_known_uai_are_accepted(uai):
    assert normalize_uai(uai) == uai


def test_uai_is_normalised_from_lower_case_and_spaces():
    assert normalize_uai(" 0681761 v ") == "0681761V"


def test_wrong_check_letter_names_the_expected_one():
    with pytest.raises(InvalidUAI, match="attendue : V"):
        normalize_uai("0681761W")


@pytest.mark.parametrize("value", ["", "068176V", "06817610", "ABCDEFGH", "0681761VV"])
def test_malformed_uai_is_refused_with_a_french_message(value):
    with pytest.raises(InvalidUAI, match="sept chiffres"):
        normalize_uai(value)


@given(st.integers(min_value=0, max_value=9_999_999))
def test_the_check_letter_is_never_i_o_or_q_and_round_trips(number):
    digits = f"{number:07d}"
    letter = uai_check_letter(digits)
    assert letter not in "IOQ"
    assert normalize_uai(digits + letter) == digits + letter


def test_model_validation_rejects_a_wrong_uai_with_the_reason():
    with pytest.raises(ValidationError) as error:
        validate_uai("0681761A")
    assert "lettre de contrôle" in str(error.value)


@pytest.mark.django_db
def test_establishment_full_clean_reports_the_uai_field():
    establishment = EstablishmentFactory.build(uai="0681761A")
    with pytest.raises(ValidationError) as error:
        establishment.full_clean(exclude=["department"])
    assert "uai" in error.value.message_dict
