"""« Mes sessions »: where a person is signed in, and ending one of them."""

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from opuss.accounts.models import UserSession
from opuss.accounts.sessions import describe_user_agent, truncate_ip
from opuss.core.models import AuditEntry
from tests.helpers import log_in

SESSIONS = reverse("accounts:sessions")
END = reverse("accounts:session_end")
FIREFOX_WINDOWS = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:131.0) Gecko/20100101 Firefox/131.0"
SAFARI_IPHONE = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 "
    "(KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1"
)


def browser(user_agent: str, address: str = "203.0.113.57") -> Client:
    return Client(HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address)


@pytest.mark.parametrize(
    ("user_agent", "described"),
    [
        (FIREFOX_WINDOWS, "Firefox sous Windows"),
        (SAFARI_IPHONE, "Safari sous iOS"),
        (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/130.0.0.0 Safari/537.36 Edg/130.0.0.0",
            "Edge sous Windows",
        ),
        (
            "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
            "Chrome/130.0.0.0 Mobile Safari/537.36",
            "Chrome sous Android",
        ),
        (
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like "
            "Gecko) Version/17.6 Safari/605.1.15",
            "Safari sous macOS",
        ),
        (
            "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0",
            "Firefox sous Linux",
        ),
        ("curl/8.5.0", "Navigateur inconnu"),
        ("", "Navigateur inconnu"),
    ],
)
def test_the_browser_is_named_readably(user_agent, described):
    assert describe_user_agent(user_agent) == described


@pytest.mark.parametrize(
    ("address", "kept"),
    [
        ("203.0.113.57", "203.0.113.0"),
        ("2001:db8:85a3:8d3:1319:8a2e:370:7348", "2001:db8:85a3::"),
        ("pas une adresse", ""),
        (None, ""),
    ],
)
def test_the_address_is_kept_truncated(address, kept):
    assert truncate_ip(address) == kept


@pytest.mark.django_db
def test_a_login_records_its_browser_and_truncated_address(world, password):
    firefox = browser(FIREFOX_WINDOWS)
    log_in(firefox, world.a.teacher.email, password)

    recorded = UserSession.objects.get(user=world.a.teacher)
    assert (recorded.device, recorded.ip_address) == ("Firefox sous Windows", "203.0.113.0")
    assert recorded.session_key == firefox.session.session_key


@pytest.mark.django_db
def test_he_sees_his_sessions_and_which_one_he_is_using(world, password):
    firefox, safari = browser(FIREFOX_WINDOWS), browser(SAFARI_IPHONE, "198.51.100.4")
    log_in(firefox, world.a.sd.email, password)
    log_in(safari, world.a.sd.email, password)

    page = firefox.get(SESSIONS).content.decode()

    assert "Firefox sous Windows" in page and "Safari sous iOS" in page
    assert "198.51.100.0" in page and "198.51.100.4" not in page
    assert page.count("Cette session") == 1


@pytest.mark.django_db
def test_he_sees_only_his_own_sessions(world, password):
    log_in(browser(SAFARI_IPHONE), world.a.sr.email, password)
    firefox = browser(FIREFOX_WINDOWS)
    log_in(firefox, world.a.sd.email, password)

    page = firefox.get(SESSIONS).content.decode()

    assert "Safari sous iOS" not in page


@pytest.mark.django_db
def test_ending_another_session_signs_that_browser_out(world, password):
    firefox, safari = browser(FIREFOX_WINDOWS), browser(SAFARI_IPHONE)
    log_in(firefox, world.a.sd.email, password)
    log_in(safari, world.a.sd.email, password)
    other = UserSession.objects.get(session_key=safari.session.session_key)

    confirm = firefox.get(END, {"session": other.pk})
    response = firefox.post(END, {"session": other.pk})

    assert "Safari sous iOS" in confirm.content.decode()
    assert response["Location"] == SESSIONS
    assert safari.get(reverse("core:staff_home"))["Location"].startswith(reverse("accounts:login"))
    assert firefox.get(reverse("core:staff_home")).status_code == 200
    assert not UserSession.objects.filter(pk=other.pk).exists()
    assert AuditEntry.objects.filter(action="session terminée", actor=world.a.sd).exists()


