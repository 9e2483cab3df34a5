"""A real opuss server for the browser journeys: the demo seeded once into a SQLite file, then a
copy of it per journey module, served by `opuss runserver` in a subprocess on a free port, with
its e-mails written to files that the journeys open as the recipient would."""

import email
import email.policy
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OPUSS = Path(sys.executable).with_name("opuss")
DEMO_NOW = "2025-10-06T10:00:00+02:00"
PASSWORD = "demo-opuss-2025"


def _environment(var_dir: Path, port: int) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "TASKS_BACKEND"}}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.update(
        DEBUG="1",
        OPUSS_NOW=DEMO_NOW,
        OPUSS_VAR_DIR=str(var_dir),
        SITE_URL=f"http://127.0.0.1:{port}",
        EMAIL_BACKEND="django.core.mail.backends.filebased.EmailBackend",
        PYTHONUNBUFFERED="1",
    )
    return env


def _run(args: list[str], env: dict[str, str]) -> None:
    done = subprocess.run([str(OPUSS), *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"opuss {' '.join(args)} a échoué :\n{done.stdout}\n{done.stderr}")


def seed_demo(var_dir: Path) -> Path:
    """Migrates and seeds a fresh demo database in `var_dir`; returns its file."""
    var_dir.mkdir(parents=True, exist_ok=True)
    env = _environment(var_dir, 8000)
    _run(["migrate", "--noinput", "-v", "0"], env)
    _run(["seed"], env)
    return var_dir / "opuss.sqlite3"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Server:
    var_dir: Path
    port: int
    process: subprocess.Popen | None = None
    log: object = None
    accounts: dict[str, str] = field(default_factory=dict)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def mail_dir(self) -> Path:
        return self.var_dir / "mail"

    def start(self) -> None:
        env = _environment(self.var_dir, self.port)
        self.log = open(self.var_dir / "server.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [str(OPUSS), "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            env=env, cwd=ROOT, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{self.url}/sante/", timeout=2).read()
                return
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.2)
        raise RuntimeError(f"Le serveur ne répond pas : voir {self.var_dir / 'server.log'}")

    def stop(self) -> None:
        if self.process:
            self.process.terminate()
            self.process.wait(timeout=10)
        if self.log:
            self.log.close()

    def mails(self, to: str | None = None) -> list[email.message.EmailMessage]:
        """Every e-mail the server sent so far (oldest first), to `to` if given."""
        messages = []
        if not self.mail_dir.exists():
            return messages
        for path in sorted(self.mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime_ns):
            # The file backend writes each message followed by a line of dashes.
            for raw in path.read_bytes().split(b"\n" + b"-" * 79 + b"\n"):
                if raw.strip():
                    messages.append(
                        email.message_from_bytes(raw.lstrip(), policy=email.policy.default)
                    )
        if to is not None:
            messages = [m for m in messages if to.lower() in str(m["To"]).lower()]
        return messages

    def link_in_mail(self, to: str, path_contains: str = "") -> str:
        """The address of the last e-mail to `to` whose link contains `path_contains`, as the
        recipient would click it (the server's own SITE_URL)."""
        for message in reversed(self.mails(to)):
            body = message.get_body(preferencelist=("plain", "html")).get_content()
            for link in re.findall(rf"{re.escape(self.url)}/\S*", body):
                if path_contains in link:
                    return link.rstrip(".,)>\"'")
        raise AssertionError(f"Aucun e-mail à {to} avec un lien contenant « {path_contains} ».")


def copy_server(template: Path, var_dir: Path) -> Server:
    if var_dir.exists():
        shutil.rmtree(var_dir)
    var_dir.mkdir(parents=True)
    shutil.copy(template, var_dir / "opuss.sqlite3")
    return Server(var_dir=var_dir, port=free_port())
