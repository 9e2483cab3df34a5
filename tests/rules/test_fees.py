"""Worked examples of the circulars: 2025-2026 lettre circulaire, 2011-2012 memento."""

from decimal import Decimal

import pytest

from opuss.rules.enums import ContractChoice, ContractType
from opuss.rules.errors import InvalidFeeInput, RulesError
from opuss.rules.fees import FeeInput, FeeResult, compute_fee
from opuss.rules.season import load_season

AUTO = ContractChoice.AUTO
PERSONALISED = ContractChoice.PERSONALISED
ACCOMPANIED = ContractChoice.ACCOMPANIED


def fee(season: str, establishment_type: str, enrolment: int, **facts: object) -> FeeResult:
    return compute_fee(
        load_season(season),
        FeeInput(establishment_type, enrolment, **facts),  # type: ignore[arg-type]
    )


# --- 2025-2026: contrat personnalisé ------------------------------------------------------------


def test_the_circulars_college_of_600_pays_2145_78() -> None:
    result = fee("2025-2026", "COL", 600)
    assert result.contract == Decimal("2145.78")
    assert result.personalised == Decimal("2145.78")
    assert result.affiliation == Decimal("100.00")
    assert result.total == Decimal("2245.78")
    assert result.contract_type is ContractType.PERSONALISED
    assert result.contract_label == "Contrat personnalisé"
    assert result.accompanied is None


def test_the_explanation_shows_the_formula_of_every_amount() -> None:
    lines = [
        line.replace("\u202f", " ").replace("\u00a0", " ")
        for line in fee("2025-2026", "COL", 600).explanation
    ]
    assert "Contrat personnalisé : 600 × (27 − 600/100) × 17,03 € / 100 = 2 145,78 €." in lines
    assert "Affiliation : 100,00 €." in lines
    assert "Total : 100,00 € + 2 145,78 € = 2 245,78 €." in lines


@pytest.mark.parametrize(
    ("establishment_type", "contract"),
    [
        ("COL", "2145.78"),  # 600 × (27 − 6) × 17,03 / 100
        ("LYC", "1430.52"),  # 600 × (20 − 6) × 17,03 / 100
        ("LA", "1430.52"),
        ("LPA", "1226.16"),  # 600 × (18 − 6) × 17,03 / 100
        ("LP", "1226.16"),
        ("LPO", "1328.34"),  # 600 × (19 − 6) × 17,03 / 100
        ("AUT", "1430.52"),
    ],
)
def test_each_type_has_its_parameter(establishment_type: str, contract: str) -> None:
    assert fee("2025-2026", establishment_type, 600).contract == Decimal(contract)


@pytest.mark.parametrize(
    ("establishment_type", "enrolment", "contract"),
    [
        ("COL", 100, "417.24"),  # 100 × (27 − 250/100) × 17,03 / 100 = 417,235
        ("LYC", 100, "298.03"),  # 298,025: half up
        ("COL", 250, "1043.09"),  # 250 × 24,5 × 17,03 / 100 = 1 043,0875
        ("LP", 200, "527.93"),  # 200 × (18 − 250/100), not 200 × (18 − 2)
        ("COL", 1000, "2895.10"),  # 1000 × 17 × 17,03 / 100, just under the cap
        ("COL", 1001, "2898.00"),  # 2 897,995: still under the cap
        ("LP", 1100, "1498.64"),  # 1100 × (18 − 1000/100), not 1100 × (18 − 11)
        ("LPA", 1500, "2043.60"),  # 1500 × 8 × 17,03 / 100
        ("COL", 0, "0.00"),
    ],
)
def test_the_enrolment_is_clamped_between_250_and_1000_for_the_percentage_only(
    establishment_type: str, enrolment: int, contract: str
) -> None:
    assert fee("2025-2026", establishment_type, enrolment).contract == Decimal(contract)


@pytest.mark.parametrize(
    ("establishment_type", "enrolment"), [("COL", 1002), ("COL", 2000), ("LYC", 2500)]
)
def test_the_contract_is_capped_at_2900(establishment_type: str, enrolment: int) -> None:
    result = fee("2025-2026", establishment_type, enrolment)
    assert result.contract == Decimal("2900.00")
    assert result.personalised == Decimal("2900.00")
    assert any("Plafond du contrat" in line for line in result.explanation)


# --- 2025-2026: contrat accompagné --------------------------------------------------------------


def test_an_accompanied_as_pays_the_accompanied_contract_when_it_is_lower() -> None:
    result = fee("2025-2026", "COL", 600, previous_licensees=40, contract=ACCOMPANIED)
    assert result.accompanied == Decimal("1106.40")  # 40 × 22,66 + 200
    assert result.contract == Decimal("1106.40")
    assert result.contract_type is ContractType.ACCOMPANIED
    assert result.contract_label == "Contrat accompagné"


