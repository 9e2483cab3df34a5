"""Where a person is signed in: one UserSession per signed-in browser, so that « Mes sessions »
lists them and ends one. A record follows its session through key changes (Django renews the key
at login, at a password change, after the second factor) by its id, kept in the session."""

import re
from datetime import timedelta
from importlib import import_module

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.signals import user_logged_out
from django.db import transaction
from django.dispatch import receiver
from django.http import Http404
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY

from opuss.accounts.models import UserSession
from opuss.core.audit import record
from opuss.core.scrubbing import truncate_ip

RECORD_SESSION_KEY = "opuss_session_record"
SEEN_SESSION_KEY = "opuss_session_seen"  # [session key, timestamp] of the last write
SEEN_EVERY = timedelta(minutes=1)

# Order matters: Edge and Opera announce Chrome too, Chrome announces Safari.
BROWSERS = [
    ("Edg", "Edge"),
    ("OPR", "Opera"),
    ("SamsungBrowser", "Samsung Internet"),
    ("Firefox", "Firefox"),
    ("FxiOS", "Firefox"),
    ("CriOS", "Chrome"),
    ("Chrome", "Chrome"),
    ("Safari", "Safari"),
]
SYSTEMS = [
    ("Windows", "Windows"),
    ("iPhone", "iOS"),
    ("iPad", "iPadOS"),
    ("Android", "Android"),
    ("CrOS", "ChromeOS"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
]


def describe_user_agent(user_agent: str) -> str:
    """« Firefox sous Windows »: enough to recognise one's own browser, nothing more."""
    browser = next((name for token, name in BROWSERS if token in user_agent), None)
    system = next((name for token, name in SYSTEMS if token in user_agent), None)
    if browser and system:
        return f"{browser} sous {system}"
    return browser or (f"Navigateur sous {system}" if system else "Navigateur inconnu")


def _store_class():
    return import_module(settings.SESSION_ENGINE).SessionStore


def _open_record(request) -> UserSession:
    """get_or_create: two requests of one browser may arrive together."""
    agent = re.sub(r"\s+", " ", request.META.get("HTTP_USER_AGENT", ""))
    user_session, _ = UserSession.objects.get_or_create(
        user=request.user,
        session_key=request.session.session_key,
        defaults={
            "device": describe_user_agent(agent)[:80],
            "ip_address": truncate_ip(get_client_ip_address(request)),
        },
    )
    request.session[RECORD_SESSION_KEY] = user_session.pk
    return user_session


def touch(request) -> None:
    """Keeps the record of this signed-in session: opens it at the first signed-in response,
    follows a new session key, notes the activity at most once a minute."""
    session = request.session
    if session.session_key is None:
        return
    now = timezone.now()
    seen_key, seen_at = session.get(SEEN_SESSION_KEY) or (None, 0.0)
    if seen_key == session.session_key and now.timestamp() - seen_at < SEEN_EVERY.total_seconds():
        return
    record_id = session.get(RECORD_SESSION_KEY)
    updated = UserSession.objects.filter(pk=record_id, user=request.user).update(
        session_key=session.session_key, last_seen_at=now
    )
    if not updated:
        _open_record(request)
    session[SEEN_SESSION_KEY] = [session.session_key, now.timestamp()]


class SessionActivityMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.user.is_authenticated:
            touch(request)
        return response


@receiver(user_logged_out)
def _forget_ended_session(sender, request, user, **kwargs):
    if request is not None and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()


# « Mes sessions »


def is_current(user_session, request) -> bool:
    return user_session.session_key == request.session.session_key


def _session_data(session_key: str) -> dict | None:
    """The stored session's data if it is still signed in (not ended, not expired)."""
    store = _store_class()(session_key=session_key)
    return dict(store.items()) if store.get(SESSION_KEY) else None


def sessions_of(user) -> list[UserSession]:
    """The person's signed-in sessions, most recent first; those that ended meanwhile (expired,
    signed out elsewhere) are forgotten on the way."""
    alive, ended = [], []
    for user_session in UserSession.objects.filter(user=user):
        data = _session_data(user_session.session_key)
        if data is None:
            ended.append(user_session.pk)
            continue
        user_session.verified = DEVICE_ID_SESSION_KEY in data  # passed the second factor
        alive.append(user_session)
    UserSession.objects.filter(pk__in=ended).delete()
    return alive


def own_session(user, pk) -> UserSession:
    """One of the person's sessions; any other id does not exist for him (404)."""
    try:
        return UserSession.objects.get(pk=int(pk), user=user)
    except (TypeError, ValueError, UserSession.DoesNotExist) as error:
        raise Http404 from error


def end_session(*, user, user_session: UserSession) -> None:
    """Signs that browser out: its session is removed from the store."""
    with transaction.atomic():
        _store_class()().delete(user_session.session_key)
        record(
            actor=user,
            action="session terminée",
            obj=user,
            before={"session": str(user_session)},
        )
        user_session.delete()
