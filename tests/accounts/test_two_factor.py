"""The second factor of the services' staff: set up with a code, asked after the password,
mandatory per role when the national direction says so."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from opuss.accounts import twofactor
from opuss.accounts.models import TwoFactorPolicy
from opuss.core.models import AuditEntry
from tests.helpers import log_in

pytestmark = pytest.mark.django_db

STAFF_HOME = reverse("core:staff_home")
VERIFY = reverse("accounts:two_factor_verify")
SETUP = reverse("accounts:two_factor_setup")


def code(key_hex: str, steps_ahead: int = 0) -> str:
    """What the person's application shows now (or that many 30-second steps later: a code
    is accepted once, the next one is the next step's)."""
    return f"{totp(bytes.fromhex(key_hex), drift=steps_ahead):06d}"


def wrong_code(key_hex: str) -> str:
    accepted = {code(key_hex, steps) for steps in (-1, 0, 1)}
    return next(c for c in (f"{n:06d}" for n in range(1_000_000)) if c not in accepted)


def with_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.create(user=user, name="Téléphone", confirmed=True)
    twofactor.new_recovery_codes(user)
    return device


@pytest.fixture
def no_throttle(settings):
    """Without django-otp's growing wait after a wrong code, a test may retry at once."""
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


# Setting up


def test_sd_enables_the_second_factor_with_a_code_from_his_application(client, world):
    client.force_login(world.a.sd)
    page = client.get(SETUP)
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/png;base64,' in html
    key = client.session[twofactor.PENDING_KEY_SESSION_KEY]
    assert twofactor.provisioning_for(world.a.sd, key).secret in html  # to type it by hand

    response = client.post(SETUP, {"code": code(key)})

    assert response["Location"] == reverse("accounts:recovery_codes")
    device = TOTPDevice.objects.get(user=world.a.sd)
    assert device.confirmed and device.key == key
    assert AuditEntry.objects.filter(
        action="double authentification activée", object_id=str(world.a.sd.pk)
    ).exists()


def test_the_ten_recovery_codes_are_shown_once(client, world):
    client.force_login(world.a.sr)
    client.get(SETUP)
    client.post(SETUP, {"code": code(client.session[twofactor.PENDING_KEY_SESSION_KEY])})

    first = client.get(reverse("accounts:recovery_codes"))
    again = client.get(reverse("accounts:recovery_codes"))

    tokens = StaticToken.objects.filter(device__user=world.a.sr).values_list("token", flat=True)
    assert len(tokens) == 10
    assert all(token in first.content.decode() for token in tokens)
    assert again["Location"] == reverse("accounts:security")


def test_enabling_refuses_a_wrong_code_in_french(client, world):
    client.force_login(world.a.sd)
    client.get(SETUP)
    key = client.session[twofactor.PENDING_KEY_SESSION_KEY]

    response = client.post(SETUP, {"code": wrong_code(key)})

    assert response.status_code == 200
    assert "Ce code ne correspond pas" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=world.a.sd).exists()


def test_the_code_typed_at_activation_does_not_sign_in_again(client, world, password, no_throttle):
    client.force_login(world.a.sd)
    client.get(SETUP)
    key = client.session[twofactor.PENDING_KEY_SESSION_KEY]
    # Both codes read at once: computed again later, across a 30-second boundary, "one step
    # ahead" would be another code, which is no reuse.
    ahead, next_one = code(key, 1), code(key, 2)
    client.post(SETUP, {"code": ahead})  # the phone's clock a little ahead
    client.post(reverse("accounts:logout"))
    log_in(client, world.a.sd.email, password)

    reused = client.post(VERIFY, {"code": ahead})
    following = client.post(VERIFY, {"code": next_one})

    assert "Code incorrect" in reused.content.decode()
    assert following["Location"] == reverse("core:home")


def test_reloading_the_set_up_page_keeps_the_same_secret(client, world):
    client.force_login(world.a.sd)
    client.get(SETUP)
    key = client.session[twofactor.PENDING_KEY_SESSION_KEY]
    client.get(SETUP)
    assert client.session[twofactor.PENDING_KEY_SESSION_KEY] == key


def test_the_session_that_enabled_it_stays_signed_in(client, world):
    client.force_login(world.a.sd)
    client.get(SETUP)
    client.post(SETUP, {"code": code(client.session[twofactor.PENDING_KEY_SESSION_KEY])})
    assert client.get(STAFF_HOME).status_code == 200


def test_enabling_it_asks_the_code_in_his_other_browsers(client, world):
    other_browser = Client()
    other_browser.force_login(world.a.sd)
    client.force_login(world.a.sd)
    client.get(SETUP)
    client.post(SETUP, {"code": code(client.session[twofactor.PENDING_KEY_SESSION_KEY])})

    assert other_browser.get(STAFF_HOME)["Location"].startswith(VERIFY)


