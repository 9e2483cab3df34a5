"""E-mailed links and the card's QR code are built on SITE_URL: in development it follows the
port the server listens on, and a production server refuses to start without it."""

import subprocess
from pathlib import Path

import pytest

import opuss as opuss_package
from tests.helpers import run_opuss

ROOT = Path(opuss_package.__file__).resolve().parents[1]


def opuss(tmp_path, env: dict, *args: str) -> subprocess.CompletedProcess:
    """The `opuss` command in a fresh process, outside pytest and without our variables."""
    ours = {"PYTEST_VERSION", "SITE_URL", "PORT", "DEBUG", "OPUSS_NOW", "SECRET_KEY"}
    return run_opuss(tmp_path, env, *args, unset=ours)


PRINT_SITE_URL = ("shell", "-c", "from django.conf import settings; print(settings.SITE_URL)")


def test_a_production_server_without_site_url_refuses_to_start(tmp_path):
    result = opuss(tmp_path, {"DEBUG": "0"}, "check")
    assert result.returncode != 0
    assert "SITE_URL manquant" in result.stderr


def test_a_production_server_with_site_url_starts(tmp_path):
    result = opuss(tmp_path, {"DEBUG": "0", "SITE_URL": "https://opuss.unss.org"}, "check")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("port", ["8001", "8025"])
def test_in_development_links_follow_the_port(tmp_path, port):
    result = opuss(tmp_path, {"DEBUG": "1", "PORT": port}, *PRINT_SITE_URL)
    assert result.stdout.strip().splitlines()[-1] == f"http://127.0.0.1:{port}"


def test_make_run_gives_the_demo_its_port_in_site_url():
    dry_run = subprocess.run(
        ["make", "-n", "run", "PORT=8001"], cwd=ROOT, capture_output=True, text=True, check=True
    )
    served = [line for line in dry_run.stdout.splitlines() if "runserver" in line]
    assert served and all("SITE_URL=http://127.0.0.1:8001 " in line for line in served)
