"""Logs: each line carries the id of its request (sent back in X-Request-ID) or of its task, in
JSON on request, and no line carries an e-mail address, a client's address, a link's secret or a
query string, whoever writes it (our code, Django, runserver, django-axes)."""

import io
import json
import logging
import logging.config
import re

import pytest
from django.core import signing
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django_tasks import task

from opuss.core.logs import logging_config
from opuss.core.scrubbing import scrub
from opuss.guardians.links import SALT
from tests import helpers

pytestmark = pytest.mark.django_db

EMAIL = "jeanne.dupont@example.org"
SEARCH = "Dupont"


@pytest.fixture
def log_output(settings):
    """The real logging configuration (settings.LOGGING's), its one handler writing here."""

    def configure(log_format: str = "text", level: str = "INFO") -> io.StringIO:
        logging.config.dictConfig(logging_config(log_format, level))
        stream = io.StringIO()
        console = next(h for h in logging.getLogger().handlers if h.name == "console")
        console.setStream(stream)
        return stream

    yield configure
    logging.config.dictConfig(settings.LOGGING)


def json_lines(stream: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in stream.getvalue().splitlines()]


def guardian_token() -> str:
    """A token as the guardian's e-mail carries it (signed; its request does not exist)."""
    return signing.dumps({"r": 987654, "n": "nonce"}, salt=SALT)


def test_a_json_line_carries_the_request_id_sent_back_in_the_header(client, log_output):
    output = log_output("json")
    response = client.get(reverse("core:health"))
    request_id = response.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    (line,) = [line for line in json_lines(output) if line["logger"] == "opuss.request"]
    assert line["request_id"] == request_id
    assert line["message"] == "GET /sante/ 200"
    assert (line["method"], line["path"], line["status_code"]) == ("GET", "/sante/", 200)


def test_django_s_not_found_line_carries_the_request_id_too(client, log_output):
    """Django writes « Not Found » once the middlewares have returned."""
    output = log_output("json")
    response = client.get("/nulle-part/")
    (line,) = [line for line in json_lines(output) if line["logger"] == "django.request"]
    assert line["message"] == "Not Found: /nulle-part/"
    assert line["request_id"] == response.headers["X-Request-ID"]
    assert line["status_code"] == 404


def test_each_request_has_its_own_id_and_none_is_left_once_it_is_over(client, log_output):
    output = log_output("json")
    first = client.get(reverse("core:health")).headers["X-Request-ID"]
    second = client.get(reverse("core:health")).headers["X-Request-ID"]
    logging.getLogger("opuss").warning("between requests")
    assert first != second
    assert [line["request_id"] for line in json_lines(output)] == [first, second, "-"]


def test_the_proxy_s_request_id_is_kept_when_it_is_a_sane_token(client, log_output):
    output = log_output("json")
    sent = "4f1c2a9e-77b0-4d1e-9a57-0c0b5f6e2d11"
    response = client.get(reverse("core:health"), headers={"X-Request-ID": sent})
    assert response.headers["X-Request-ID"] == sent
    assert json_lines(output)[0]["request_id"] == sent
    for insane in (EMAIL, "<script>alert(1)</script>", "x" * 200, "court"):
        response = client.get(reverse("core:health"), headers={"X-Request-ID": insane})
        assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])


def test_text_lines_carry_the_request_id_too(client, log_output):
    output = log_output("text")
    request_id = client.get(reverse("core:health")).headers["X-Request-ID"]
    assert re.search(rf"INFO opuss\.request \[{request_id}\] GET /sante/ 200$", output.getvalue())


@pytest.mark.parametrize("log_format", ["text", "json"])
def test_a_guardian_link_an_email_and_search_terms_never_reach_the_logs(
    client, log_output, log_format
):
    output = log_output(log_format)
    token = guardian_token()
    response = client.get(f"/reponse/{token}/", {"q": SEARCH, "email": EMAIL})
    assert response.status_code == 404  # a link of an unknown request
    client.get(f"/nulle-part/{EMAIL}/")
    text = output.getvalue()
    assert "Not Found: /reponse/[secret]/" in text and "GET /reponse/[secret]/ 404" in text
    assert "Not Found: /nulle-part/[e-mail]/" in text
    for secret in (token, token.split(":")[0], EMAIL, SEARCH):
        assert secret not in text


