"""Within a request the seasons are read once (opuss.seasons.models.remembered): the header,
the page and its blocks all ask for the current season and the one before (issue #14)."""

import pytest

from opuss.accounts.enums import Role
from opuss.seasons.models import Season, remembered
from opuss.seasons.services import season_open
from tests.factories import SeasonFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def seasons():
    return SeasonFactory(start_year=2024, is_current=False), SeasonFactory(
        start_year=2025, is_current=True
    )


def test_a_request_reads_the_seasons_once(seasons, django_assert_num_queries):
    previous, current = seasons
    with remembered(), django_assert_num_queries(1):
        assert Season.objects.current_or_none() == current
        assert Season.objects.current() == current
        assert current.previous() == previous
        assert previous.previous() is None


def test_outside_a_request_each_read_is_a_query(seasons, django_assert_num_queries):
    previous, current = seasons
    with django_assert_num_queries(2):
        assert Season.objects.current_or_none() == current
        assert current.previous() == previous


def test_a_narrowed_queryset_is_read_as_asked(seasons):
    with remembered():
        Season.objects.current_or_none()
        assert Season.objects.filter(start_year=2024).current_or_none() is None


def test_a_season_opened_within_the_request_is_the_current_one_after(seasons, next_season_file):
    with remembered():
        assert Season.objects.current_or_none().label == "2025-2026"
        season_open(label="2026-2027", actor=user_with_role(Role.DN))
        assert Season.objects.current_or_none().label == "2026-2027"
        assert Season.objects.current().previous().label == "2025-2026"
