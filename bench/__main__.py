"""`make bench` (`python -m bench`) and `make bench-smoke` (`python -m bench --smoke`).

On PostgreSQL (DATABASE_URL, default postgres://postgres@127.0.0.1:5432/bench): the national
dataset is seeded into that database when it is empty (or seeded at another size), timed, and
its raw COPY floor measured once; the demo is seeded beside it (<name>_demo) for the query counts
at demo size. Each run then measures on fresh copies of both, so that runs compare."""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from bench import report
from bench.db import Server, applied, is_empty, read_meta, write_meta
from bench.floor import raw_copy_seconds

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench"
NOW = "2025-10-06T10:00:00+02:00"  # the demo's day: the licence period is open


def arguments(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--pupils", type=int, default=1_200_000,
                        help="size of the national dataset (default 1,200,000)")
    parser.add_argument("--requests", type=int, default=200, help="requests per page")
    parser.add_argument("--load-seconds", type=int, default=60, help="each locust run's length")
    parser.add_argument("--load-users", type=int, default=20)
    parser.add_argument("--baskets", type=int, default=3, help="baskets of 500 validated")
    parser.add_argument("--reseed", action="store_true", help="seed again even if seeded")
    parser.add_argument("--output", type=Path, help="where RESULTS.md and results.json go "
                        "(default bench/, or the var dir with --smoke)")
    parser.add_argument("--smoke", action="store_true",
                        help="the same harness, tiny: 2,000 pupils, 20 requests per page, 10 s "
                        "of load, one basket, in its own database (<name>_smoke)")
    args = parser.parse_args(argv)
    if args.smoke:
        args.pupils, args.requests, args.load_seconds, args.baskets = 2_000, 20, 10, 1
        args.load_users = 10
    return args


def main(argv=None) -> None:
    args = arguments(argv)
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit("Le banc d'essai tourne sur PostgreSQL : DATABASE_URL=postgres://…")
    server = Server(url)
    if args.smoke:
        server = Server(server.url_of(f"{server.name}_smoke"))
    var = Path(os.environ.get("OPUSS_VAR_DIR", ROOT / "var"))
    work = var / "bench" / server.name
    work.mkdir(parents=True, exist_ok=True)
    output = args.output or (work if args.smoke else ROOT / "bench")
    run = Run(server, work, var)
    started = time.monotonic()
    seeding = run.national(args.pupils, args.reseed)
    run.demo()
    results = run.measure(args)
    results["seed"] = seeding
    results["wall_s"] = time.monotonic() - started
    report.write(output, args, server, results, sys.argv)
    say(f"Résultats : {output / 'RESULTS.md'} ({results['wall_s']:.0f} s)")


STARTED = time.monotonic()


def say(message: str) -> None:
    print(f"bench [{time.monotonic() - STARTED:5.0f} s]: {message}", file=sys.stderr, flush=True)


