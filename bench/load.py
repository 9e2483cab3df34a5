"""The load test: gunicorn with one worker per core on loopback, locust (bench/locustfile.py)
headless for a bounded time, the trivial floor first, then the rentrée mix.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.load --out load.json --seconds 60
"""

import argparse
import csv
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import django

BIN = Path(sys.executable).parent
USERS = 20


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--seconds", type=int, default=60)
    parser.add_argument("--users", type=int, default=USERS)
    args = parser.parse_args()
    django.setup()
    work = Path(args.out).with_suffix("")
    work.mkdir(parents=True, exist_ok=True)
    accounts = work / "accounts.json"
    accounts.write_text(json.dumps(pick_accounts(args.users * 5)))
    workers = os.cpu_count() or 1
    with Gunicorn(workers, work / "gunicorn.log") as server:
        trivial = run_locust(server.url, accounts, "trivial", args, work)
        mix = run_locust(server.url, accounts, "rentree", args, work)
    result = {"workers": workers, "users": args.users, "seconds": args.seconds,
              "trivial": trivial, "mix": mix,
              "throughput_vs_trivial": mix["rps"] / trivial["rps"] if trivial["rps"] else None}
    Path(args.out).write_text(json.dumps(result, indent=1))


def pick_accounts(count: int) -> dict:
    """Pupils who have the demo password (licensed this season), and one animateur per AS that
    has last season's pupils to renew, but the AS the other figures use."""
    from opuss.accounts.models import RoleAssignment
    from opuss.demo.data import DEMO_PASSWORD
    from opuss.demo.models import DemoAccount
    from opuss.licences.models import Licence
    from opuss.seasons.models import Season

    season = Season.objects.current()
    shared = DemoAccount.objects.get(role="dn").user.password
    pupils = list(
        Licence.objects.filter(season=season, pupil__user__password=shared)
        .order_by("number").values_list("number", flat=True)[:count]
    )
    teacher = DemoAccount.objects.get(role="teacher").user
    busy = RoleAssignment.objects.get(user=teacher, role="AS_TEACHER").association.code
    teachers, seen = [], {busy}
    for email, code in (
        RoleAssignment.objects.filter(role="AS_TEACHER",
                                      association__affiliations__season=season,
                                      association__affiliations__state="AFFILIATED")
        .order_by("association__code", "pk").values_list("user__email", "association__code")
    ):
        if code not in seen and len(teachers) < count:
            seen.add(code)
            teachers.append([email, code])
    # The large AS (first codes) are the basket figure's: start past them.
    teachers = teachers[4:] + teachers[:4]
    return {"password": DEMO_PASSWORD, "pupils": pupils, "teachers": teachers}


class Gunicorn:
    def __init__(self, workers: int, log: Path) -> None:
        self.workers, self.log = workers, log
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            self.port = probe.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"

    def __enter__(self) -> "Gunicorn":
        self.process = subprocess.Popen(
            [BIN / "gunicorn", "opuss.wsgi", "--workers", str(self.workers), "--bind",
             f"127.0.0.1:{self.port}", "--timeout", "120", "--access-logfile", "-"],
            stdout=self.log.open("w"), stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/sante/", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except OSError:
                time.sleep(0.5)
        self.process.terminate()
        raise RuntimeError(f"gunicorn did not answer: {self.log}")

    def __exit__(self, *exc) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


def run_locust(url: str, accounts: Path, mix: str, args, work: Path) -> dict:
    prefix = work / mix
    subprocess.run(
        [BIN / "locust", "-f", Path(__file__).with_name("locustfile.py"), "--headless",
         "--host", url, "--users", str(args.users), "--spawn-rate", str(args.users),
         "--run-time", f"{args.seconds}s", "--stop-timeout", "10", "--csv", prefix,
         "--only-summary", "--loglevel", "WARNING"],
        env={**os.environ, "BENCH_ACCOUNTS": str(accounts), "BENCH_MIX": mix},
        stdout=(work / f"{mix}.log").open("w"), stderr=subprocess.STDOUT, check=False,
        timeout=args.seconds + 120,
    )
    with open(f"{prefix}_stats.csv") as stats:
        rows = list(csv.DictReader(stats))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return {
        "requests": int(total["Request Count"]),
        "errors": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p95_ms": float(total["95%"]),
        "by_request": {row["Name"]: {"requests": int(row["Request Count"]),
                                    "errors": int(row["Failure Count"]),
                                    "median_ms": float(row["Median Response Time"]),
                                    "p95_ms": float(row["95%"])}
                       for row in rows if row["Name"] != "Aggregated"},
    }


if __name__ == "__main__":
    main()
