"""Properties that hold for every AS, whatever its facts."""

from dataclasses import replace
from datetime import date
from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from opuss.rules.calendar import contract_thirds, debit_schedule
from opuss.rules.categories import age_category
from opuss.rules.enums import ContractChoice, ContractType
from opuss.rules.fees import FeeInput, FeeResult, compute_fee
from opuss.rules.money import round_money
from opuss.rules.season import SeasonRules, available_seasons, load_season

# No example database in the working tree, no deadline on a shared machine.
PROPERTY = settings(database=None, deadline=None, max_examples=300)
SEASONS = [load_season(label) for label in available_seasons()]
RULES_2025 = load_season("2025-2026")


@st.composite
def season_and_input(
    draw: st.DrawFn, seasons: list[SeasonRules] = SEASONS
) -> tuple[SeasonRules, FeeInput]:
    rules = draw(st.sampled_from(seasons))
    fee_input = FeeInput(
        establishment_type=draw(st.sampled_from(sorted(rules.establishment_types))),
        enrolment=draw(st.integers(min_value=0, max_value=5000)),
        previous_licensees=draw(st.none() | st.integers(min_value=0, max_value=3000)),
        contract=draw(st.sampled_from(ContractChoice)),
        rep_plus=draw(st.booleans()),
        ex_priority=draw(st.booleans()),
        first_affiliation=draw(st.booleans()),
        not_affiliated_since_2014=draw(st.booleans()),
        aefe=draw(st.booleans()),
        full_price_last_season=draw(st.booleans()),
    )
    # 2011-2012: the accompanied contract is asked for by a full-price AS, which says how many
    # licensees it had last season.
    if rules.accompanied.no_licensees_share is None and fee_input.contract is (
        ContractChoice.ACCOMPANIED
    ):
        fee_input = replace(
            fee_input,
            previous_licensees=fee_input.previous_licensees or 0,
            full_price_last_season=True,
        )
    return rules, fee_input


def amounts(result: FeeResult) -> list[Decimal]:
    values = [result.affiliation, result.contract, result.total, result.personalised]
    return values + ([result.accompanied] if result.accompanied is not None else [])


@PROPERTY
@given(season_and_input())
def test_every_amount_has_exactly_two_decimals(case: tuple[SeasonRules, FeeInput]) -> None:
    result = compute_fee(*case)
    assert all(value.as_tuple().exponent == -2 for value in amounts(result))
    assert all(value >= 0 for value in amounts(result))
    assert result.total == result.affiliation + result.contract


@PROPERTY
@given(season_and_input())
def test_the_cap_is_never_exceeded(case: tuple[SeasonRules, FeeInput]) -> None:
    rules, fee_input = case
    result = compute_fee(rules, fee_input)
    if rules.personalised.cap is not None:
        assert result.contract <= rules.personalised.cap
        assert result.personalised <= rules.personalised.cap


@PROPERTY
@given(season_and_input())
def test_the_contract_never_exceeds_the_personalised_one(
    case: tuple[SeasonRules, FeeInput],
) -> None:
    result = compute_fee(*case)
    assert result.contract <= result.personalised
    if result.contract_type is ContractType.ACCOMPANIED and result.accompanied is not None:
        assert result.accompanied < result.personalised


@PROPERTY
@given(season_and_input([RULES_2025]))
def test_free_categories_pay_only_the_affiliation(case: tuple[SeasonRules, FeeInput]) -> None:
    rules, fee_input = case
    free = fee_input.establishment_type in rules.free.establishment_types or any(
        fee_input.holds(condition) for condition in rules.free.conditions
    )
    result = compute_fee(rules, fee_input)
    assert result.free is free
    if free:
        assert result.contract == 0
        assert result.total == rules.tariffs.affiliation
        assert result.break_even_licences == 0


@PROPERTY
@given(
    st.integers(min_value=0, max_value=5000),
    st.none() | st.integers(0, 3000),
    st.sampled_from(ContractChoice),
)
def test_a_rep_plus_college_pays_half_of_its_twin(
    enrolment: int, previous: int | None, contract: ContractChoice
) -> None:
    twin = compute_fee(RULES_2025, FeeInput("COL", enrolment, previous, contract))
    rep_plus = compute_fee(
        RULES_2025, FeeInput("COL", enrolment, previous, contract, rep_plus=True)
    )
    # Each amount is rounded once, from the exact figure: half of the twin to the cent.
    assert abs(rep_plus.contract * 2 - twin.contract) <= Decimal("0.01")
    assert rep_plus.contract_type is twin.contract_type


@PROPERTY
@given(season_and_input())
def test_break_even_is_the_smallest_covering_number_of_licences(
    case: tuple[SeasonRules, FeeInput],
) -> None:
    rules, fee_input = case
    result = compute_fee(rules, fee_input)
    price, licences = rules.tariffs.individual_licence, result.break_even_licences
    if result.contract == 0:
        assert licences == 0
    else:
        assert licences * price >= result.contract > (licences - 1) * price


@PROPERTY
@given(st.sampled_from(SEASONS), st.data())
def test_categories_cover_every_birth_year_of_the_season_table(
    rules: SeasonRules, data: st.DataObject
) -> None:
    first = min(category.first_year for category in rules.categories)
    last = max(category.last_year for category in rules.categories)
    birth_date = data.draw(st.dates(date(first, 1, 1), date(last, 12, 31)))
    category = age_category(rules, birth_date)
    assert category.first_year <= birth_date.year <= category.last_year


@PROPERTY
@given(st.decimals(min_value=0, max_value=100000, places=2))
def test_thirds_sum_to_the_contract(contract: Decimal) -> None:
    thirds = contract_thirds(contract)
    assert sum(thirds) == contract
    assert all(value.as_tuple().exponent == -2 for value in thirds)
    assert max(thirds) - min(thirds) <= Decimal("0.02")


@PROPERTY
@given(
    st.dates(date(2025, 9, 1), date(2026, 5, 31)),
    st.decimals(min_value="0.01", max_value=3000, places=2),
)
def test_until_may_every_debit_has_a_run_in_order(affiliated: date, contract: Decimal) -> None:
    debits = debit_schedule(RULES_2025, affiliated, RULES_2025.tariffs.affiliation, contract)
    runs = [debit.run for debit in debits]
    assert all(run is not None for run in runs)
    contract_months = [run.month for run in runs[1:] if run is not None]
    assert contract_months == sorted(contract_months)
    assert len(set(contract_months)) == 3
    assert contract_months[0] >= affiliated.replace(day=1)
    assert sum(debit.amount for debit in debits[1:]) == round_money(contract)