class Run:
    def __init__(self, server: Server, work: Path, var: Path) -> None:
        self.server, self.work, self.var = server, work, var
        self.template = f"{server.name}_template"

    def env(self, database: str, **extra) -> dict[str, str]:
        return {
            **os.environ,
            "DATABASE_URL": self.server.url_of(database),
            "DJANGO_SETTINGS_MODULE": "bench.settings",
            "OPUSS_VAR_DIR": str(self.var),
            "OPUSS_NOW": NOW,
            "DEBUG": "0",
            "SITE_URL": "http://127.0.0.1:8000",
            "SECURE_COOKIES": "0",
            # As in production: e-mails and guardian links go to the task queue (no worker
            # here); nothing is sent.
            "TASKS_BACKEND": "database",
            "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
            "PYTHONPATH": str(ROOT),
            **extra,
        }

    def opuss(self, database: str, *command: str) -> float:
        started = time.perf_counter()
        subprocess.run([BIN / "opuss", *command], env=self.env(database), cwd=ROOT, check=True)
        return time.perf_counter() - started

    def python(self, database: str, module: str, *options: str) -> dict:
        out = self.work / f"{module.rsplit('.', 1)[-1]}-{database}.json"
        subprocess.run([sys.executable, "-m", module, "--out", str(out), *options],
                       env=self.env(database), cwd=ROOT, check=True)
        return json.loads(out.read_text())

    def migrated_template(self) -> None:
        if not self.server.exists(self.template):
            self.server.create(self.template)
        self.opuss(self.template, "migrate", "--noinput", "-v0")

    def national(self, pupils: int, reseed: bool) -> dict:
        """The seeded database: seeded now if it is empty or of another size, timed against
        the raw COPY of its rows."""
        self.migrated_template()
        name = self.server.name
        if self.server.exists(name):
            self.migrate(name)
        meta = None if not self.server.exists(name) or is_empty(self.server.url) \
            else read_meta(self.server.url)
        if meta and meta.get("pupils") == pupils and not reseed:
            say(f"{name} : déjà chargée ({pupils} élèves, le {meta['date']})")
            self.server.vacuum(name)
            return meta
        say(f"{name} : chargement national de {pupils} élèves")
        self.server.create(name, template=self.template)
        seconds = self.opuss(name, "seed", "--national", "--pupils", str(pupils), "--force")
        say(f"{name} : chargée en {seconds:.0f} s ; COPY brute des mêmes lignes…")
        floor = raw_copy_seconds(self.server, name, self.template, self.work / "floor")
        meta = {"pupils": pupils, "seed_s": seconds, "copy_s": floor["seconds"],
                "rows": floor["rows"], "tables": floor["tables"],
                "date": time.strftime("%Y-%m-%d %H:%M")}
        write_meta(self.server.url, meta)
        self.server.vacuum(name)
        return meta

    def demo(self) -> None:
        name = f"{self.server.name}_demo"
        if not self.server.exists(name) or is_empty(self.server.url_of(name)):
            say(f"{name} : chargement de la démonstration")
            self.server.create(name, template=self.template)
            self.opuss(name, "seed", "--force")
        else:
            self.migrate(name)
        self.server.vacuum(name)

    def migrate(self, database: str) -> None:
        """Migrations applied since it was seeded (another helper's index...), if any."""
        if applied(self.server.url_of(database)) != applied(self.server.url_of(self.template)):
            self.opuss(database, "migrate", "--noinput", "-v0")

    def measure(self, args) -> dict:
        national, demo = f"{self.server.name}_run", f"{self.server.name}_demo_run"
        self.server.create(national, template=self.server.name)
        self.server.create(demo, template=f"{self.server.name}_demo")
        for database in (national, demo):
            self.server.tune(database)
        try:
            say("pages (taille démo : requêtes)")
            pages_demo = self.python(demo, "bench.pages", "--requests", "5")
            say(f"pages (taille nationale : {args.requests} requêtes chacune)")
            pages = self.python(national, "bench.pages", "--requests", str(args.requests))
            say(f"panier de 500 ({args.baskets} fois)")
            basket = self.python(national, "bench.basket", "--times", str(args.baskets))
            say("export CSV de toutes les licences")
            export = self.python(national, "bench.export")
            say(f"charge : locust {args.load_seconds} s ×2")
            load = self.python(national, "bench.load", "--seconds", str(args.load_seconds),
                               "--users", str(args.load_users))
            # Every page that misses its goal is profiled (its miss is explained with its
            # profile, bench/notes.md), else the worst one.
            ratios = {name: page["ratio"] for name, page in pages["pages"].items()
                      if "ratio" in page}
            missed = [name for name, ratio in ratios.items()
                      if ratio > report.GOALS.get(name, float("inf"))]
            profiles = {}
            for name in missed or [max(ratios, key=ratios.__getitem__)]:
                say(f"profil : {name}")
                profiles[name] = self.python(national, "bench.pages", "--profile", name,
                                             "--requests", str(min(args.requests, 20)))
            profile = profiles[max(profiles, key=ratios.__getitem__)]
            counts = self.counts(national)
            pg_settings = self.server.settings(national)
        finally:
            self.server.drop(national)
            self.server.drop(demo)
        return {"pages_demo": pages_demo, "pages": pages, "basket": basket, "export": export,
                "load": load, "profile": profile, "profiles": profiles, "counts": counts,
                "postgres": self.server.version(),
                "pg_settings": pg_settings}

    def counts(self, database: str) -> dict:
        import psycopg

        with psycopg.connect(self.server.url_of(database)) as conn:
            def one(query: str) -> int:
                return conn.execute(query).fetchone()[0]

            return {
                "licences": one("SELECT count(*) FROM licences_licence"),
                "licences_current": one(
                    "SELECT count(*) FROM licences_licence l JOIN seasons_season s "
                    "ON s.id = l.season_id WHERE s.is_current"),
                "pupils": one("SELECT count(*) FROM licences_pupil"),
                "associations": one("SELECT count(*) FROM associations_sportsassociation"),
                "academies": one("SELECT count(*) FROM territories_academy"),
                "departments": one("SELECT count(*) FROM territories_department"),
                "districts": one("SELECT count(*) FROM territories_district"),
                "database_size": one("SELECT pg_size_pretty(pg_database_size(current_database()))"),
            }


if __name__ == "__main__":
    main()