@pytest.mark.parametrize("actor", ["pupil", "teacher", "secretary"])
def test_pupils_and_as_have_no_security_page(client, world, actor):
    client.force_login(world.actor(actor))
    assert client.get(reverse("accounts:security")).status_code == 404
    assert client.get(SETUP).status_code == 404


def test_the_profile_menu_leads_staff_to_the_security_page(client, world):
    client.force_login(world.a.sd)
    page = client.get(STAFF_HOME).content.decode()
    assert reverse("accounts:security") in page
    assert reverse("accounts:sessions") in page
    client.force_login(world.a.teacher)
    home = client.get(reverse("associations:detail", args=[world.a.association.code]))
    assert reverse("accounts:security") not in home.content.decode()


# Signing in


def test_with_a_device_the_password_alone_does_not_reach_the_dashboard(client, world, password):
    with_device(world.a.sd)

    response = log_in(client, world.a.sd.email, password)
    landed = client.get(response["Location"], follow=True)

    assert landed.request["PATH_INFO"] == VERIFY
    assert "Code de vérification" in landed.content.decode()
    assert client.get(STAFF_HOME)["Location"].startswith(VERIFY)
    assert client.get(reverse("associations:list"))["Location"].startswith(VERIFY)


def test_the_code_completes_the_sign_in_and_goes_where_he_was_going(client, world, password):
    device = with_device(world.a.sd)
    log_in(client, world.a.sd.email, password)
    wanted = reverse("associations:list")
    asked = client.get(wanted)
    assert asked["Location"] == f"{VERIFY}?{urlencode({'next': wanted})}"

    response = client.post(asked["Location"], {"code": code(device.key), "next": wanted})

    assert response["Location"] == wanted
    assert client.get(STAFF_HOME).status_code == 200


def test_a_wrong_code_is_refused_in_french(client, world, password):
    device = with_device(world.a.sd)
    log_in(client, world.a.sd.email, password)

    response = client.post(VERIFY, {"code": wrong_code(device.key)})

    assert response.status_code == 200
    assert "Code incorrect" in response.content.decode()
    assert client.get(STAFF_HOME)["Location"].startswith(VERIFY)


def test_wrong_codes_in_a_row_make_him_wait(client, world, password):
    device = with_device(world.a.sd)
    log_in(client, world.a.sd.email, password)
    client.post(VERIFY, {"code": wrong_code(device.key)})

    response = client.post(VERIFY, {"code": code(device.key)})

    assert "Trop de codes erronés" in response.content.decode()
    assert client.get(STAFF_HOME).status_code == 302


def test_a_code_is_accepted_only_once(client, world, password):
    device = with_device(world.a.sd)
    current = code(device.key)
    log_in(client, world.a.sd.email, password)
    client.post(VERIFY, {"code": current})
    client.post(reverse("accounts:logout"))

    log_in(client, world.a.sd.email, password)
    response = client.post(VERIFY, {"code": current})

    assert "Code incorrect" in response.content.decode()


def test_a_recovery_code_signs_in_once(client, world, password):
    with_device(world.a.sd)
    token = StaticToken.objects.filter(device__user=world.a.sd).first().token
    log_in(client, world.a.sd.email, password)

    response = client.post(VERIFY, {"code": f" {token.upper()} "})

    assert response["Location"] == reverse("core:home")
    assert client.get(STAFF_HOME).status_code == 200
    client.post(reverse("accounts:logout"))
    log_in(client, world.a.sd.email, password)
    assert "Code incorrect" in client.post(VERIFY, {"code": token}).content.decode()


def test_the_code_renews_the_session_key_and_keeps_remember_me(client, world, password):
    device = with_device(world.a.sd)
    log_in(client, world.a.sd.email, password, remember_me="on")
    key_before_code = client.session.session_key

    client.post(VERIFY, {"code": code(device.key)})

    assert client.session.session_key != key_before_code
    assert not client.session.get_expire_at_browser_close()


def test_without_a_device_login_is_unchanged(client, world, password):
    response = log_in(client, world.a.sd.email, password)
    assert client.get(response["Location"], follow=True).request["PATH_INFO"] == STAFF_HOME
    assert client.get(VERIFY)["Location"] == reverse("core:home")


def test_the_code_step_allows_signing_out(client, world, password):
    with_device(world.a.sd)
    log_in(client, world.a.sd.email, password)
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("accounts:login")
    assert client.get(VERIFY)["Location"].startswith(reverse("accounts:login"))


# Recovery codes and turning it off


