"""A guardian's link for side A's licence, on a day of the 2025-2026 season. Time is frozen (and
moved by tests): the link's signature and the reminders read the same clock."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine

from opuss.guardians import services
from opuss.guardians.links import make_token
from opuss.guardians.mentions import digest, shown_for

PARIS = ZoneInfo("Europe/Paris")
NOW = dt.datetime(2025, 10, 6, 10, 0, tzinfo=PARIS)
PARENT = "parent.durand@example.fr"


@pytest.fixture(autouse=True)
def traveller():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def licence(world):
    licence = world.a.licence
    licence.pupil.guardian_email = PARENT
    licence.pupil.save(update_fields=["guardian_email"])
    return licence


@pytest.fixture
def guardian_request(world, licence, django_capture_on_commit_callbacks):
    """The request made when the licence was taken, its e-mail sent."""
    with django_capture_on_commit_callbacks(execute=True):
        request = services.licence_created(licence, world.a.teacher)
    return request


@pytest.fixture
def token(guardian_request):
    return make_token(guardian_request)


def answers(licence, **changes) -> dict:
    """What a guardian posts: everything read, data correct, images allowed, IA Sport+ refused."""
    data = {
        "data_correct": "yes",
        "correction_note": "",
        "image_rights": "yes",
        "rgpd_read": "on",
        "insurance_read": "on",
        "ia_sport_plus": "no",
        "guardian_name": "",
        "shown_digest": digest(shown_for(licence)),
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def values(**changes) -> dict:
    """The same answers as the services receive them (cleaned)."""
    return {
        "data_correct": True,
        "correction_note": "",
        "image_rights": True,
        "rgpd_read": True,
        "insurance_read": True,
        "ia_sport_plus": False,
        "guardian_name": "",
    } | changes
