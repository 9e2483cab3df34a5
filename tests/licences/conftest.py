"""What the licence tests share: the demo's day, inside the season's licence period (asked for
by the modules that need it), and side A's AS affiliated."""

import pytest

from tests.factories import affiliated_as
from tests.writes import in_season  # noqa: F401 - fixture


@pytest.fixture
def affiliated(world):
    affiliated_as(world.a.association, world.season)
    return world.a.association