def test_an_accompanied_as_pays_the_personalised_contract_when_it_is_lower() -> None:
    result = fee("2025-2026", "COL", 600, previous_licensees=100, contract=ACCOMPANIED)
    assert result.accompanied == Decimal("2466.00")
    assert result.contract == Decimal("2145.78")
    assert result.contract_type is ContractType.PERSONALISED


@pytest.mark.parametrize("previous_licensees", [0, None])
def test_an_as_without_licensees_counts_8_percent_of_its_enrolment(
    previous_licensees: int | None,
) -> None:
    result = fee(
        "2025-2026", "COL", 600, previous_licensees=previous_licensees, contract=ACCOMPANIED
    )
    assert result.accompanied == Decimal("1287.68")  # 48 × 22,66 + 200


def test_the_8_percent_count_is_not_rounded_to_a_whole_pupil() -> None:
    result = fee("2025-2026", "COL", 333, previous_licensees=0, contract=ACCOMPANIED)
    assert result.accompanied == Decimal("803.66")  # 26,64 × 22,66 + 200 = 803,6624


def test_auto_keeps_an_as_without_access_in_the_personalised_contract() -> None:
    result = fee("2025-2026", "COL", 600, previous_licensees=10)
    assert result.accompanied is None
    assert result.contract == Decimal("2145.78")


def test_an_as_in_the_personalised_contract_is_not_offered_the_accompanied_one() -> None:
    result = fee("2025-2026", "COL", 600, previous_licensees=10, contract=PERSONALISED)
    assert result.accompanied is None
    assert result.contract_type is ContractType.PERSONALISED


# --- 2025-2026: halving -----------------------------------------------------------------------


def test_rep_plus_college_pays_half() -> None:
    result = fee("2025-2026", "COL", 600, rep_plus=True)
    assert result.contract == Decimal("1072.89")
    assert result.personalised == Decimal("2145.78")
    assert result.reduced


def test_ex_priority_lp_pays_half() -> None:
    assert fee("2025-2026", "LP", 600, ex_priority=True).contract == Decimal("613.08")


@pytest.mark.parametrize(
    ("establishment_type", "facts"),
    [
        ("LYC", {"rep_plus": True}),
        ("LPO", {"rep_plus": True}),
        ("COL", {"ex_priority": True}),
        ("LPA", {"ex_priority": True}),
    ],
)
def test_halving_applies_only_to_its_type(establishment_type: str, facts: dict[str, bool]) -> None:
    twin = fee("2025-2026", establishment_type, 600)
    result = fee("2025-2026", establishment_type, 600, **facts)
    assert result.contract == twin.contract
    assert not result.reduced
    assert any("Pas de réduction" in line for line in result.explanation)


def test_a_capped_rep_plus_college_pays_half_the_cap() -> None:
    assert fee("2025-2026", "COL", 1500, rep_plus=True).contract == Decimal("1450.00")


def test_a_rep_plus_accompanied_college_pays_half_the_accompanied_contract() -> None:
    result = fee(
        "2025-2026", "COL", 600, previous_licensees=40, contract=ACCOMPANIED, rep_plus=True
    )
    assert result.contract == Decimal("553.20")
    assert result.contract_type is ContractType.ACCOMPANIED


# --- 2025-2026: free contract -------------------------------------------------------------------


@pytest.mark.parametrize("establishment_type", ["EEA", "ES", "CFA", "PJJ"])
def test_free_types_pay_only_the_affiliation(establishment_type: str) -> None:
    result = fee("2025-2026", establishment_type, 400, previous_licensees=30)
    assert result.contract == Decimal("0.00")
    assert result.total == Decimal("100.00")
    assert result.free
    assert result.break_even_licences == 0


@pytest.mark.parametrize(
    "facts", [{"aefe": True}, {"first_affiliation": True}, {"not_affiliated_since_2014": True}]
)
def test_free_conditions_pay_only_the_affiliation(facts: dict[str, bool]) -> None:
    result = fee("2025-2026", "COL", 600, **facts)
    assert result.contract == Decimal("0.00")
    assert result.total == Decimal("100.00")
    assert result.personalised == Decimal("2145.78")


def test_a_new_establishment_is_recorded_in_the_contract_it_would_be_cheaper_in() -> None:
    result = fee("2025-2026", "COL", 600, first_affiliation=True)
    assert result.contract_type is ContractType.ACCOMPANIED
    assert result.accompanied == Decimal("1287.68")
    assert result.contract == Decimal("0.00")


