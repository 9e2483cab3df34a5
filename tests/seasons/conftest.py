from pathlib import Path

import pytest

from opuss.rules.season import SEASONS_DIR_ENV, forget_season_files

FILES = Path(__file__).parent / "files"


@pytest.fixture
def next_season_file(monkeypatch):
    """The 2026-2027 season file made for the tests (tests/seasons/files), read through
    OPUSS_SEASONS_DIR as a season file dropped beside the package's would be."""
    monkeypatch.setenv(SEASONS_DIR_ENV, str(FILES))
    forget_season_files()
    yield FILES / "2026-2027.toml"
    monkeypatch.delenv(SEASONS_DIR_ENV)
    forget_season_files()
