"""A production server: settings that pass `check --deploy`, HTTPS behind a TLS proxy, a
Content-Security-Policy on every page, French error pages and a health check that asks the
database."""

import json
import re
import secrets
import subprocess
from pathlib import Path
from unittest import mock

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.template.loader import render_to_string
from django.test import Client
from django.urls import include, path, reverse

import opuss
from opuss.core.checks import legal_host_is_named
from tests import helpers

pytestmark = pytest.mark.django_db

PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": secrets.token_urlsafe(64),
    "ALLOWED_HOSTS": "opuss.unss.org",
    "CSRF_TRUSTED_ORIGINS": "https://opuss.unss.org",
    "SITE_URL": "https://opuss.unss.org",
    "SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO,https",
    "DATABASE_URL": "postgres://opuss:secret@db.internal:5432/opuss",
    "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
    "TASKS_BACKEND": "database",
    "STATIC_MANIFEST": "1",
    "LEGAL_HOST": "Hébergeur SAS, 1 rue de l'Exemple, 75000 Paris, 01 00 00 00 00",
}


def run_opuss(tmp_path, env: dict, *args: str) -> subprocess.CompletedProcess:
    """The `opuss` command in a fresh process, with only these variables of ours set."""
    ours = set(PRODUCTION) | {"SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS", "OPUSS_NOW"}
    return helpers.run_opuss(tmp_path, env, *args, unset=ours)


