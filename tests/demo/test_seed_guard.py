"""The demo's accounts share a password printed in the README: `opuss seed` loads them only on
an empty database, and outside DEBUG only when asked to with --force."""

import io
import os
import subprocess
import sys

import pytest
from django.core.management import CommandError, call_command

from opuss.demo.management.commands import seed
from opuss.demo.models import DemoAccount
from opuss.territories.models import Academy
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeder_runs(monkeypatch) -> list[int]:
    """Whether the demo would be built, without building it (the real one is in test_demo)."""
    runs = []

    class Seeder:
        def __init__(self, seed):
            self.seed = seed

        def run(self):
            runs.append(self.seed)
            return []

    monkeypatch.setattr(seed, "demo_seeder", lambda: Seeder)
    return runs


def test_seed_refuses_when_debug_is_off(settings, seeder_runs):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG est désactivé"):
        call_command("seed")
    assert seeder_runs == []


def test_seed_loads_in_debug(settings, seeder_runs):
    settings.DEBUG = True
    call_command("seed", stdout=io.StringIO())
    assert seeder_runs == [settings.OPUSS_DEMO_SEED]


def test_seed_loads_outside_debug_when_forced(settings, seeder_runs):
    settings.DEBUG = False
    call_command("seed", "--force", stdout=io.StringIO())
    assert len(seeder_runs) == 1


def test_seed_refuses_a_database_that_holds_real_data_even_when_forced(settings, seeder_runs):
    settings.DEBUG = True
    UserFactory()
    with pytest.raises(CommandError, match="utilisateur"):
        call_command("seed", "--force")
    assert seeder_runs == []


def test_seed_without_the_demo_packages_says_what_to_install(settings, monkeypatch):
    """A production install goes without Faker (pyproject's `demo` extra): the command says so,
    in French, instead of a traceback."""
    settings.DEBUG = True
    monkeypatch.setitem(sys.modules, "faker", None)  # `import faker` fails as if not installed
    monkeypatch.delitem(sys.modules, "opuss.demo.seed", raising=False)
    with pytest.raises(CommandError, match="Il manque le module « faker »") as refusal:
        call_command("seed")
    assert "pip install --require-hashes -r requirements/demo.txt" in str(refusal.value)
    assert not DemoAccount.objects.exists()
    assert not Academy.objects.exists()


def test_seed_refuses_a_database_after_opuss_init(settings):
    settings.DEBUG = True
    call_command(
        "init",
        "--email",
        "dn@unss.org",
        "--password-stdin",
        stdin=io.StringIO("Cross-du-Haut-Rhin-sous-la-pluie-2026\n"),
        stdout=io.StringIO(),
    )
    with pytest.raises(CommandError, match="Refusé : cette base contient déjà des données"):
        call_command("seed", "--force")
    assert not DemoAccount.objects.exists()
    assert not Academy.objects.exists()


def test_the_seed_command_exits_with_an_error_outside_debug(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DEBUG"} | {"OPUSS_VAR_DIR": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "opuss.cli", "seed"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1
    assert "DEBUG est désactivé" in result.stderr
