from datetime import date, datetime
from decimal import Decimal
from importlib import resources
from zoneinfo import ZoneInfo

import pytest

from opuss.rules.enums import AccompaniedAccess, Condition, ContractType
from opuss.rules.errors import InvalidSeasonFile, RulesError, UnknownPeriod, UnknownSeason
from opuss.rules.season import SEASON_FILES, available_seasons, load_season, parse_season

PARIS = ZoneInfo("Europe/Paris")
ALL_TYPES = {"COL", "LYC", "LA", "LPA", "LP", "LPO", "AUT", "CFA", "EEA", "ES", "PJJ"}


def season_text(label: str) -> str:
    return resources.files(SEASON_FILES).joinpath(f"{label}.toml").read_text(encoding="utf-8")


def test_the_loader_finds_every_season_file() -> None:
    assert available_seasons() == ["2011-2012", "2025-2026"]


def test_an_unknown_season_is_refused_in_french() -> None:
    with pytest.raises(UnknownSeason) as error:
        load_season("2030-2031")
    assert str(error.value) == (
        "Saison inconnue : 2030-2031. Saisons disponibles : 2011-2012, 2025-2026."
    )
    assert isinstance(error.value, RulesError)


def test_a_season_is_loaded_once() -> None:
    assert load_season("2025-2026") is load_season("2025-2026")


def test_2025_tariffs_are_the_circulars() -> None:
    rules = load_season("2025-2026")
    assert rules.tariffs.affiliation == Decimal(100)
    assert rules.tariffs.individual_licence == Decimal("22.66")
    assert rules.tariffs.maif_individual == Decimal("0.97")
    assert rules.tariffs.ia_sport_plus == Decimal("14.15")
    assert rules.personalised.base == Decimal("17.03")
    assert rules.personalised.cap == Decimal(2900)
    assert (rules.personalised.enrolment_floor, rules.personalised.enrolment_ceiling) == (250, 1000)
    assert rules.accompanied.fixed_part == Decimal(200)
    assert rules.accompanied.no_licensees_share == Decimal("0.08")


def test_2011_has_no_cap_no_ia_sport_plus_price_and_no_free_contract() -> None:
    rules = load_season("2011-2012")
    assert rules.tariffs.affiliation == Decimal(80)
    assert rules.tariffs.maif_individual == Decimal("0.75")
    assert rules.tariffs.ia_sport_plus is None
    assert rules.personalised.cap is None
    assert rules.accompanied.no_licensees_share is None
    assert rules.accompanied.fixed_part == Decimal(100)
    assert not rules.free.establishment_types
    assert not rules.free.conditions
    assert rules.reductions == ()


@pytest.mark.parametrize("label", ["2011-2012", "2025-2026"])
def test_every_season_knows_every_establishment_type(label: str) -> None:
    assert load_season(label).establishment_types == ALL_TYPES


def test_2025_free_contract_and_halving_conditions() -> None:
    rules = load_season("2025-2026")
    assert rules.free.establishment_types == {"CFA", "EEA", "ES", "PJJ"}
    assert set(rules.free.conditions) == {
        Condition.AEFE,
        Condition.FIRST_AFFILIATION,
        Condition.NOT_AFFILIATED_SINCE_2014,
    }
    halving = {(item.condition, frozenset(item.establishment_types)) for item in rules.reductions}
    assert halving == {
        (Condition.REP_PLUS, frozenset({"COL"})),
        (Condition.EX_PRIORITY, frozenset({"LP"})),
    }
    assert all(item.divisor == 2 for item in rules.reductions)
    assert rules.accompanied.access == {
        AccompaniedAccess.CHOSEN,
        AccompaniedAccess.FIRST_AFFILIATION,
        AccompaniedAccess.NOT_AFFILIATED_SINCE_2014,
    }


@pytest.mark.parametrize(
    ("label", "personalised", "accompanied"),
    [
        ("2025-2026", "Contrat personnalisé", "Contrat accompagné"),
        ("2011-2012", "Contrat normal", "Contrat accompagné"),
    ],
)
def test_the_season_file_names_the_contracts(
    label: str, personalised: str, accompanied: str
) -> None:
    rules = load_season(label)
    assert rules.contract_label(ContractType.PERSONALISED) == personalised
    assert rules.contract_label(ContractType.ACCOMPANIED) == accompanied


def test_periods_are_local_paris_times() -> None:
    rules = load_season("2025-2026")
    affiliation = rules.period("affiliation")
    assert affiliation.opens == datetime(2025, 9, 1, 9, 0, tzinfo=PARIS)
    assert affiliation.closes == datetime(2026, 8, 25, 23, 59, 59, tzinfo=PARIS)
    assert rules.period("licences").opens == affiliation.opens
    changes = rules.period("enrolment_and_type_changes")
    assert changes.opens is None
    assert changes.closes is not None and changes.closes.date() == date(2025, 10, 24)
    statistics = rules.period("previous_season_statistics")
    assert statistics.closes is not None and statistics.closes.date() == date(2025, 9, 30)


def test_2011_deadlines() -> None:
    rules = load_season("2011-2012")
    changes = rules.period("affiliation_changes").closes
    assert changes is not None and changes.date() == date(2012, 1, 22)
    required = rules.period("animateurs_required")
    assert required.opens == datetime(2011, 11, 1, tzinfo=PARIS)
    assert required.closes is None


def test_an_undefined_period_is_refused_in_french() -> None:
    with pytest.raises(UnknownPeriod, match="La saison 2011-2012 ne définit pas la période"):
        load_season("2011-2012").period("licences")


def test_the_may_2026_run_is_valued_in_2026_not_2025() -> None:
    runs = load_season("2025-2026").debit_runs
    may = next(run for run in runs if run.month == date(2026, 5, 1))
    assert may.value_date == date(2026, 6, 3)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("cap = 2900", "cap = 2900\nplafond = 3000", "clé inconnue : plafond"),
        ("base = 17.03", "bsae = 17.03", r"\[personalised.base\] : valeur manquante"),
        ("base = 17.03", 'base = "17.03"', "nombre attendu"),
        ("first_year = 2011", "first_year = 2010", "ne se suivent pas"),
        ("last_year = 2015", "last_year = 2014", "ne se suivent pas"),
        ("COL = { parameter = 27", "COL = { parameter = 9", "pourcentage"),
        ("contract_thirds = { 2025-09 = 2,", "contract_thirds = { 2025-09 = 3,", "tiers"),
        ('access = ["chosen",', 'access = ["choisi",', "accès inconnu"),
        ('condition = "rep_plus"', 'condition = "rep"', "condition inconnue"),
        ('timezone = "Europe/Paris"', 'timezone = "Europe/Pariss"', "fuseau horaire"),
        ("starts = 2025-09-01", "starts = 2024-09-01", "années de la saison"),
        ("value = 2025-10-03", "value = 2025-09-29", "date de valeur"),
    ],
)
def test_a_wrong_season_file_is_refused_with_the_place_of_the_mistake(
    old: str, new: str, message: str
) -> None:
    text = season_text("2025-2026")
    assert old in text
    with pytest.raises(InvalidSeasonFile, match=message):
        parse_season("2025-2026", text.replace(old, new, 1))


def test_a_season_file_must_be_named_after_a_season() -> None:
    with pytest.raises(InvalidSeasonFile, match="n'est pas une saison"):
        parse_season("2025-2027", season_text("2025-2026"))


def test_an_unreadable_season_file_is_refused() -> None:
    with pytest.raises(InvalidSeasonFile, match="illisible"):
        parse_season("2025-2026", "affiliation = = 100")
