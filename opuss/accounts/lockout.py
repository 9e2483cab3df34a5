"""Failed logins: when an account is locked, for how long, and unlocking it.

Failures are counted per account and address (AXES_FAILURE_LIMIT, 5) and per account from
everywhere (LOCKOUT_ACCOUNT_FAILURE_LIMIT, 20, so that guesses spread over many addresses still
stop), never per address alone: a school's pupils and staff share one address, and six failures
there must not lock out the others, the national direction included. Reaching a limit locks for
the first delay; each further failure past it locks again for the next, longer one, up to the last
(as a phone does with its passcode). Axes stores the failures (AccessAttempt: one row per account,
address and browser) and forgets them a day after the last one; it has one limit and one delay,
so the handler below decides with lock_of.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from math import ceil

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from axes.utils import reset
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from opuss.accounts.backends import ACCOUNT_KEY_PREFIX, account_key, account_pk
from opuss.associations.models import SportsAssociation
from opuss.core.audit import record
from opuss.core.scope import scope_of
from opuss.licences.models import Pupil
from opuss.territories.models import Academy, Department

# The policy, in plain Python


@dataclass(frozen=True)
class Policy:
    address_limit: int  # failures on one account from one address
    account_limit: int  # failures on one account from anywhere
    delays: tuple[timedelta, ...]  # the lock's length at the limit, then at each further failure

    @property
    def delay_labels(self) -> list[str]:
        return [duration_label(delay) for delay in self.delays]


@dataclass(frozen=True)
class Failures:
    count: int = 0
    last: datetime | None = None


@dataclass(frozen=True)
class Lock:
    until: datetime
    everywhere: bool  # the account's own limit: locked from every address, not only one


def lock_delay(failures: int, limit: int, delays: tuple[timedelta, ...]) -> timedelta | None:
    """How long `failures` lock: not at all below the limit, the first delay at the limit, then
    one step longer for each further failure, the last delay being the cap."""
    if failures < limit:
        return None
    return delays[min(failures - limit, len(delays) - 1)]


def _until(failures: Failures, limit: int, delays: tuple[timedelta, ...]) -> datetime | None:
    delay = lock_delay(failures.count, limit, delays)
    if delay is None or failures.last is None:
        return None
    return failures.last + delay


def lock_of(policy: Policy, account: Failures, address: Failures, now: datetime) -> Lock | None:
    """The lock in force at `now` for an account tried from an address, if any: the later of
    the address's (its failures there) and the account's (its failures from everywhere)."""
    candidates = [
        (_until(address, policy.address_limit, policy.delays), False),
        (_until(account, policy.account_limit, policy.delays), True),
    ]
    locks = [Lock(until, everywhere) for until, everywhere in candidates if until and until > now]
    return max(locks, key=lambda lock: lock.until, default=None)


def duration_label(delay: timedelta) -> str:
    """ "1 minute", "15 minutes", "1 heure", "2 heures"."""
    minutes = int(delay.total_seconds() // 60)
    count, unit = (minutes // 60, "heure") if minutes and minutes % 60 == 0 else (minutes, "minute")
    return f"{count} {unit}{'s' if count > 1 else ''}"


def time_left(until: datetime, now: datetime) -> str:
    """ "1 minute" while any of it is left (rounded up: never "0 minute")."""
    return duration_label(timedelta(minutes=ceil((until - now).total_seconds() / 60)))


def current_policy() -> Policy:
    return Policy(
        address_limit=settings.AXES_FAILURE_LIMIT,
        account_limit=settings.LOCKOUT_ACCOUNT_FAILURE_LIMIT,
        delays=tuple(settings.LOCKOUT_DELAYS),
    )


# Failures as axes stores them


def failures_in(attempts) -> Failures:
    return Failures(
        sum(attempt.failures_since_start for attempt in attempts),
        max((attempt.attempt_time for attempt in attempts), default=None),
    )


def remembered_attempts(now: datetime):
    """Axes forgets failures AXES_COOLOFF_TIME after the last one (a day), and no lock is longer."""
    return AccessAttempt.objects.filter(attempt_time__gte=now - settings.AXES_COOLOFF_TIME)


def lock_from(attempts, ip_address: str | None, now: datetime) -> Lock | None:
    """The lock of one account (these are its attempts) for someone at `ip_address`."""
    from_address = [attempt for attempt in attempts if attempt.ip_address == ip_address]
    return lock_of(current_policy(), failures_in(attempts), failures_in(from_address), now)


def lock_for(request, credentials=None) -> Lock | None:
    """The lock this login attempt meets (request: as axes prepared it)."""
    now = request.axes_attempt_time
    username = get_client_username(request, credentials)
    attempts = list(remembered_attempts(now).filter(username=username))
    return lock_from(attempts, request.axes_ip_address, now)


class LockoutHandler(AxesDatabaseHandler):
    """Axes' database handler (it records each failure) deciding locks with lock_of."""

    def is_locked(self, request, credentials=None) -> bool:
        return lock_for(request, credentials) is not None

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out or self.is_whitelisted(request, credentials):
            return
        if self.is_locked(request, credentials):
            request.axes_locked_out = True
            request.axes_credentials = credentials
            user_locked_out.send(
                "axes",
                request=request,
                username=get_client_username(request, credentials),
                ip_address=request.axes_ip_address,
            )

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        # Only this address's failures: a success here says nothing of guesses made elsewhere.
        AccessAttempt.objects.filter(
            username=account_key(user), ip_address=request.axes_ip_address
        ).delete()


