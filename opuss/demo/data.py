"""The demo world's tables, read once from opuss/demo/tables/: the map and its establishments
(world.toml), their affiliations (affiliations.toml), the named people (people.toml)."""

from opuss.demo.tables import load

DEMO_PASSWORD = "demo-opuss-2025"

WORLD = load("world.toml")
AFFILIATIONS = load("affiliations.toml")
PEOPLE = load("people.toml")

# The AS whose establishment also holds a collège AS (world.toml's second_as).
SECOND_AS = {row["as_code"]: row["uai"] for row in WORLD["second_as"]}
LAST_AFFILIATED_IN: dict[str, int] = AFFILIATIONS["history"]["last_affiliated_in"]
