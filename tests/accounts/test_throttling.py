import pytest

from tests.helpers import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


def fail(client, username, address="192.0.2.10"):
    return client.post(
        "/compte/connexion/", {"username": username, "password": "mauvais"}, REMOTE_ADDR=address
    )


def test_an_account_is_locked_after_repeated_failures_even_with_the_right_password(
    client, world, password
):
    for _ in range(3):
        fail(client, world.a.teacher.email)
    response = client.post(
        "/compte/connexion/",
        {"username": world.a.teacher.email, "password": password},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 429
    assert "temporairement bloquée" in response.content.decode()


def test_the_account_lock_holds_from_another_address(client, world, password):
    for number in range(3):
        fail(client, world.a.teacher.email, address=f"192.0.2.{20 + number}")
    response = client.post(
        "/compte/connexion/",
        {"username": world.a.teacher.email, "password": password},
        REMOTE_ADDR="198.51.100.7",
    )
    assert response.status_code == 429


def test_an_address_trying_many_accounts_is_locked(client, world, password):
    for user in (world.a.sd, world.a.sr, world.b.sd):
        fail(client, user.email)
    response = client.post(
        "/compte/connexion/",
        {"username": world.a.teacher.email, "password": password},
        REMOTE_ADDR="192.0.2.10",
    )
    assert response.status_code == 429


def test_spelling_the_login_differently_does_not_escape_the_lock(client, world, password):
    for variant in (
        world.a.teacher.email,
        world.a.teacher.email.upper(),
        f" {world.a.teacher.email} ",
    ):
        fail(client, variant, address="203.0.113.1")
    response = client.post(
        "/compte/connexion/",
        {"username": world.a.teacher.email, "password": password},
        REMOTE_ADDR="203.0.113.99",
    )
    assert response.status_code == 429


def test_other_people_elsewhere_can_still_log_in(client, world, password):
    for _ in range(3):
        fail(client, world.a.teacher.email)
    other_client_response = client.post(
        "/compte/connexion/",
        {"username": world.a.sd.email, "password": password},
        REMOTE_ADDR="198.51.100.50",
    )
    assert other_client_response.status_code == 302


def test_a_success_before_the_limit_resets_the_count(client, world, password):
    for _ in range(2):
        fail(client, world.a.teacher.email)
    assert log_in(client, world.a.teacher.email, password).status_code == 302
    client.logout()
    for _ in range(2):
        fail(client, world.a.teacher.email)
    assert log_in(client, world.a.teacher.email, password).status_code == 302
