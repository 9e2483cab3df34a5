import os
import subprocess
import sys

from django.urls import reverse


def log_in(client, username: str, password: str, **extra):
    """Log in through the login form, as a person does (django-axes needs the request)."""
    return client.post(
        reverse("accounts:login"), {"username": username, "password": password, **extra}
    )


def logs_in(client, username: str, password: str) -> bool:
    return log_in(client, username, password).status_code == 302


def confirm_bank_password(client, affiliation_pk: int, password: str):
    """The SR types his password again before he may see or change an AS's IBAN."""
    return client.post(
        reverse("affiliations:bank_password", args=[affiliation_pk]), {"password": password}
    )


def run_opuss(tmp_path, env: dict, *args: str, unset=frozenset()) -> subprocess.CompletedProcess:
    """The `opuss` command in a fresh process, as an operator runs it: our variables in `unset`
    are removed from this environment, then `env` is set."""
    base = {key: value for key, value in os.environ.items() if key not in unset}
    return subprocess.run(
        [sys.executable, "-m", "opuss.cli", *args],
        env=base | {"OPUSS_VAR_DIR": str(tmp_path)} | env,
        capture_output=True,
        text=True,
        timeout=120,
    )
