"""Every page's context (opuss.accounts.context_processors.active_role): what only the header
shows is read only where the header is drawn (issue #14)."""

import pytest
from django.contrib.sessions.backends.base import SessionBase
from django.test import RequestFactory

from opuss.accounts.context_processors import active_role

pytestmark = pytest.mark.django_db


def context_of(user) -> dict:
    request = RequestFactory().get("/")
    request.user, request.session = user, SessionBase()
    return active_role(request)


@pytest.fixture(autouse=True)
def roles_read(world):
    """As the middleware of every request has read them."""
    for user in (world.a.pupil, world.a.teacher):
        user.role_assignments_cached  # noqa: B018


def test_a_pupils_as_is_read_only_when_the_header_shows_it(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        context = context_of(world.a.pupil)
    with django_assert_num_queries(2):  # his record, his latest licence with its AS
        assert context["header_association"].code == world.a.association.code


def test_an_animateurs_as_comes_with_his_role(world, django_assert_num_queries):
    with django_assert_num_queries(0):
        context = context_of(world.a.teacher)
        assert context["header_association"].code == world.a.association.code
