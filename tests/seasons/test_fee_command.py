"""The `opuss fee` and `opuss category` commands: thin wrappers around `opuss.rules`."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from opuss.rules.season import available_seasons, load_season
from opuss.territories.enums import EstablishmentType


def run(command: str, *args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command(command, *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing(command: str, *args: str) -> str:
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command(command, *args, stdout=StringIO(), stderr=err)
    assert exit_info.value.code == 2
    return err.getvalue()


def test_fee_json_for_the_circulars_college_of_600() -> None:
    out, err = run("fee", "--season", "2025-2026", "--type", "COL", "--enrolment", "600", "--json")
    data = json.loads(out)
    assert err == ""
    assert data["season"] == "2025-2026"
    assert data["affiliation"] == "100.00"
    assert data["contract_type"] == "personalised"
    assert data["contract"] == "2145.78"
    assert data["total"] == "2245.78"
    assert data["personalised"] == "2145.78"
    assert data["accompanied"] is None
    assert data["break_even_licences"] == 95
    assert any("2\u202f145,78" in line for line in data["explanation"])


def test_fee_json_for_an_accompanied_rep_plus_college() -> None:
    out, _ = run(
        "fee",
        "--season",
        "2025-2026",
        "--type",
        "COL",
        "--enrolment",
        "600",
        "--previous-licensees",
        "40",
        "--contract",
        "accompanied",
        "--rep-plus",
        "--json",
    )
    data = json.loads(out)
    assert data["contract_type"] == "accompanied"
    assert data["accompanied"] == "1106.40"
    assert data["contract"] == "553.20"


def test_fee_without_json_prints_french_lines() -> None:
    out, _ = run("fee", "--season", "2011-2012", "--type", "COL", "--enrolment", "600")
    assert "Contrat normal : 1\u202f701,00\u00a0€" in out
    assert "Total : 1\u202f781,00\u00a0€" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--season", "2030-2031", "--type", "COL", "--enrolment", "600"],
            "Saison inconnue : 2030-2031. Saisons disponibles : 2011-2012, 2025-2026.",
        ),
        (
            ["--season", "2025-2026", "--type", "XYZ", "--enrolment", "600"],
            "Type d'établissement inconnu : XYZ.",
        ),
        (
            ["--season", "2025-2026", "--type", "COL", "--enrolment", "-5"],
            "L'effectif de l'établissement doit être un nombre entier d'élèves entre 0",
        ),
        (
            ["--season", "2025-2026", "--type", "COL", "--enrolment", "1" + "0" * 26],
            "entre 0 et 100\u202f000 (reçu : 1" + "0" * 26 + ").",
        ),
        (
            ["--season", "2025-2026", "--type", "COL", "--enrolment", "600"]
            + ["--previous-licensees", "9" * 30],
            "Le nombre de licenciés de la saison précédente doit être un nombre entier entre 0",
        ),
        (
            ["--season", "2011-2012", "--type", "COL", "--enrolment", "600"]
            + ["--previous-licensees", "40", "--contract", "accompanied"],
            "n'est proposé en 2011-2012 qu'aux AS qui étaient en « Licences plein tarif »",
        ),
        (
            ["--season", "2025-2026", "--type", "COL", "--enrolment", "six cents"],
            "L'effectif doit être un nombre entier",
        ),
        (
            ["--season", "2025-2026", "--type", "COL", "--enrolment", "600", "--contract", "mixte"],
            "Choix de contrat inconnu : mixte.",
        ),
    ],
)
def test_fee_errors_exit_with_one_french_line(args: list[str], message: str) -> None:
    err = run_failing("fee", *args)
    assert message in err
    assert err.count("\n") == 1
    assert "CommandError" not in err


def test_fee_2011_normal_contract_by_default_accompanied_when_a_full_price_as_chooses_it():
    common = ["--season", "2011-2012", "--type", "COL", "--enrolment", "600"]
    common += ["--previous-licensees", "40", "--json"]
    default = json.loads(run("fee", *common, "--full-price-last-season")[0])
    assert (default["contract_type"], default["contract"]) == ("personalised", "1701.00")
    chosen = json.loads(
        run("fee", *common, "--full-price-last-season", "--contract", "accompanied")[0]
    )
    assert (chosen["contract_type"], chosen["contract"]) == ("accompanied", "820.00")


def test_category_prints_the_label() -> None:
    out, err = run("category", "--season", "2025-2026", "--birth-date", "2008-03-14")
    assert out.strip() == "Junior"
    assert err == ""


def test_category_of_2011_says_the_categories_are_an_assumption() -> None:
    out, err = run("category", "--season", "2011-2012", "--birth-date", "1997-03-14")
    assert out.strip() == "Minime"
    assert "Catégories d'âge supposées" in err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--season", "2025-2026", "--birth-date", "2003-03-14"],
            "Aucune catégorie d'âge en 2025-2026 pour une naissance en 2003",
        ),
        (["--season", "2025-2026", "--birth-date", "14/03/2008"], "Date de naissance invalide"),
        (["--season", "1999-2000", "--birth-date", "2008-03-14"], "Saison inconnue : 1999-2000"),
    ],
)
def test_category_errors_exit_with_one_french_line(args: list[str], message: str) -> None:
    err = run_failing("category", *args)
    assert message in err
    assert err.count("\n") == 1


@pytest.mark.parametrize("label", available_seasons())
def test_every_season_file_prices_every_establishment_type_of_the_project(label: str) -> None:
    assert load_season(label).establishment_types == set(EstablishmentType.values)
