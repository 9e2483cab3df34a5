import datetime as dt

import pytest

from opuss.jo import services
from tests.jo.factories import activity

DAY = dt.date(2025, 10, 1)


@pytest.fixture
def certify(world):
    """Certify side A's pupil (Jeune arbitre, district, volley-ball unless told) as someone."""

    def certify(actor=None, licence=None, **changes):
        values = {
            "activity": activity(),
            "role": "REFEREE",
            "level": "DISTRICT",
            "certified_on": DAY,
        } | changes
        return services.certify(
            actor=actor or world.a.teacher, licence=licence or world.a.licence, **values
        )

    return certify