@pytest.mark.django_db
def test_ending_the_current_session_signs_him_out(world, password):
    firefox = browser(FIREFOX_WINDOWS)
    log_in(firefox, world.a.teacher.email, password)
    current = UserSession.objects.get(session_key=firefox.session.session_key)

    assert "vous déconnecte" in firefox.get(END, {"session": current.pk}).content.decode()
    response = firefox.post(END, {"session": current.pk})

    assert response["Location"] == reverse("accounts:login")
    assert firefox.get(SESSIONS)["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_another_persons_session_cannot_be_ended(world, password):
    victim = browser(SAFARI_IPHONE)
    log_in(victim, world.a.sr.email, password)
    theirs = UserSession.objects.get(user=world.a.sr)
    firefox = browser(FIREFOX_WINDOWS)
    log_in(firefox, world.a.sd.email, password)

    assert firefox.get(END, {"session": theirs.pk}).status_code == 404
    assert firefox.post(END, {"session": theirs.pk}).status_code == 404
    assert firefox.post(END, {"session": "n'importe quoi"}).status_code == 404
    assert victim.get(reverse("core:staff_home")).status_code == 200


@pytest.mark.django_db
def test_signing_out_forgets_the_session(world, password):
    firefox = browser(FIREFOX_WINDOWS)
    log_in(firefox, world.a.teacher.email, password)
    firefox.post(reverse("accounts:logout"))
    assert not UserSession.objects.filter(user=world.a.teacher).exists()


@pytest.mark.django_db
def test_sessions_that_ended_elsewhere_are_not_listed(world, password):
    firefox, safari = browser(FIREFOX_WINDOWS), browser(SAFARI_IPHONE)
    log_in(firefox, world.a.sd.email, password)
    log_in(safari, world.a.sd.email, password)
    safari.session.flush()  # e.g. expired and cleared by `clearsessions`

    page = firefox.get(SESSIONS).content.decode()

    assert "Safari sous iOS" not in page
    assert UserSession.objects.filter(user=world.a.sd).count() == 1


@pytest.mark.django_db
def test_the_record_follows_the_session_through_a_password_change(world, password):
    firefox = browser(FIREFOX_WINDOWS)
    log_in(firefox, world.a.teacher.email, password)
    new_password = "une autre phrase de passe assez longue 2025"
    key_at_login = firefox.session.session_key
    changed = firefox.post(
        reverse("accounts:password_change"),
        {"old_password": password, "new_password1": new_password, "new_password2": new_password},
    )

    assert changed.status_code == 302 and firefox.session.session_key != key_at_login
    recorded = UserSession.objects.get(user=world.a.teacher)
    assert recorded.session_key == firefox.session.session_key
    assert firefox.post(END, {"session": recorded.pk})["Location"] == reverse("accounts:login")


@pytest.mark.django_db
def test_activity_is_noted_at_most_once_a_minute(world, password):
    firefox = browser(FIREFOX_WINDOWS)
    start = dt.datetime(2025, 10, 6, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as clock:
        log_in(firefox, world.a.teacher.email, password)
        clock.shift(dt.timedelta(seconds=30))
        firefox.get(SESSIONS)
        assert UserSession.objects.get(user=world.a.teacher).last_seen_at == start
        clock.shift(dt.timedelta(seconds=31))
        firefox.get(SESSIONS)
        assert UserSession.objects.get(user=world.a.teacher).last_seen_at == start + dt.timedelta(
            seconds=61
        )


@pytest.mark.django_db
def test_a_session_still_waiting_for_its_code_is_flagged(world, password):
    device = TOTPDevice.objects.create(user=world.a.sd, name="Téléphone", confirmed=True)
    firefox, safari = browser(FIREFOX_WINDOWS), browser(SAFARI_IPHONE)
    log_in(firefox, world.a.sd.email, password)
    firefox.post(reverse("accounts:two_factor_verify"), {"code": f"{totp(device.bin_key):06d}"})
    log_in(safari, world.a.sd.email, password)  # the password only: someone knows it?

    page = firefox.get(SESSIONS).content.decode()

    assert page.count("Code non saisi") == 1
    assert safari.get(SESSIONS)["Location"].startswith(reverse("accounts:two_factor_verify"))