def test_a_failed_login_logs_neither_the_login_nor_the_address(client, log_output, world):
    """django-axes writes each failure at WARNING, the login and address masked
    (AXES_SENSITIVE_PARAMETERS)."""
    output = log_output("text", "WARNING")
    licence_number = world.a.licence.number
    helpers.log_in(client, licence_number, "pas le bon mot de passe")
    helpers.log_in(client, world.a.teacher.email, "pas le bon mot de passe")
    text = output.getvalue()
    assert "AXES: New login failure" in text
    for personal in (licence_number, world.a.teacher.email, "127.0.0"):
        assert personal not in text


def test_runserver_lines_go_through_the_same_scrubbing(log_output):
    """runserver logs each request line, query string included, on `django.server`."""
    output = log_output("text", "WARNING")  # runserver's lines stay at INFO whatever the level
    token = guardian_token()
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET /reponse/{token}/?q={SEARCH} HTTP/1.1", 200, 1234
    )
    assert output.getvalue().rstrip().endswith('"GET /reponse/[secret]/?[query] HTTP/1.1" 200 1234')


def test_a_traceback_is_scrubbed(log_output):
    output = log_output("json")
    try:
        raise ValueError(f"aucun compte pour {EMAIL} depuis 192.0.2.17")
    except ValueError:
        logging.getLogger("opuss").exception("échec")
    (line,) = json_lines(output)
    assert "ValueError: aucun compte pour [e-mail] depuis 192.0.2.0" in line["exception"]
    assert EMAIL not in output.getvalue()


def test_sql_with_its_parameters_is_never_logged(log_output, settings, world):
    settings.DEBUG = True  # Django logs queries only then
    output = log_output("text", "DEBUG")
    list(type(world.a.teacher).objects.filter(last_name="Zorglub"))
    assert "Zorglub" not in output.getvalue()


@task()
def logging_task() -> None:
    logging.getLogger("opuss").warning("dans la tâche")


def test_a_task_s_lines_carry_its_id_outside_a_request(log_output):
    output = log_output("json", "WARNING")
    result = logging_task.enqueue()
    logging.getLogger("opuss").warning("après la tâche")
    assert [line["request_id"] for line in json_lines(output)] == [f"task-{result.id}", "-"]


def _patterns(resolver: URLResolver, prefix: str = ""):
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + str(entry.pattern))
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), entry


def test_every_address_with_a_secret_in_its_path_is_scrubbed():
    """A new URL carrying a token must be added to opuss.core.scrubbing.SECRET_PATH."""
    secret_names = {"token", "uidb64"}
    found = []
    for route, entry in _patterns(get_resolver()):
        names = set(entry.pattern.converters) | set(re.findall(r"<(?:\w+:)?(\w+)>", route))
        if names & secret_names:
            path = "/" + re.sub(r"<(?:\w+:)?(\w+)>", lambda m: f"S3cret{m.group(1)}x", route)
            found.append(path)
            assert "S3cret" not in scrub(path), path
    assert len(found) >= 5  # the guardian's link and downloads, the card check, the password link


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("écrit à Jeanne.Dupont+as@ac-strasbourg.fr hier", "écrit à [e-mail] hier"),
        ("from 192.0.2.17 and 2001:db8:85a3::8a2e:370:7334", "from 192.0.2.0 and 2001:db8:85a3::"),
        ("GET /licences/?q=Dupont&sort=nom HTTP/1.1", "GET /licences/?[query] HTTP/1.1"),
        ("/verifier/abc:1tX:def/ and /compte/mot-de-passe/MTI/set-password/",
         "/verifier/[secret]/ and /compte/mot-de-passe/[secret]/[secret]/"),
        # What is not personal stays as it is: times, French punctuation, ordinary paths.
        ("le 2025-10-06T10:00:00+02:00, 12:30 ; est-ce fini ? /compte/mot-de-passe/",
         "le 2025-10-06T10:00:00+02:00, 12:30 ; est-ce fini ? /compte/mot-de-passe/"),
    ],
)
def test_scrub(text, expected):
    assert scrub(text) == expected
