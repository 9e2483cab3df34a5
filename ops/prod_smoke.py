"""`make prod-smoke`: the production configuration started for real, then used once.

DEBUG off, static files collected and served by WhiteNoise, gunicorn with two workers, a task
worker (`opuss db_worker`, TASKS_BACKEND=database), PostgreSQL, and the cache shared in Redis
when it answers. A training database is loaded (`opuss seed --force`), a teacher logs in, adds
a new pupil to her AS's basket and validates it; her AS home must count the new licences at
once, whichever worker answers, and the guardian's e-mail must be sent by the worker, not by
the web process.
Everything is stopped and the database dropped at the end, whatever happened."""

import contextlib
import html
import os
import re
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
SERVER = os.environ.get("PROD_SMOKE_POSTGRES", "postgres://postgres@127.0.0.1:5432")
DATABASE = "opuss_prod_smoke"
TEACHER = "heloise.bernasconi@demo.opuss.fr"
PASSWORD = "demo-opuss-2025"
GUARDIAN = "smoke.parent@example.org"
TIMEOUT = 90


def say(text: str) -> None:
    print(f"prod-smoke: {text}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextlib.contextmanager
def database():
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
    try:
        yield f"{SERVER}/{DATABASE}"
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')


def environment(var_dir: Path, database_url: str, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_SETTINGS_MODULE", "DEBUG"}}
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=database_url,
        ALLOWED_HOSTS="127.0.0.1",
        # As behind the TLS proxy: https addresses, secure cookies, the proxy's header trusted.
        SITE_URL=f"https://127.0.0.1:{port}",
        CSRF_TRUSTED_ORIGINS=f"https://127.0.0.1:{port}",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        TASKS_BACKEND="database",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        OPUSS_VAR_DIR=str(var_dir),
        STATIC_MANIFEST="1",
        # A training database on the demo's day, so that its licence period is open.
        OPUSS_NOW="2025-10-06T10:00:00+02:00",
    )
    if cache := shared_cache():
        env["CACHE_URL"] = cache
    return env


# The app servers' shared cache (docs/deploy.md « The cache »), when Redis answers here: a
# database of its own, emptied first.
REDIS = "redis://127.0.0.1:6379/15"


def shared_cache() -> str | None:
    import redis

    try:
        redis.Redis.from_url(REDIS, socket_connect_timeout=2).flushdb()
    except redis.RedisError:
        say("Redis does not answer at 127.0.0.1:6379: each gunicorn worker keeps its own cache")
        return None
    return REDIS


def opuss(*args: str, env: dict[str, str]) -> None:
    done = subprocess.run([str(BIN / "opuss"), *args], env=env, cwd=ROOT, capture_output=True,
                          text=True)
    if done.returncode:
        raise SystemExit(f"prod-smoke: opuss {' '.join(args)} failed:\n{done.stdout}{done.stderr}")


class Browser:
    """Just enough of a browser behind the TLS proxy: it speaks plain http to gunicorn on
    loopback with the proxy's « X-Forwarded-Proto: https », keeps the (secure) cookies, sends
    the CSRF token and follows redirects."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.public = base.replace("http://", "https://")
        self.cookies: dict[str, str] = {}

    def _open(self, path: str, body: bytes | None = None) -> str:
        for _ in range(5):
            request = urllib.request.Request(self.base + path, data=body, headers={
                "X-Forwarded-Proto": "https",
                "Referer": self.public + path,
                "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
            })
            try:
                response = NO_REDIRECT.open(request, timeout=60)
            except urllib.error.HTTPError as answer:
                if answer.code not in (301, 302, 303):
                    raise
                response = answer
            with response:
                for header in response.headers.get_all("Set-Cookie") or []:
                    name, value = header.split(";", 1)[0].split("=", 1)
                    self.cookies[name] = value
                location = response.headers.get("Location")
                if response.status not in (301, 302, 303) or not location:
                    return response.read().decode()
            target = urllib.parse.urlsplit(location)
            path, body = target.path + (f"?{target.query}" if target.query else ""), None
        raise SystemExit("prod-smoke: too many redirects")

    def get(self, path: str) -> str:
        return self._open(path)

    def post(self, path: str, page: str, fields: list[tuple[str, str]]) -> str:
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        return self._open(
            path, urllib.parse.urlencode([("csrfmiddlewaretoken", token), *fields]).encode()
        )


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


NO_REDIRECT = urllib.request.build_opener(_NoRedirect)


def journey(base: str, shared: bool) -> None:
    browser = Browser(base)
    login = browser.get("/compte/connexion/")
    home = browser.post("/compte/connexion/", login, [("username", TEACHER),
                                                      ("password", PASSWORD)])
    assert "Prendre des licences" in home, "the teacher's home after login"
    say("logged in as the demo teacher")
    before = licence_figure(home)
    basket = browser.get("/as/24214/panier/")
    basket = browser.post("/as/24214/panier/ajouter/", basket, [
        ("last_name", "FUMEE"), ("first_name", "Lina"), ("sex", "F"),
        ("birth_date", "2011-04-02"), ("guardian_email", GUARDIAN),
        ("insurance", "MAIF_COLLECTIVE"),
    ])
    assert "FUMEE" in basket, "the new pupil in the basket"
    lines = int(re.search(r'<span class="count">(\d+) licence', basket)[1])
    checks = [html.unescape(v) for v in re.findall(r'name="checks" value="([^"]*)"', basket)]
    done = browser.post("/as/24214/panier/valider/", basket, [("checks", c) for c in checks])
    assert "Panier validé" in done, "the basket validated"
    say("basket validated")
    if shared:  # whichever worker answers, the AS home's kept figures were forgotten
        after = licence_figure(browser.get("/as/24214/"))
        assert after == before + lines, f"the AS home counts {after} licences, not {before + lines}"
        say(f"the AS home counts the basket's {lines} licences at once ({before} -> {after}), OK")


def licence_figure(page: str) -> int:
    found = re.search(r'<p class="figure">(\d+)</p>', page)
    assert found, "the AS home's licence count"
    return int(found[1])


# What a restore must bring back exactly (docs/deploy.md, « Sauvegardes »).
KEPT = ["licences_licence", "licences_pupil", "finance_ledgerline", "guardians_guardianrequest",
        "core_auditentry", "auditlog_logentry", "accounts_user"]


def counts(url: str) -> dict[str, int]:
    with psycopg.connect(url) as connection:
        return {t: connection.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in KEPT}


def backup_and_restore(database_url: str, var_dir: Path) -> None:
    """The nightly backup (pg_dump, custom format) restored into an empty database: the same
    rows come back."""
    dump = var_dir / "opuss.dump"
    subprocess.run(["pg_dump", "--format=custom", f"--file={dump}", database_url], check=True)
    restored = f"{DATABASE}_restore"
    with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{restored}"')
    try:
        subprocess.run(["pg_restore", "--no-owner", f"--dbname={SERVER}/{restored}", str(dump)],
                       check=True)
        before, after = counts(database_url), counts(f"{SERVER}/{restored}")
        if before != after:
            raise SystemExit(f"prod-smoke: the restore differs: {before} != {after}")
        say(f"backup restored into an empty database, the same rows: {after['licences_licence']} "
            "licences, OK")
    finally:
        with psycopg.connect(f"{SERVER}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{restored}" WITH (FORCE)')


def mail_sent(mail_dir: Path) -> bool:
    return any(GUARDIAN in path.read_text(errors="replace") for path in mail_dir.glob("*.log"))


def wait_for(what: str, condition, processes) -> None:
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if condition():
            return
        if any(p.poll() is not None for p in processes):
            raise SystemExit(f"prod-smoke: a process stopped while waiting for {what}")
        time.sleep(0.5)
    raise SystemExit(f"prod-smoke: no {what} after {TIMEOUT} s")


def up(base: str) -> bool:
    try:
        return urllib.request.urlopen(base + "/sante/", timeout=2).status == 200
    except OSError:
        return False


def main() -> None:
    var_dir = Path(tempfile.mkdtemp(prefix="opuss-prod-smoke-"))
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    processes: list[subprocess.Popen] = []
    with database() as database_url:
        env = environment(var_dir, database_url, port)
        try:
            opuss("check", "--deploy", env=env)
            opuss("migrate", "--noinput", env=env)
            opuss("seed", "--force", env=env)
            opuss("collectstatic", "--noinput", env=env)
            say("migrated, training data loaded, static files collected")
            log = open(var_dir / "processes.log", "w")  # noqa: SIM115 - closed below
            processes.append(subprocess.Popen(
                [str(BIN / "gunicorn"), "opuss.wsgi", "--bind", f"127.0.0.1:{port}",
                 "--workers", "2"], env=env, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT))
            processes.append(subprocess.Popen(
                [str(BIN / "opuss"), "db_worker"], env=env, cwd=ROOT, stdout=log,
                stderr=subprocess.STDOUT))
            wait_for("answer from gunicorn", lambda: up(base), processes)
            say(f"gunicorn answers on {base}, the task worker runs")
            journey(base, shared="CACHE_URL" in env)
            wait_for("guardian e-mail from the worker", lambda: mail_sent(var_dir / "mail"),
                     processes)
            say("the worker sent the guardian's e-mail: OK")
            backup_and_restore(database_url, var_dir)
        except BaseException:
            with contextlib.suppress(OSError):
                print((var_dir / "processes.log").read_text()[-4000:], file=sys.stderr)
            raise
        finally:
            for process in processes:
                process.terminate()
            for process in processes:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    process.wait(timeout=15)
            shutil.rmtree(var_dir, ignore_errors=True)


if __name__ == "__main__":
    main()
