import re

import pytest
from django.contrib.auth.hashers import make_password
from django.core import mail
from django.urls import reverse

from tests.helpers import logs_in

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "cheval agrafe batterie correcte"


def link_in(message) -> str:
    return re.search(r"https?://[^/]+(/\S+)", message.body).group(1)


def set_password_through(client, link, password=NEW_PASSWORD):
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    return client.post(
        form_page.request["PATH_INFO"], {"new_password1": password, "new_password2": password}
    )


@pytest.fixture
def new_pupil(world):
    """A licensed pupil who never set a password (his account was made by his AS)."""
    pupil = world.a.licence.pupil
    pupil.user.password = make_password(None)
    pupil.user.email = None
    pupil.user.save()
    pupil.guardian_email = "parent@example.fr"
    pupil.save()
    return pupil


def first_connection(client, number, birth_date, capture):
    with capture(execute=True):
        return client.post(
            reverse("accounts:first_connection"),
            {"licence_number": number, "birth_date": birth_date},
        )


def test_first_connection_sends_a_link_then_the_pupil_logs_in(
    client, world, new_pupil, django_capture_on_commit_callbacks
):
    response = first_connection(
        client, world.a.licence.number, "2009-05-17", django_capture_on_commit_callbacks
    )
    assert response["Location"] == reverse("accounts:login")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["parent@example.fr"]
    done = set_password_through(client, link_in(mail.outbox[0]))
    assert done["Location"] == reverse("accounts:login")
    assert logs_in(client, world.a.licence.number, NEW_PASSWORD)


def test_first_connection_with_a_wrong_birth_date_sends_nothing_and_says_the_same(
    client, world, new_pupil, django_capture_on_commit_callbacks
):
    response = first_connection(
        client, world.a.licence.number, "2009-05-18", django_capture_on_commit_callbacks
    )
    assert response["Location"] == reverse("accounts:login")
    assert mail.outbox == []


def test_first_connection_explains_a_malformed_licence_number(client, world):
    response = client.post(
        reverse("accounts:first_connection"), {"licence_number": "1234", "birth_date": "17/05/2009"}
    )
    assert response.status_code == 200
    assert "neuf chiffres" in response.content.decode()
    assert 'value="1234"' in response.content.decode()


def test_first_connection_accepts_a_french_date(
    client, world, new_pupil, django_capture_on_commit_callbacks
):
    first_connection(
        client, world.a.licence.number, "17/05/2009", django_capture_on_commit_callbacks
    )
    assert len(mail.outbox) == 1


def test_password_change_requires_the_current_password(client, world, password):
    client.force_login(world.a.teacher)
    url = reverse("accounts:password_change")
    assert "mot de passe actuel" in client.get(url).content.decode()
    refused = client.post(
        url, {"old_password": "faux", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert "Le mot de passe actuel est incorrect" in refused.content.decode()
    accepted = client.post(
        url,
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert accepted.status_code == 302
    world.a.teacher.refresh_from_db()
    assert world.a.teacher.check_password(NEW_PASSWORD)


@pytest.mark.parametrize(
    ("candidate", "reason"),
    [
        ("court", "trop court. Il doit contenir au minimum 12 caractères"),
        ("azertyuiopqs", "trop facile à deviner"),
        ("motdepasse123", "trop facile à deviner"),
    ],
)
def test_weak_passwords_are_refused_with_a_french_reason(
    client, world, password, candidate, reason
):
    client.force_login(world.a.teacher)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": candidate, "new_password2": candidate},
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
    world.a.teacher.refresh_from_db()
    assert world.a.teacher.check_password(password)


def test_a_long_passphrase_without_digits_or_symbols_is_accepted(client, world, password):
    client.force_login(world.a.teacher)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302


@pytest.mark.parametrize("login_with", ["email", "licence"])
def test_forgotten_password_by_email_or_licence_number(
    client, world, login_with, django_capture_on_commit_callbacks
):
    user = world.a.teacher if login_with == "email" else world.a.pupil
    login = user.email if login_with == "email" else world.a.licence.number
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"login": login})
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [user.email]
    set_password_through(client, link_in(mail.outbox[0]))
    assert logs_in(client, login, NEW_PASSWORD)


def test_a_reset_link_works_once(client, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"login": world.a.teacher.email})
    link = link_in(mail.outbox[0])
    set_password_through(client, link)
    again = client.get(link, follow=True)
    assert "n'est plus valable" in again.content.decode()


def test_forgotten_password_for_an_unknown_login_answers_the_same(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:password_reset"), {"login": "inconnu@example.fr"}, follow=True
        )
    assert mail.outbox == []
    assert "Si ces informations correspondent à un compte" in response.content.decode()
