"""The demo's tables: data files a person edits (TOML for records with comments, CSV for long
flat tables, JSON for lists), read here. Package data: `pip install .` ships them."""

import csv
import json
import tomllib
from importlib.resources import files
from typing import Any

DATA = files(__name__)


def load(name: str) -> Any:
    """The table in file `name` (with its extension): a TOML file's document, a CSV file's rows
    as dicts (`;`-separated, as a French spreadsheet writes them), a JSON file's value."""
    text = DATA.joinpath(name).read_text(encoding="utf-8")
    if name.endswith(".toml"):
        return tomllib.loads(text)
    if name.endswith(".csv"):
        return list(csv.DictReader(text.splitlines(), delimiter=";"))
    if name.endswith(".json"):
        return json.loads(text)
    raise ValueError(f"{name}: not a TOML, CSV or JSON file")


def names() -> list[str]:
    """Every table of the package."""
    return sorted(
        entry.name for entry in DATA.iterdir() if entry.name.endswith((".toml", ".csv", ".json"))
    )