def test_a_new_establishment_that_chooses_the_personalised_contract_keeps_it() -> None:
    result = fee("2025-2026", "COL", 600, first_affiliation=True, contract=PERSONALISED)
    assert result.contract_type is ContractType.PERSONALISED
    assert result.contract == Decimal("0.00")


def test_an_as_not_affiliated_since_2014_gets_the_accompanied_contract_if_cheaper() -> None:
    result = fee("2025-2026", "LYC", 300, not_affiliated_since_2014=True)
    # personalised 300 × (20 − 3) × 17,03 / 100 = 868,53; accompanied 24 × 22,66 + 200 = 743,84
    assert result.contract_type is ContractType.ACCOMPANIED
    assert result.contract == Decimal("0.00")


def test_free_beats_halving() -> None:
    result = fee("2025-2026", "COL", 600, rep_plus=True, aefe=True)
    assert result.contract == Decimal("0.00")
    assert not result.reduced


# --- 2011-2012 ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("establishment_type", "enrolment", "contract"),
    [
        ("COL", 600, "1701.00"),  # 600 × (27 − 6) % × 13,50
        ("LYC", 600, "1134.00"),  # 600 × (20 − 6) % × 13,50
        ("LP", 600, "972.00"),  # "LP et autres": 18
        ("LPO", 600, "972.00"),
        ("LA", 600, "972.00"),
        ("AUT", 600, "972.00"),
        ("COL", 100, "330.75"),  # 100 × (27 − 2,5) % × 13,50
        ("COL", 3000, "6885.00"),  # no cap in 2011-2012
    ],
)
def test_2011_normal_contract(establishment_type: str, enrolment: int, contract: str) -> None:
    result = fee("2011-2012", establishment_type, enrolment)
    assert result.contract == Decimal(contract)
    assert result.contract_label == "Contrat normal"
    assert result.affiliation == Decimal("80.00")


FULL_PRICE = {"full_price_last_season": True}


def test_2011_accompanied_contract_when_a_full_price_as_chooses_it_and_it_is_cheaper() -> None:
    result = fee("2011-2012", "COL", 600, previous_licensees=40, contract=ACCOMPANIED, **FULL_PRICE)
    assert result.accompanied == Decimal("820.00")  # 40 × 18 + 100
    assert result.contract == Decimal("820.00")
    assert result.contract_type is ContractType.ACCOMPANIED
    assert result.total == Decimal("900.00")


def test_2011_accompanied_contract_not_applied_when_dearer() -> None:
    result = fee(
        "2011-2012", "COL", 600, previous_licensees=100, contract=ACCOMPANIED, **FULL_PRICE
    )
    assert result.accompanied == Decimal("1900.00")
    assert result.contract == Decimal("1701.00")
    assert result.contract_type is ContractType.PERSONALISED


@pytest.mark.parametrize("facts", [{}, FULL_PRICE], ids=["in-contract", "full-price"])
def test_2011_the_normal_contract_applies_by_default_even_when_dearer(facts) -> None:
    """« Le contrat normal sera appliqué par défaut »: the rules never choose the accompanied
    contract for the AS, even a full-price one for which it would be cheaper."""
    result = fee("2011-2012", "COL", 600, previous_licensees=60, **facts)
    assert result.contract == Decimal("1701.00")
    assert result.contract_type is ContractType.PERSONALISED
    assert result.accompanied is None


def test_2011_a_full_price_as_is_told_the_accompanied_contract_is_offered() -> None:
    offered = fee("2011-2012", "COL", 600, previous_licensees=60, **FULL_PRICE)
    assert any("ne s'applique que si l'AS le choisit" in line for line in offered.explanation)
    in_contract = fee("2011-2012", "COL", 600, previous_licensees=60)
    assert not any("proposé" in line for line in in_contract.explanation)


def test_2011_an_as_that_was_in_contract_cannot_choose_the_accompanied_one() -> None:
    with pytest.raises(InvalidFeeInput, match="« Licences plein tarif »"):
        fee("2011-2012", "COL", 600, previous_licensees=40, contract=ACCOMPANIED)


def test_2011_as_that_keeps_the_normal_contract_pays_it() -> None:
    result = fee(
        "2011-2012", "COL", 600, previous_licensees=40, contract=PERSONALISED, **FULL_PRICE
    )
    assert result.contract == Decimal("1701.00")


def test_2011_as_without_licensees_pays_the_fixed_part_only() -> None:
    result = fee("2011-2012", "COL", 600, previous_licensees=0, contract=ACCOMPANIED, **FULL_PRICE)
    assert result.contract == Decimal("100.00")


