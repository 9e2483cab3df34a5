"""The demo's tables (opuss/demo/tables/): every file reads, holds what `opuss seed` builds from,
names its choices as their enums do, and ships with the package."""

import fnmatch
import tomllib
from datetime import datetime
from pathlib import Path

import pytest

from opuss.affiliations.enums import AffiliationState, SectionKind
from opuss.competitions.demo import SPECS
from opuss.competitions.enums import CompetitionKind, CompetitionSex
from opuss.demo import data, tables
from opuss.jo.demo_questions import NATIONAL, STRASBOURG
from opuss.jo.enums import JoLevel, JoRole
from opuss.licences.enums import Insurance, Sex
from opuss.register.enums import EventKind
from opuss.sport.models import Activity
from opuss.territories.enums import Civility, EstablishmentType
from opuss.territories.levels import TerritoryLevel

ROOT = Path(__file__).resolve().parents[2]
SEED_TABLES = {
    "world.toml",
    "affiliations.toml",
    "people.toml",
    "register.toml",
    "guardians.toml",
    "renewals.toml",
    "money.toml",
    "jo_questions.toml",
    "content.toml",
    "competitions.toml",
    "jo.toml",
}


def test_every_table_file_reads():
    assert set(tables.names()) >= SEED_TABLES
    for name in tables.names():
        assert tables.load(name), name


def test_a_file_that_is_no_table_is_refused():
    with pytest.raises(ValueError, match="not a TOML, CSV or JSON file"):
        tables.load("__init__.py")


def test_the_world_has_the_seeds_territories_and_establishments():
    academies = data.WORLD["academies"]
    departments = {
        dep["code"]: academy["code"] for academy in academies for dep in academy["departments"]
    }
    districts = {
        label
        for academy in academies
        for dep in academy["departments"]
        for label in dep["districts"]
    }
    establishments = data.WORLD["establishments"]
    assert [academy["name"] for academy in academies] == ["Strasbourg", "Nantes", "Lyon"]
    assert (len(departments), len(districts), len(establishments)) == (5, 9, 17)
    assert establishments[0]["as_code"] == "24214"  # the seed 000's AS comes first
    assert {row["type"] for row in establishments} == set(EstablishmentType.names)
    for row in establishments:
        assert row["district"] in districts and row["department"] in departments, row
        assert row["as_code"][:2] == departments[row["department"]], row
    uais = {row["uai"] for row in establishments}
    assert set(data.SECOND_AS.values()) <= uais
    codes = [row["as_code"] for row in establishments] + list(data.SECOND_AS)
    assert len(set(codes)) == len(codes) == 18


def test_every_choice_is_written_as_its_enums_name():
    named = [(Civility, row["civility"]) for row in data.PEOPLE["animateurs"]]
    named += [
        (Civility, row["head"]["civility"]) for row in data.WORLD["establishments"] if "head" in row
    ]
    named += [(AffiliationState, state) for state in data.AFFILIATIONS["current_state"].values()]
    named += [(SectionKind, row["kind"]) for row in data.AFFILIATIONS["sections"]]
    named += [(Sex, data.PEOPLE[key]["sex"]) for key in ("seed_pupil", "renewal_pupil")]
    named += [(Sex, data.PEOPLE["basket"]["new_pupil"]["sex"])]
    named += [(Insurance, row["insurance"]) for row in data.PEOPLE["basket"].values()]
    register = tables.load("register.toml")
    named += [(EventKind, row["kind"]) for row in register["events"] + register["other_events"]]
    content = tables.load("content.toml")
    named += [(TerritoryLevel, row["level"]) for row in content["articles"] + content["partners"]]
    competitions = tables.load("competitions.toml")["competitions"]
    named += [(TerritoryLevel, row["level"]) for row in competitions]
    named += [(CompetitionSex, row["sex"]) for row in competitions]
    named += [(CompetitionKind, row["kind"]) for row in competitions if "kind" in row]
    jo = tables.load("jo.toml")
    done = [
        row
        for key in ("certifications", "events", "questionnaires")
        for row in jo["seed_pupil"][key]
    ]
    named += [(JoRole, row["role"]) for row in done] + [(JoLevel, row["level"]) for row in done]
    named += [(JoRole, role) for role in jo["others"]["roles"]]
    for enum, name in named:
        assert name in enum.names, f"{name} is no {enum.__name__}"


def test_the_question_bank_has_its_56_questions_each_with_a_right_answer():
    questions = NATIONAL + STRASBOURG
    assert (len(NATIONAL), len(STRASBOURG)) == (51, 5)
    assert {q.role for q in questions} <= set(JoRole)
    assert {q.level for q in questions} <= set(JoLevel)
    for question in questions:
        assert 2 <= len(question.answers) <= 5, question.text
        assert all(answer[0] in "+-" for answer in question.answers), question.text
        assert any(right for _, right in question.choices), question.text


def test_the_other_tables_hold_what_the_seed_draws_from():
    register = tables.load("register.toml")
    assert (len(register["events"]), len(register["other_events"])) == (15, 4)
    assert all(0 < share < 1 for share in tables.load("guardians.toml")["shares"].values())
    assert tables.load("renewals.toml")["requests_per_as"] == 3
    money = tables.load("money.toml")
    moments = [money[step]["at"] for step in ("september_run", "rejects", "bank_change", "aid")]
    assert moments == sorted(moments)  # the story in its order, up to the demo's day
    assert moments[-1] <= datetime.fromisoformat("2025-10-06T10:00:00+02:00")
    content = tables.load("content.toml")
    assert (len(content["articles"]), len(content["partners"])) == (12, 6)
    assert len(SPECS) == 20
    assert all(spec.day > spec.deadline.date() for spec in SPECS)  # entries close before
    jo = tables.load("jo.toml")["seed_pupil"]
    assert [len(jo[key]) for key in ("certifications", "events", "questionnaires")] == [4, 4, 2]


@pytest.mark.django_db
def test_every_activity_the_tables_name_exists():
    register = tables.load("register.toml")
    named = {row.get("activity") for row in register["events"] + register["other_events"]}
    named |= {q.activity for q in NATIONAL + STRASBOURG}
    named |= {name for row in data.PEOPLE["animateurs"] for name in row["activities"]}
    named |= {row["activity"] for row in data.AFFILIATIONS["sections"]}
    named |= {spec.activity for spec in SPECS}
    jo = tables.load("jo.toml")
    named |= {
        row["activity"]
        for key in ("certifications", "events", "questionnaires")
        for row in jo["seed_pupil"][key]
    }
    named |= set(jo["others"]["activities"])
    named.discard(None)
    assert named - set(Activity.objects.values_list("name", flat=True)) == set()


def test_the_package_ships_every_table():
    """pyproject's package-data lists their extensions: `pip install .` copies them next to the
    code, where `tables.load` reads them."""
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = pyproject["tool"]["setuptools"]["package-data"]["*"]
    folder = ROOT / "opuss" / "demo" / "tables"
    for path in folder.iterdir():
        if path.suffix != ".py" and path.is_file():
            assert any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns), path.name
