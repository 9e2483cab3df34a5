import pytest
from django.urls import reverse

from tests.helpers import log_in

pytestmark = pytest.mark.django_db

LOGIN_URL = reverse("accounts:login")
login = log_in


def test_login_page_carries_the_terms_and_cookies_notice(client):
    page = client.get(LOGIN_URL).content.decode()
    assert "adresse mail ou numéro de licence".lower() in page.lower()
    assert "Se souvenir de moi" in page
    assert "conditions d'utilisation" in page
    assert reverse("core:cookies") in page
    assert reverse("accounts:first_connection") in page
    assert reverse("accounts:password_reset") in page


def test_teacher_logs_in_with_his_email_and_lands_on_his_as(client, world, password):
    response = login(client, world.a.teacher.email, password)
    assert response.status_code == 302
    home = client.get(response["Location"], follow=True)
    assert home.request["PATH_INFO"] == reverse(
        "associations:detail", args=[world.a.association.code]
    )


def test_email_login_ignores_case_and_spaces(client, world, password):
    response = login(client, f"  {world.a.teacher.email.upper()} ", password)
    assert response.status_code == 302


def test_pupil_logs_in_with_his_licence_number(client, world, password):
    response = login(client, world.a.licence.number, password)
    assert response.status_code == 302
    home = client.get(response["Location"], follow=True)
    assert home.request["PATH_INFO"] == reverse("licences:pupil_home")
    assert world.a.licence.number in home.content.decode()


def test_pupil_logs_in_with_an_older_licence_number_too(client, world, password):
    from tests.factories import LicenceFactory, SeasonFactory

    previous = SeasonFactory(start_year=2024, is_current=False)
    LicenceFactory(
        pupil=world.a.licence.pupil,
        association=world.a.association,
        season=previous,
        number=f"{world.a.association.code}0099",
    )
    assert login(client, f"{world.a.association.code}0099", password).status_code == 302


def test_wrong_password_says_so_in_french_and_keeps_the_login(client, world):
    response = login(client, world.a.teacher.email, "pas le bon mot de passe")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Identifiant ou mot de passe incorrect" in page
    assert world.a.teacher.email in page


def test_unknown_licence_number_is_refused(client, world, password):
    assert login(client, "999999999", password).status_code == 200


def test_inactive_account_cannot_log_in(client, world, password):
    world.a.teacher.is_active = False
    world.a.teacher.save()
    assert login(client, world.a.teacher.email, password).status_code == 200


def test_without_remember_me_the_session_ends_with_the_browser(client, world, password):
    login(client, world.a.teacher.email, password)
    assert client.session.get_expire_at_browser_close()


def test_remember_me_keeps_the_session_for_two_weeks(client, world, password, settings):
    login(client, world.a.teacher.email, password, remember_me="on")
    assert not client.session.get_expire_at_browser_close()
    assert client.session.get_expiry_age() == settings.SESSION_COOKIE_AGE == 14 * 24 * 3600


@pytest.mark.parametrize(
    ("actor", "home"),
    [
        ("pupil", "licences:pupil_home"),
        ("teacher", "associations:detail"),
        ("secretary", "associations:detail"),
        ("sd", "core:staff_home"),
        ("sr", "core:staff_home"),
        ("dn", "core:staff_home"),
    ],
)
def test_each_role_lands_on_its_home(client, world, actor, home):
    client.force_login(world.actor(actor))
    response = client.get(reverse("core:home"))
    args = [world.a.association.code] if home == "associations:detail" else []
    assert response["Location"] == reverse(home, args=args)
    assert client.get(response["Location"]).status_code == 200


def test_logout_ends_the_session(client, world):
    client.force_login(world.a.teacher)
    response = client.post(reverse("accounts:logout"))
    assert response["Location"] == LOGIN_URL
    assert client.get(reverse("core:staff_home"))["Location"].startswith(LOGIN_URL)


def test_passwords_are_hashed_with_argon2(world):
    assert world.a.teacher.password.startswith("argon2")
