"""The lock (requirements/*.txt) holds every package pyproject.toml asks for: `make install` on a
fresh machine installs from it alone (`pip install --require-hashes`, then the project without
its dependencies), so a dependency added to pyproject.toml but not locked (`make lock`) would be
missing there, and production runs the very versions the tests ran."""

import tomllib
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
EXTRAS = PROJECT["optional-dependencies"]
# Each lock file and the extras it adds: production's, a training server's (the demo), and
# `make install`'s, with every extra (tests, bench).
LOCKS = {"base": (), "demo": ("demo",), "dev": tuple(EXTRAS)}


def declared(lock: str) -> list[Requirement]:
    """What pyproject.toml asks for in that lock (an extra naming the project itself aside)."""
    wanted = [Requirement(line) for line in PROJECT["dependencies"]]
    for extra in LOCKS[lock]:
        wanted += [Requirement(line) for line in EXTRAS[extra]]
    return [r for r in wanted if canonicalize_name(r.name) != canonicalize_name(PROJECT["name"])]


def pins(lock: str) -> dict[str, str]:
    """The lock file's pins, package name to version; each must carry its hashes."""
    text = (ROOT / "requirements" / f"{lock}.txt").read_text().replace("\\\n", " ")
    found = {}
    for line in text.splitlines():
        if not line or line[0].isspace() or line.startswith("#"):
            continue
        requirement, _, hashes = line.partition(" --hash=")
        assert hashes, f"requirements/{lock}.txt pins {requirement.strip()} without a hash"
        pin = Requirement(requirement)
        (version,) = (spec.version for spec in pin.specifier if spec.operator == "==")
        found[canonicalize_name(pin.name)] = version
    return found


@pytest.mark.parametrize("lock", LOCKS)
def test_every_dependency_of_pyproject_is_locked_within_its_range(lock):
    locked = pins(lock)
    unlocked = [
        str(r)
        for r in declared(lock)
        if not r.specifier.contains(locked.get(canonicalize_name(r.name), "0"), prereleases=True)
    ]
    assert not unlocked, f"requirements/{lock}.txt does not pin {unlocked}: run `make lock`"


def test_production_goes_without_the_demo_packages():
    production = pins("base")
    demo = [canonicalize_name(Requirement(line).name) for line in EXTRAS["demo"]]
    assert "faker" in demo
    assert [name for name in demo if name in production] == []


@pytest.mark.parametrize("lock", ["base", "demo"])
def test_production_runs_the_versions_the_tests_ran(lock):
    tested = pins("dev")
    assert {name: tested.get(name) for name in pins(lock)} == pins(lock)
