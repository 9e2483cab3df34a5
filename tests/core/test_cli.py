import subprocess
import sys


def run_opuss(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "opuss.cli", *args], capture_output=True, text=True, timeout=60
    )


def test_the_opuss_command_accepts_hyphenated_command_names():
    result = run_opuss("demo-accounts", "--help")
    assert result.returncode == 0
    assert "--json" in result.stdout


def test_the_opuss_command_lists_our_commands_beside_djangos():
    result = run_opuss("help")
    assert result.returncode == 0
    for command in ("seed", "demo_accounts", "migrate"):
        assert command in result.stdout
