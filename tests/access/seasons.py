"""« Ouvrir la saison suivante »: the national direction only; the others get a 404. The test
world has no 2026-2027 rules file, so DN's confirmed POST is refused on the page (200) and
changes nothing; the opening itself is tested with the tests' own file
(tests/seasons/test_season_open_page.py)."""

from tests.access import Write, only, writers

RULES = {
    "seasons:open": (None, only({"dn"})),
}

WRITES = {
    "seasons:open": Write(None, lambda w, k: {"confirm": True}, writers(set()) | {"dn": 200}),
}
