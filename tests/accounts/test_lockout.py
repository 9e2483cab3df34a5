"""Finding 5 (issue #11): lock-out was per address alone, so six failures from a school's single
address locked out everyone behind it, the DN included. Failures now count per account and
address, and per account, with a growing delay; the services unlock an account, audited."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from opuss.accounts.backends import account_key
from opuss.accounts.lockout import (
    Failures,
    Lock,
    Policy,
    duration_label,
    lock_delay,
    lock_of,
    time_left,
)
from opuss.core.models import AuditEntry

SCHOOL = "192.0.2.10"  # one address for a whole school (NAT)
HOME = "198.51.100.7"
NEW_PASSWORD = "cheval agrafe batterie correcte"
DELAYS = tuple(timedelta(minutes=m) for m in (1, 5, 15, 60))
T0 = datetime(2025, 10, 6, 9, 0, tzinfo=UTC)


def fail(client, login, address=SCHOOL):
    return client.post(
        reverse("accounts:login"), {"username": login, "password": "mauvais"}, REMOTE_ADDR=address
    )


def logs_in_from(client, login, password, address=SCHOOL) -> int:
    """The status of a login with these credentials: 302 in, 429 locked."""
    status = client.post(
        reverse("accounts:login"), {"username": login, "password": password}, REMOTE_ADDR=address
    ).status_code
    client.logout()
    return status


def lock(user, address=SCHOOL, failures=5):
    """The account locked from `address` as axes stores it (the last failure just now)."""
    AccessAttempt.objects.create(
        username=account_key(user),
        ip_address=address,
        user_agent="test",
        failures_since_start=failures,
        get_data="",
        post_data="",
        http_accept="",
        path_info=reverse("accounts:login"),
    )


# The policy, without a database


@pytest.mark.parametrize(
    ("failures", "limit", "delay"),
    [
        (0, 5, None),
        (4, 5, None),
        (5, 5, 1),
        (6, 5, 5),
        (7, 5, 15),
        (8, 5, 60),
        (40, 5, 60),
        (19, 20, None),
        (20, 20, 1),
        (22, 20, 15),
        (25, 20, 60),
    ],
)
def test_the_delay_starts_at_the_limit_and_grows_with_each_further_failure(failures, limit, delay):
    expected = timedelta(minutes=delay) if delay is not None else None
    assert lock_delay(failures, limit, DELAYS) == expected


POLICY = Policy(address_limit=5, account_limit=20, delays=DELAYS)


@pytest.mark.parametrize(
    ("account", "address", "minutes_later", "lock"),
    [
        # Below both limits.
        ((4, 0), (4, 0), 0, None),
        # Five from this address: locked here for a minute, then free.
        ((5, 0), (5, 0), 0, Lock(T0 + timedelta(minutes=1), everywhere=False)),
        ((5, 0), (5, 0), 1, None),
        # Five from elsewhere: nothing here.
        ((5, 0), (0, None), 0, None),
        # Twenty from many addresses: locked everywhere.
        ((20, 0), (0, None), 0, Lock(T0 + timedelta(minutes=1), everywhere=True)),
        # Both: the later one holds.
        ((21, 0), (7, -11), 0, Lock(T0 + timedelta(minutes=5), everywhere=True)),
        ((21, 0), (8, 0), 0, Lock(T0 + timedelta(hours=1), everywhere=False)),
    ],
)
def test_the_lock_in_force_is_the_later_of_the_address_and_the_account(
    account, address, minutes_later, lock
):
    def failures(count, minutes):
        return Failures(count, T0 + timedelta(minutes=minutes) if minutes is not None else None)

    now = T0 + timedelta(minutes=minutes_later)
    assert lock_of(POLICY, failures(*account), failures(*address), now) == lock


@pytest.mark.parametrize(
    ("seconds", "label"),
    [(59.5, "1 minute"), (60, "1 minute"), (61, "2 minutes"), (3600, "1 heure")],
)
def test_the_time_left_is_rounded_up_to_the_minute(seconds, label):
    assert time_left(T0 + timedelta(seconds=seconds), T0) == label


@pytest.mark.parametrize(
    ("minutes", "label"),
    [(1, "1 minute"), (5, "5 minutes"), (60, "1 heure"), (90, "90 minutes"), (120, "2 heures")],
)
def test_a_delay_is_said_in_french(minutes, label):
    assert duration_label(timedelta(minutes=minutes)) == label


# Logging in


@pytest.mark.django_db
def test_six_failures_on_one_account_do_not_lock_out_the_others_behind_the_same_address(
    client, world, password
):
    for _ in range(6):
        fail(client, world.a.teacher.email)
    assert logs_in_from(client, world.dn.email, password) == 302
    assert logs_in_from(client, world.a.secretary.email, password) == 302


@pytest.mark.django_db
def test_an_address_trying_many_accounts_is_not_locked(client, world, password):
    for user in (world.a.sd, world.a.sr, world.b.sd, world.b.sr, world.a.secretary, world.dn):
        fail(client, user.email)
    for _ in range(5):
        fail(client, "inconnu@example.fr")
    assert logs_in_from(client, world.a.teacher.email, password) == 302


@pytest.mark.django_db
def test_the_attacked_account_is_locked_from_that_address_even_with_the_right_password(
    client, world, password
):
    for _ in range(4):
        assert fail(client, world.a.teacher.email).status_code == 200
    locked = fail(client, world.a.teacher.email)
    assert locked.status_code == 429
    assert logs_in_from(client, world.a.teacher.email, password) == 429
    assert logs_in_from(client, world.a.teacher.email, password, address=HOME) == 302


@pytest.mark.django_db
def test_the_locked_page_says_in_french_until_when(client, world):
    for _ in range(5):
        response = fail(client, world.a.teacher.email)
    page = response.content.decode()
    assert "Connexion temporairement bloquée" in page
    assert "Trop de tentatives de connexion à ce compte ont échoué" in page
    assert "jusqu'à" in page and "(encore 1 minute)" in page
    assert reverse("accounts:password_reset") in page


@pytest.mark.django_db
def test_the_delay_grows_on_the_next_lock(client, world, password):
    teacher = world.a.teacher.email
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(5):
            fail(client, teacher)
        clock.shift(timedelta(seconds=61))  # the first lock (1 minute) is over
        assert fail(client, teacher).status_code == 429  # the sixth failure locks again...
        clock.shift(timedelta(minutes=4))
        assert logs_in_from(client, teacher, password) == 429  # ...for five minutes
        clock.shift(timedelta(minutes=1, seconds=1))
        assert logs_in_from(client, teacher, password) == 302


@pytest.mark.django_db
def test_attempts_refused_during_a_lock_do_not_lengthen_it(client, world, password):
    teacher = world.a.teacher.email
    with time_machine.travel(T0, tick=False) as clock:
        for _ in range(5):
            fail(client, teacher)
        for _ in range(3):
            assert fail(client, teacher).status_code == 429
        clock.shift(timedelta(seconds=61))
        assert logs_in_from(client, teacher, password) == 302


@pytest.mark.django_db
def test_failures_spread_over_many_addresses_lock_the_account_beyond_its_limit(
    client, world, password
):
    for number in range(19):
        assert fail(client, world.a.teacher.email, address=f"203.0.113.{number}").status_code == 200
    assert fail(client, world.a.teacher.email, address="203.0.113.19").status_code == 429
    assert logs_in_from(client, world.a.teacher.email, password, address=HOME) == 429
    assert logs_in_from(client, world.a.secretary.email, password, address=HOME) == 302


@pytest.mark.django_db
def test_spelling_the_login_differently_does_not_escape_the_lock(client, world, password):
    for variant in (
        world.a.teacher.email,
        world.a.teacher.email.upper(),
        f" {world.a.teacher.email} ",
        world.a.teacher.email.title(),
        world.a.teacher.email.replace("@", " @"),
    ):
        fail(client, variant)
    assert logs_in_from(client, world.a.teacher.email, password) == 429


@pytest.mark.django_db
def test_a_pupils_email_and_licence_number_are_one_account(client, world, password):
    for _ in range(3):
        fail(client, world.a.pupil.email)
    for _ in range(2):
        fail(client, world.a.licence.number)
    assert logs_in_from(client, world.a.licence.number, password) == 429
    assert logs_in_from(client, world.a.secretary.email, password) == 302  # the address is free


@pytest.mark.django_db
def test_a_success_forgets_the_failures_from_its_address_only(client, world, password):
    teacher = world.a.teacher.email
    for _ in range(4):
        fail(client, teacher)
        fail(client, teacher, address=HOME)
    assert logs_in_from(client, teacher, password) == 302
    for _ in range(4):
        assert fail(client, teacher).status_code == 200
    assert fail(client, teacher, address=HOME).status_code == 429


@pytest.mark.django_db
def test_a_new_password_from_the_emailed_link_unlocks_the_account(
    client, world, django_capture_on_commit_callbacks
):
    teacher = world.a.teacher
    for number in range(20):
        fail(client, teacher.email, address=f"203.0.113.{number}")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"login": teacher.email})
    link = mail.outbox[0].body.split("http://", 1)[1].split()[0].split("/", 1)[1]
    form_page = client.get(f"/{link}", follow=True)
    client.post(
        form_page.request["PATH_INFO"],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert logs_in_from(client, teacher.email, NEW_PASSWORD) == 302


# « Comptes bloqués »


def locked_page(client, viewer) -> str:
    client.force_login(viewer)
    return client.get(reverse("accounts:locked_accounts")).content.decode()


@pytest.mark.django_db
def test_each_service_sees_the_locked_accounts_of_its_territory(client, world):
    lock(world.a.teacher)
    lock(world.b.teacher, failures=20)
    lock(world.a.licence.pupil.user, address=HOME)
    for viewer, shown, hidden in [
        (world.a.sd, [world.a.teacher, world.a.pupil], [world.b.teacher]),
        (world.a.sr, [world.a.teacher, world.a.pupil], [world.b.teacher]),
        (world.b.sd, [world.b.teacher], [world.a.teacher, world.a.pupil]),
        (world.dn, [world.a.teacher, world.b.teacher, world.a.pupil], []),
    ]:
        page = locked_page(client, viewer)
        assert all(user.display_name in page for user in shown), viewer
        assert not any(user.display_name in page for user in hidden), viewer


@pytest.mark.django_db
def test_an_account_no_longer_locked_is_not_listed(client, world):
    lock(world.a.teacher, failures=4)
    lock(world.a.secretary)
    AccessAttempt.objects.filter(username=account_key(world.a.secretary)).update(
        attempt_time=timezone.now() - timedelta(minutes=2)  # its one-minute lock is over
    )
    page = locked_page(client, world.a.sd)
    assert "Aucun compte bloqué dans votre territoire" in page


@pytest.mark.django_db
def test_the_staff_dashboard_links_to_the_locked_accounts(client, world):
    client.force_login(world.a.sd)
    page = client.get(reverse("core:staff_home")).content.decode()
    assert reverse("accounts:locked_accounts") in page


@pytest.mark.django_db
def test_the_sd_unlocks_an_account_of_his_department_after_confirming(client, world, password):
    lock(world.a.teacher, failures=7)
    url = reverse("accounts:unlock", kwargs={"pk": world.a.teacher.pk})
    client.force_login(world.a.sd)
    confirmation = client.get(url).content.decode()
    assert f"Débloquer le compte de {world.a.teacher.display_name}" in confirmation
    assert AccessAttempt.objects.exists()
    response = client.post(url, follow=True)
    assert "est débloqué" in response.content.decode()
    assert not AccessAttempt.objects.exists()
    entry = AuditEntry.objects.get(action="compte débloqué")
    assert (entry.actor, entry.object_id) == (world.a.sd, str(world.a.teacher.pk))
    assert entry.before["échecs de connexion"] == 7
    assert logs_in_from(client, world.a.teacher.email, password) == 302


@pytest.mark.django_db
def test_unlocking_forgets_the_failures_from_every_address(client, world, password):
    lock(world.a.teacher)
    lock(world.a.teacher, address=HOME, failures=16)
    client.force_login(world.a.sr)
    client.post(reverse("accounts:unlock", kwargs={"pk": world.a.teacher.pk}))
    assert not AccessAttempt.objects.filter(username=account_key(world.a.teacher)).exists()


@pytest.mark.django_db
def test_sd_cannot_unlock_an_account_outside_his_department(client, world):
    lock(world.b.teacher)
    client.force_login(world.a.sd)
    url = reverse("accounts:unlock", kwargs={"pk": world.b.teacher.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert AccessAttempt.objects.filter(username=account_key(world.b.teacher)).exists()
    assert not AuditEntry.objects.filter(action="compte débloqué").exists()


@pytest.mark.django_db
def test_the_sr_unlocks_his_academys_sd_but_the_sd_cannot_unlock_his_sr(client, world):
    lock(world.a.sd)
    lock(world.a.sr)
    client.force_login(world.a.sd)
    assert client.post(reverse("accounts:unlock", kwargs={"pk": world.a.sr.pk})).status_code == 404
    client.force_login(world.a.sr)
    assert client.post(reverse("accounts:unlock", kwargs={"pk": world.a.sd.pk})).status_code == 302
    assert not AccessAttempt.objects.filter(username=account_key(world.a.sd)).exists()


@pytest.mark.django_db
def test_the_sd_unlocks_a_pupil_licensed_in_his_department(client, world):
    lock(world.a.pupil)
    client.force_login(world.a.sd)
    assert (
        client.post(reverse("accounts:unlock", kwargs={"pk": world.a.pupil.pk})).status_code == 302
    )
    assert not AccessAttempt.objects.exists()


@pytest.mark.django_db
def test_unlocking_an_account_that_is_not_locked_says_so_and_records_nothing(client, world):
    client.force_login(world.a.sd)
    url = reverse("accounts:unlock", kwargs={"pk": world.a.teacher.pk})
    response = client.post(url, follow=True)
    assert "n&#x27;est pas bloqué" in response.content.decode()
    assert not AuditEntry.objects.filter(action="compte débloqué").exists()


@pytest.mark.django_db
def test_an_as_member_has_no_unlock_screen(client, world):
    lock(world.a.teacher)
    client.force_login(world.a.secretary)
    assert client.get(reverse("accounts:locked_accounts")).status_code == 404
    url = reverse("accounts:unlock", kwargs={"pk": world.a.teacher.pk})
    assert client.post(url).status_code == 404