def test_the_security_page_says_whether_it_is_on_and_the_codes_left(client, world):
    client.force_login(world.a.sr)
    assert "Désactivée" in client.get(reverse("accounts:security")).content.decode()
    device = with_device(world.a.sr)
    client.post(VERIFY, {"code": code(device.key)})

    page = client.get(reverse("accounts:security")).content.decode()

    assert "Activée" in page
    assert "Il vous reste <strong>10</strong> codes de secours" in page
    assert reverse("accounts:two_factor_disable") in page
    assert client.get(reverse("accounts:two_factor_disable")).status_code == 200


def test_new_recovery_codes_replace_the_old_ones(client, world):
    with_device(world.a.sd)
    old = set(StaticToken.objects.filter(device__user=world.a.sd).values_list("token", flat=True))
    client.force_login(world.a.sd)
    client.post(VERIFY, {"code": old.copy().pop()})

    response = client.post(reverse("accounts:recovery_codes_renew"))

    new = set(StaticToken.objects.filter(device__user=world.a.sd).values_list("token", flat=True))
    assert response["Location"] == reverse("accounts:recovery_codes")
    assert len(new) == 10 and not new & old


def test_disabling_asks_the_password_and_a_code(client, world, password, no_throttle):
    device = with_device(world.a.sd)
    client.force_login(world.a.sd)
    client.post(VERIFY, {"code": code(device.key)})
    url = reverse("accounts:two_factor_disable")

    wrong_password = client.post(url, {"password": "pas le bon", "code": code(device.key, 1)})
    wrong_code_given = client.post(url, {"password": password, "code": wrong_code(device.key)})

    assert "Le mot de passe est incorrect" in wrong_password.content.decode()
    assert "Code incorrect" in wrong_code_given.content.decode()
    assert TOTPDevice.objects.filter(user=world.a.sd).exists()

    done = client.post(url, {"password": password, "code": code(device.key, 1)})

    assert done["Location"] == reverse("accounts:security")
    assert not TOTPDevice.objects.filter(user=world.a.sd).exists()
    assert not StaticDevice.objects.filter(user=world.a.sd).exists()
    assert AuditEntry.objects.filter(action="double authentification désactivée").exists()


# The national direction's policy


def test_dn_makes_the_second_factor_mandatory_for_a_role(client, world):
    client.force_login(world.dn)
    assert reverse("accounts:two_factor_policy") in client.get(STAFF_HOME).content.decode()

    response = client.post(reverse("accounts:two_factor_policy"), {"roles": ["SD"]})

    assert response.status_code == 302
    assert twofactor.required_roles() == {"SD"}
    entry = AuditEntry.objects.get(action="double authentification obligatoire modifiée")
    assert (entry.actor, entry.before, entry.after) == (
        world.dn,
        {"obligatoire": False},
        {"obligatoire": True},
    )


def test_the_policy_page_counts_the_accounts_a_mandatory_role_would_stop(client, world):
    with_device(world.a.sd)
    client.force_login(world.dn)

    page = client.get(reverse("accounts:two_factor_policy")).content.decode()

    assert "1 compte sans double authentification" in page  # SD: side B's; also DN: himself
    assert "2 comptes sans double authentification" in page  # SR: both sides
    assert twofactor.staff_without_device() == {"SD": 1, "SR": 2, "DN": 1}


@pytest.mark.parametrize("actor", ["sd", "sr", "teacher", "pupil"])
def test_only_dn_sets_the_policy(client, world, actor):
    client.force_login(world.actor(actor))
    response = client.post(reverse("accounts:two_factor_policy"), {"roles": ["SD", "SR"]})
    assert response.status_code == 404
    assert twofactor.required_roles() == set()


def test_a_mandatory_role_without_a_device_is_sent_to_set_it_up_first(client, world):
    TwoFactorPolicy.objects.create(role="SD", required=True)
    client.force_login(world.a.sd)

    for url in (STAFF_HOME, reverse("associations:list"), reverse("accounts:sessions")):
        assert client.get(url)["Location"].startswith(SETUP), url
    assert client.get(SETUP).status_code == 200
    assert "obligatoire pour votre rôle" in client.get(SETUP).content.decode()

    client.post(SETUP, {"code": code(client.session[twofactor.PENDING_KEY_SESSION_KEY])})

    assert client.get(reverse("accounts:recovery_codes")).status_code == 200
    assert client.get(STAFF_HOME).status_code == 200


def test_a_mandatory_role_may_still_sign_out(client, world):
    TwoFactorPolicy.objects.create(role="SD", required=True)
    client.force_login(world.a.sd)
    assert client.post(reverse("accounts:logout"))["Location"] == reverse("accounts:login")


def test_roles_left_optional_are_not_forced(client, world):
    TwoFactorPolicy.objects.create(role="SD", required=True)
    for actor in ("sr", "dn", "teacher"):
        client.force_login(world.actor(actor))
        landed = client.get(reverse("core:home"), follow=True)
        assert landed.status_code == 200, actor
        assert landed.request["PATH_INFO"] != SETUP, actor
