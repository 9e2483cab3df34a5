"""Errors reach Sentry when SENTRY_DSN is set, and then without personal data: no e-mail, no
link's secret, no search terms, no body, no cookie."""

import json
import secrets

import pytest
import sentry_sdk
from django.contrib.auth.decorators import login_not_required
from django.core import signing
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from sentry_sdk.transport import Transport

from opuss.core.error_reports import report_errors_to_sentry
from opuss.guardians.links import SALT
from tests import helpers

pytestmark = pytest.mark.django_db

EMAIL = "jeanne.dupont@example.org"


@csrf_exempt
@login_not_required
def broken_answer(request, token):
    raise ValueError(f"pas de responsable {EMAIL} pour ce lien")


urlpatterns = [
    path("reponse/<str:token>/", broken_answer),
    path("", include("opuss.urls")),
]


class Captured(Transport):
    """Keeps the events instead of sending them."""

    def __init__(self, options=None):
        super().__init__(options)
        self.events = []

    def capture_envelope(self, envelope):
        if (event := envelope.get_event()) is not None:
            self.events.append(event)


@pytest.fixture
def sentry_events():
    transport = Captured()
    report_errors_to_sentry(
        "https://public@sentry.invalid/1", "recette", "opuss@test", transport=transport
    )
    yield transport.events
    sentry_sdk.get_client().close()
    sentry_sdk.get_global_scope().set_client(None)


def served(environ: dict) -> str:
    """The request through Django's WSGI handler, as gunicorn calls it (the SDK reads the URL
    and headers there; the test client does not go through it); its status."""
    statuses = []
    # As the test client does: the test's transaction must outlive the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        response = WSGIHandler()(environ, lambda status, headers: statuses.append(status))
        response.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return statuses[0]


@pytest.mark.urls(__name__)
def test_an_error_in_a_view_is_reported_without_personal_data(sentry_events, client, world):
    token = signing.dumps({"r": 987654}, salt=SALT)
    search = secrets.token_hex(6)
    client.force_login(world.a.teacher)
    environ = RequestFactory().post(
        f"/reponse/{token}/?q={search}",
        {"email": EMAIL, "nom": search},
        headers={
            "Referer": f"https://opuss.example/reponse/{token}/",
            "X-Forwarded-For": "192.0.2.17",
            "Cookie": f"sessionid={client.cookies['sessionid'].value}",
        },
    ).environ
    assert served(environ).startswith("500")
    sentry_sdk.flush()
    (event,) = sentry_events
    assert event["exception"]["values"][0]["type"] == "ValueError"
    assert event["exception"]["values"][0]["value"] == "pas de responsable [e-mail] pour ce lien"
    assert event["request"]["url"] == "http://testserver/reponse/[secret]/"
    assert event["request"]["method"] == "POST"
    assert event["tags"]["request_id"]
    assert (event["environment"], event["release"]) == ("recette", "opuss@test")
    sent = json.dumps(event)
    for personal in (EMAIL, token, search, "192.0.2", world.a.teacher.email, "sessionid"):
        assert personal not in sent
    assert "user" not in event


def test_nothing_is_reported_without_a_dsn():
    assert not sentry_sdk.get_client().is_active()


def test_the_dsn_environment_and_release_come_from_the_environment(tmp_path):
    code = (
        "import json, sentry_sdk; from django.conf import settings; o = sentry_sdk.get_client()"
        ".options; c = o['data_collection']; print(json.dumps([o['dsn'], o['environment'],"
        " o['release'], c['user_info'], c['http_bodies'], c['stack_frame_variables']]))"
    )
    env = {
        "SENTRY_DSN": "https://public@sentry.invalid/1",
        "SENTRY_ENVIRONMENT": "preproduction",
        "SENTRY_RELEASE": "opuss@2025.10",
    }
    result = helpers.run_opuss(tmp_path, env, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == [
        "https://public@sentry.invalid/1", "preproduction", "opuss@2025.10", False, [], False
    ]