def settings_seen_with(tmp_path, env: dict, *names: str) -> dict:
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}))"
    )
    result = run_opuss(tmp_path, env, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_check_deploy_passes_with_the_production_variables(tmp_path):
    result = run_opuss(tmp_path, PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_for_a_site_served_over_http(tmp_path):
    env = PRODUCTION | {"SITE_URL": "http://opuss.unss.org"}
    result = run_opuss(tmp_path, env, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0
    assert "security.W008" in result.stderr  # no redirect to https
    assert "security.W004" in result.stderr  # no HSTS


def test_a_production_site_redirects_to_https_and_asks_for_hsts_for_a_year(tmp_path):
    seen = settings_seen_with(
        tmp_path,
        PRODUCTION,
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
    )
    assert seen == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": False,
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "SESSION_COOKIE_SECURE": True,
    }


def test_a_development_machine_neither_redirects_nor_sends_hsts(tmp_path):
    env = {"DEBUG": "1", "SITE_URL": "http://127.0.0.1:8000"}
    seen = settings_seen_with(tmp_path, env, "SECURE_SSL_REDIRECT", "SECURE_HSTS_SECONDS")
    assert seen == {"SECURE_SSL_REDIRECT": False, "SECURE_HSTS_SECONDS": 0}


def test_a_malformed_proxy_header_setting_stops_the_server(tmp_path):
    env = PRODUCTION | {"SECURE_PROXY_SSL_HEADER": "HTTP_X_FORWARDED_PROTO"}
    result = run_opuss(tmp_path, env, "check")
    assert result.returncode != 0
    assert "SECURE_PROXY_SSL_HEADER" in result.stderr


def test_check_deploy_warns_while_the_host_of_the_legal_notice_is_unknown(settings):
    settings.LEGAL_HOST = ""
    assert [m.id for m in legal_host_is_named(None)] == ["opuss.W001"]
    settings.LEGAL_HOST = PRODUCTION["LEGAL_HOST"]
    assert legal_host_is_named(None) == []


@pytest.fixture
def https_site(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.SECURE_HSTS_SECONDS = 31536000


def test_behind_the_tls_proxy_an_https_request_is_served_not_redirected(client, https_site):
    response = client.get(reverse("accounts:login"), headers={"x-forwarded-proto": "https"})
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_a_plain_http_request_is_redirected_to_https(client, https_site):
    response = client.get(reverse("accounts:login"))
    assert response.status_code == 301
    assert response["Location"].startswith("https://")


def test_the_health_check_answers_the_proxy_over_plain_http(client, https_site):
    assert client.get(reverse("core:health")).status_code == 200


def test_the_health_check_says_ok_when_the_database_answers(client):
    response = client.get(reverse("core:health"))
    assert (response.status_code, response.text) == (200, "ok")
    assert "no-cache" in response["Cache-Control"]


def test_the_health_check_answers_503_when_the_database_does_not(client):
    down = OperationalError("connection refused")
    with mock.patch.object(BaseDatabaseWrapper, "ensure_connection", side_effect=down):
        response = client.get(reverse("core:health"))
    assert response.status_code == 503
    assert "base de données" in response.text


# Content-Security-Policy


def directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in header.split(";"))


def test_every_page_carries_the_content_security_policy(client, world):
    pages = [reverse("accounts:login"), reverse("seasons:fee_simulator"), "/nulle-part/"]
    for url in pages:
        response = client.get(url)
        assert directives(response) == {
            "default-src": "'self'",
            "img-src": "'self' data:",
            "object-src": "'none'",
            "base-uri": "'self'",
            "frame-ancestors": "'none'",
            "form-action": "'self'",
        }, url
    client.force_login(world.a.teacher)
    assert "Content-Security-Policy" in client.get(reverse("associations:detail", args=["24001"]))


def test_the_admin_keeps_the_policy(client, world):
    client.force_login(world.dn)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert "unsafe-inline" not in response["Content-Security-Policy"]


TEMPLATE_ROOT = Path(opuss.__file__).parent
# WeasyPrint renders these on the server: the browser's policy does not apply to them.
PDF_TEMPLATES = re.compile(r"/pdf/|_pdf\.html$|pdf_")
INLINE = {
    "a <script> without src or nonce": re.compile(r"<script(?![^>]*\b(src|nonce)=)[^>]*>", re.I),
    "a <style> element": re.compile(r"<style\b", re.I),
    "a style attribute": re.compile(r"\sstyle=", re.I),
    "an inline event handler": re.compile(r"\son[a-z]+=", re.I),
    "a javascript: link": re.compile(r"javascript:", re.I),
}


def page_templates():
    for template in TEMPLATE_ROOT.rglob("templates/**/*.html"):
        if not PDF_TEMPLATES.search(str(template)):
            yield template


def test_no_page_template_has_inline_script_or_style_that_the_policy_would_block():
    found = [
        f"{template.relative_to(TEMPLATE_ROOT)}: {what}"
        for template in page_templates()
        for what, pattern in INLINE.items()
        if pattern.search(template.read_text())
    ]
    assert found == []


def test_htmx_comes_from_our_static_files_without_injecting_its_style(client):
    page = client.get(reverse("seasons:fee_simulator")).text
    assert re.search(r'<script src="/static/django_htmx/htmx-2\.min\.js" defer>', page)
    config = re.search(r"<meta name=\"htmx-config\" content='([^']+)'>", page).group(1)
    assert json.loads(config) == {"includeIndicatorStyles": False, "allowEval": False}
    stylesheet = (TEMPLATE_ROOT / "static/opuss/opuss.css").read_text()
    assert ".htmx-request .htmx-indicator" in stylesheet


# Error pages (the test settings have DEBUG off, as production)


@login_not_required
def forbidden(request):
    raise PermissionDenied


@login_not_required
def broken(request):
    raise RuntimeError("boom")


@login_not_required
def suspicious(request):
    raise SuspiciousOperation("bad")


urlpatterns = [
    path("interdit/", forbidden),
    path("panne/", broken),
    path("suspect/", suspicious),
    path("", include("opuss.urls")),
]


def test_an_unknown_address_gets_the_french_404_page(client, world):
    for user in (None, world.a.teacher):
        if user:
            client.force_login(user)
        response = client.get("/nulle-part/")
        assert response.status_code == 404
        assert "Page introuvable" in response.text
        assert "Mentions légales" in response.text  # the site's layout


def test_a_page_out_of_scope_gets_the_french_404_page(client, world):
    client.force_login(world.b.teacher)
    response = client.get(reverse("associations:detail", args=[world.a.association.code]))
    assert response.status_code == 404
    assert "Page introuvable" in response.text


@pytest.mark.urls(__name__)
def test_a_refusal_gets_the_french_403_page(client):
    response = client.get("/interdit/")
    assert response.status_code == 403
    assert "Accès refusé" in response.text


@pytest.mark.urls(__name__)
def test_a_crash_gets_the_french_500_page(client):
    client.raise_request_exception = False
    response = client.get("/panne/")
    assert response.status_code == 500
    assert "Une erreur est survenue" in response.text
    assert "/static/opuss/opuss.css" in response.text


@pytest.mark.urls(__name__)
def test_a_bad_request_gets_the_french_400_page(client):
    response = client.get("/suspect/")
    assert response.status_code == 400
    assert "Requête incorrecte" in response.text


def test_the_500_page_needs_neither_context_nor_database(django_assert_num_queries):
    with django_assert_num_queries(0):
        page = render_to_string("500.html")
    assert "Une erreur est survenue" in page


def test_an_expired_form_gets_the_french_csrf_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert "Le formulaire n'a pas pu être envoyé" in response.text
