"""The competitions are judged on the demo's day, 6 October 2025 at 10:00 in Paris."""

import pytest

from tests.competitions.factories import NOW


@pytest.fixture(autouse=True)
def _now(settings):
    settings.OPUSS_NOW = NOW.isoformat()