# Locked accounts, for the services


@dataclass(frozen=True)
class LockedAccount:
    user: object
    until: datetime
    everywhere: bool
    failures: int
    addresses: int


def users_within_reach(viewer):
    """The accounts a service looks after: people whose role or licence is in its territory (an
    SD: his department's AS people, pupils and SD; an SR: his académie's, and its SR; DN: all)."""
    User = get_user_model()
    if scope_of(viewer).national:
        return User.objects.all()
    within = User.objects.filter(
        Q(role_assignments__association__in=SportsAssociation.objects.for_user(viewer))
        | Q(role_assignments__department__in=Department.objects.for_user(viewer))
        | Q(role_assignments__academy__in=Academy.objects.for_user(viewer))
        | Q(pupil__in=Pupil.objects.for_user(viewer))
    )
    return User.objects.filter(pk__in=within.values("pk"))


def _locked(user, attempts, now: datetime) -> LockedAccount | None:
    """Locked from at least one address; the latest of its locks."""
    addresses = {attempt.ip_address for attempt in attempts}
    locks = [lock_from(attempts, address, now) for address in addresses]
    lock = max(filter(None, locks), key=lambda lock: lock.until, default=None)
    if lock is None:
        return None
    count = failures_in(attempts).count
    return LockedAccount(user, lock.until, lock.everywhere, count, len(addresses))


def lock_state(user, now: datetime | None = None) -> LockedAccount | None:
    now = now or timezone.now()
    attempts = list(remembered_attempts(now).filter(username=account_key(user)))
    return _locked(user, attempts, now)


def locked_accounts(viewer, now: datetime | None = None) -> list[LockedAccount]:
    """The accounts within the viewer's reach that are locked now."""
    now = now or timezone.now()
    attempts_by_pk: dict[int, list] = {}
    for attempt in remembered_attempts(now).filter(username__startswith=ACCOUNT_KEY_PREFIX):
        pk = account_pk(attempt.username)
        if pk is not None:
            attempts_by_pk.setdefault(pk, []).append(attempt)
    users = users_within_reach(viewer).filter(pk__in=attempts_by_pk)
    found = (_locked(user, attempts_by_pk[user.pk], now) for user in users)
    return sorted(filter(None, found), key=lambda locked: locked.user.display_name)


def account_unlock(*, actor, locked: LockedAccount) -> None:
    """Forget every failure of the account, from every address, and say who did it."""
    with transaction.atomic():
        reset(username=account_key(locked.user))
        record(
            actor=actor,
            action="compte débloqué",
            obj=locked.user,
            before={
                "bloqué jusqu'au": timezone.localtime(locked.until).strftime("%d/%m/%Y %H:%M"),
                "échecs de connexion": locked.failures,
            },
            after={"bloqué jusqu'au": None, "échecs de connexion": 0},
        )


def failures_forget(user) -> None:
    """After a new password chosen from a link by e-mail: its owner has proved who he is."""
    reset(username=account_key(user))