def test_2025_full_price_last_season_has_no_effect() -> None:
    result = fee("2025-2026", "COL", 600, **FULL_PRICE)
    assert result.contract == fee("2025-2026", "COL", 600).contract
    assert any("plein tarif" in line and "sans effet" in line for line in result.explanation)


@pytest.mark.parametrize(
    ("establishment_type", "facts"),
    [
        ("COL", {"rep_plus": True}),
        ("LP", {"ex_priority": True}),
        ("COL", {"aefe": True}),
        ("COL", {"first_affiliation": True}),
        ("COL", {"not_affiliated_since_2014": True}),
    ],
)
def test_2011_has_no_reduction_and_no_free_contract(
    establishment_type: str, facts: dict[str, bool]
) -> None:
    twin = fee("2011-2012", establishment_type, 600)
    result = fee("2011-2012", establishment_type, 600, **facts)
    assert result.contract == twin.contract
    assert any("sans effet" in line for line in result.explanation)


@pytest.mark.parametrize("establishment_type", ["EEA", "ES", "CFA", "PJJ"])
def test_2011_special_establishments_pay_the_normal_contract(establishment_type: str) -> None:
    assert fee("2011-2012", establishment_type, 600).contract == Decimal("972.00")


# --- break-even ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("season", "establishment_type", "enrolment", "facts", "licences"),
    [
        ("2025-2026", "COL", 600, {}, 95),  # 94 × 22,66 = 2 130,04 < 2 145,78 ≤ 95 × 22,66
        ("2025-2026", "COL", 600, {"rep_plus": True}, 48),  # 1 072,89 / 22,66 = 47,3
        ("2025-2026", "COL", 1500, {}, 128),  # 2 900 / 22,66 = 127,98
        ("2011-2012", "COL", 600, {}, 95),  # 1 701 / 18 = 94,5
        ("2011-2012", "LYC", 600, {}, 63),  # 1 134 / 18 = 63 exactly: 63 licences suffice
        ("2025-2026", "EEA", 600, {}, 0),
    ],
)
def test_break_even_is_the_smallest_number_of_licences_that_covers_the_contract(
    season: str, establishment_type: str, enrolment: int, facts: dict[str, bool], licences: int
) -> None:
    assert fee(season, establishment_type, enrolment, **facts).break_even_licences == licences


# --- invalid input ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("establishment_type", "enrolment", "facts", "message"),
    [
        ("XYZ", 600, {}, "Type d'établissement inconnu : XYZ"),
        ("col", 600, {}, "Type d'établissement inconnu : col"),
        ("COL", -1, {}, "L'effectif de l'établissement doit être un nombre entier d'élèves"),
        ("COL", 10**26, {}, "entre 0 et 100\u202f000"),
        ("COL", 600, {"previous_licensees": 10**26}, "entre 0 et 100\u202f000"),
        ("COL", 600, {"previous_licensees": -3}, "licenciés de la saison précédente"),
        ("COL", 600, {"contract": "mixed"}, "Choix de contrat inconnu : mixed"),
    ],
)
def test_invalid_input_is_refused_in_french(
    establishment_type: str, enrolment: int, facts: dict[str, object], message: str
) -> None:
    with pytest.raises(InvalidFeeInput, match=message) as error:
        fee("2025-2026", establishment_type, enrolment, **facts)
    assert isinstance(error.value, RulesError)


def test_2011_accompanied_contract_needs_last_seasons_licensees() -> None:
    with pytest.raises(InvalidFeeInput, match="nombre de licenciés de la saison précédente"):
        fee("2011-2012", "COL", 600, contract=ACCOMPANIED, **FULL_PRICE)


# --- serialisation ------------------------------------------------------------------------------


def test_as_dict_gives_amounts_as_strings_with_two_decimals() -> None:
    data = fee("2025-2026", "COL", 600).as_dict()
    assert data["season"] == "2025-2026"
    assert data["affiliation"] == "100.00"
    assert data["contract_type"] == "personalised"
    assert data["contract"] == "2145.78"
    assert data["total"] == "2245.78"
    assert data["personalised"] == "2145.78"
    assert data["accompanied"] is None
    assert data["break_even_licences"] == 95
    assert isinstance(data["explanation"], list)


def test_as_dict_gives_the_accompanied_contract_when_there_is_one() -> None:
    data = fee("2025-2026", "COL", 600, previous_licensees=40, contract=ACCOMPANIED).as_dict()
    assert data["accompanied"] == "1106.40"
    assert data["contract_type"] == "accompanied"
