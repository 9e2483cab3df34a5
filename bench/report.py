"""bench/RESULTS.md and bench/results.json, from one run's figures."""

import json
import os
import platform
import subprocess
import time
from pathlib import Path

PAGES = ["pupil_home", "as_home", "as_licensees", "as_basket_300", "sr_worklist",
         "dn_dashboard", "dn_figures", "dn_licence_search"]
GOALS = {"pupil_home": 3, "as_home": 3, "as_licensees": 5, "as_basket_300": 5,
         "sr_worklist": 10, "dn_dashboard": 10, "dn_figures": 10,
         "dn_licence_search": 10}


def results_json(results: dict) -> dict:
    """Exactly the issue's shape."""
    pages, demo = results["pages"]["pages"], results["pages_demo"]["pages"]
    seed, load = results["seed"], results["load"]
    return {
        "database": "postgresql",
        "licences": results["counts"]["licences"],
        "associations": results["counts"]["associations"],
        "ratios": {
            "seed_vs_copy": round(seed["seed_s"] / seed["copy_s"], 2),
            "basket_500_vs_insert": round(results["basket"]["ratio"], 2),
            **{f"{name}_vs_trivial": round(pages[name]["ratio"], 2) for name in PAGES},
        },
        "queries": {name: [demo[name]["queries"], pages[name]["queries"]]
                    for name in [*PAGES, "trivial"]},
        "export_all_licences": {
            "rss_growth_mb": round(results["export"]["rss_growth_mb"], 1),
            "first_byte_s": round(results["export"]["first_byte_s"], 3),
        },
        "load": {
            "requests": load["mix"]["requests"],
            "errors": load["mix"]["errors"],
            "throughput_vs_trivial": round(load["throughput_vs_trivial"], 2),
            "p95_ms": load["mix"]["p95_ms"],
        },
    }


def machine() -> dict:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text()
                .splitlines() if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text()
                  .splitlines() if line.startswith("MemTotal"))
    return {"cpu": cpu, "cores": os.cpu_count(), "ram_gib": round(memory / 1024 / 1024, 1),
            "python": platform.python_version(), "system": platform.platform()}


def commit() -> str:
    def git(*args: str) -> str:
        return subprocess.run(["git", *args], capture_output=True, text=True,
                              cwd=Path(__file__).parent).stdout.strip()

    head = git("rev-parse", "--short", "HEAD")
    # The run's own outputs, rewritten by every run, are not changes to what was measured.
    changed = git("status", "--porcelain", "--", ":/", ":(top,exclude)bench/RESULTS.md",
                  ":(top,exclude)bench/results.json")
    return f"{head} (with uncommitted changes)" if changed else head


def write(output: Path, args, server, results: dict, argv: list[str]) -> None:
    output.mkdir(parents=True, exist_ok=True)
    figures = results_json(results)
    (output / "results.json").write_text(json.dumps(figures, indent=2) + "\n")
    (output / "RESULTS.md").write_text(markdown(args, results, figures, argv))


def _row(*cells) -> str:
    return "| " + " | ".join(str(cell) for cell in cells) + " |"


def markdown(args, results: dict, figures: dict, argv: list[str]) -> str:
    box, seed, counts = machine(), results["seed"], results["counts"]
    pages, demo = results["pages"], results["pages_demo"]
    basket, export, load = results["basket"], results["export"], results["load"]
    full = args.pupils == 1_200_000
    lines = [
        "# Benchmark results",
        "",
        "Written by `make bench` (`python -m bench`): do not edit by hand. Every figure is a ratio "
        "against a floor measured in the same run. The method is in README.md (« Benchmarks »).",
        "",
        f"- Date: {time.strftime('%Y-%m-%d %H:%M %Z')}; commit {commit()}.",
        f"- Command: `{' '.join(['python -m bench', *argv[1:]])}`; the whole run took "
        f"{results['wall_s'] / 60:.0f} min.",
        f"- Machine: {box['cpu']}, {box['cores']} cores, {box['ram_gib']} GiB RAM; "
        f"{box['system']}; Python {box['python']}. Load average when the run ended: "
        f"{os.getloadavg()[0]:.1f} (whatever else ran on the machine shares its cores: "
        "compare ratios, not milliseconds).",
        f"- PostgreSQL {results['postgres']} on the same machine, its defaults but "
        "the planner's two settings of docs/deploy.md; the seeded databases vacuumed and "
        "analysed after their load (" + ", ".join(
            f"{k} {v}" for k, v in results["pg_settings"].items()) + ").",
        "- Dataset: " + ("the national size" if full else
                         f"**reduced**: {_n(args.pupils)} pupils instead of 1 200 000")
        + f" — {_n(counts['pupils'])} pupils, {_n(counts['licences'])} licences "
        f"({_n(counts['licences_current'])} this season), {_n(counts['associations'])} AS, "
        f"{counts['academies']} académies, {counts['departments']} departments, "
        f"{counts['districts']} districts; {counts['database_size']} on disk (after the run's "
        "baskets and load test).",
        "",
        "## Goals",
        "",
        _row("figure", "measured", "goal", "met"),
        _row("---", "---", "---", "---"),
    ]
    ratios = figures["ratios"]
    goal_rows = [("seed_vs_copy", 3), ("basket_500_vs_insert", 5)]
    goal_rows += [(f"{name}_vs_trivial", GOALS[name]) for name in PAGES]
    for key, goal in goal_rows:
        lines.append(_row(f"`{key}`", ratios[key], f"≤ {goal}",
                          "yes" if ratios[key] <= goal else "**no**"))
    same = all(demo_n == national_n for demo_n, national_n in figures["queries"].values())
    lines.append(_row("queries per page, demo = national", "yes" if same else "**no**",
                      "equal", "yes" if same else "**no**"))
    lines.append(_row("national CSV: memory growth", f"{export['rss_growth_mb']:.1f} MB",
                      "< 100 MB", "yes" if export["rss_growth_mb"] < 100 else "**no**"))
    lines.append(_row("national CSV: first byte", f"{export['first_byte_s']:.3f} s", "< 1 s",
                      "yes" if export["first_byte_s"] < 1 else "**no**"))
    lines.append(_row("load test errors", load["mix"]["errors"], "0",
                      "yes" if load["mix"]["errors"] == 0 else "**no**"))
    lines += [
        "",
        "## Seed",
        "",
        f"`opuss seed --national --pupils {seed['pupils']}` took **{seed['seed_s']:.1f} s** "
        f"(measured {seed['date']}: the whole command, Django's start included); a raw `COPY` "
        f"of the same {_n(seed['rows'])} rows from files into an empty copy of the migrated "
        "tables (same indexes, constraints, deferred foreign keys checked at commit) took "
        f"**{seed['copy_s']:.1f} s**: ratio {ratios['seed_vs_copy']}.",
        "",
        "## Pages",
        "",
        f"Median server time over {pages['requests']} requests each (Django's test client in "
        "one process, DEBUG off, the same middleware), against the trivial page (a logged-in "
        "view rendering a short template, bench/views.py) opened by the same person, one "
        "trivial request after each of the page's (a machine whose speed drifts slows both "
        "alike). Queries: one request counted with CaptureQueriesContext, on the demo (`opuss "
        "seed`) and on the "
        f"national dataset. The basket holds {pages['basket_lines']} of last season's pupils "
        f"nationally ({demo['basket_lines']} at demo size: all the demo AS has).",
        "",
        _row("page", "path", "median ms", "trivial ms", "ratio", "goal",
             "queries demo", "queries national"),
        _row(*["---"] * 8),
    ]
    for name in PAGES:
        page = pages["pages"][name]
        lines.append(_row(name, f"`{page['path']}`", f"{page['median_ms']:.1f}",
                          f"{page['trivial_ms']:.1f}", f"{page['ratio']:.2f}",
                          f"≤ {GOALS[name]}", *figures["queries"][name]))
    lines.append(_row("trivial", "`/bench/trivial/`", "", "", "", "",
                      *figures["queries"]["trivial"]))
    cold = pages.get("cold", {})
    if cold:
        lines += [
            "",
            "The homes keep their blocks per AS for a minute or until a change, the dashboard "
            "its page per territory for a minute or until the next refresh, the basket its "
            "lines' review and former licensees for a minute or until it or its AS's licences "
            "change (opuss/core/caching.py): the figures above are the views that find them "
            "kept, as every pupil of an AS but the first of the minute does, or a teacher "
            "searching his former licensees. Their first view, nothing kept (the whole cache "
            "emptied before each request, the AS's blocks too): "
            + "; ".join(
                f"{name} {ms['median_ms']:.1f} ms, {ms['median_ms'] / ms['trivial_ms']:.2f}× the "
                "trivial page" for name, ms in cold.items()
            )
            + ".",
        ]
    lines += [
        "",
        "## Basket of 500",
        "",
        "A teacher's basket of 300 of last season's pupils and 200 new ones, validated through "
        "the page's POST (`/as/<code>/panier/valider/`, e-mails and guardian links queued as "
        "tasks, no worker), against one multi-row `INSERT … VALUES` per table of the very rows "
        "the validation created, into the same tables (in a rolled-back transaction; foreign "
        "keys deferred and not checked, so the floor is a little low).",
        "",
        _row("AS", "lines", "validation ms", "queries", "INSERT ms", "rows created"),
        _row(*["---"] * 6),
    ]
    for run in basket["runs"]:
        rows = ", ".join(f"{table} {count}" for table, count in sorted(run["rows"].items()))
        lines.append(_row(run["association"], run["lines"], f"{run['validation_ms']:.0f}",
                          run["queries"], f"{run['insert_ms']:.0f}", rows))
    lines += [
        "",
        f"Median: {basket['validation_ms']:.0f} ms against {basket['insert_ms']:.0f} ms, ratio "
        f"**{basket['ratio']:.2f}**.",
        "",
        "## Export of every licence (DN, CSV)",
        "",
        f"`{export['path']}` as DN: {'streamed' if export['streamed'] else 'not streamed'}, "
        f"{_n(export['lines'])} lines, {export['bytes'] / 1e6:.1f} MB; first byte after "
        f"{export['first_byte_s']:.3f} s, whole file in {export['total_s']:.1f} s; the process's "
        f"peak resident memory grew by {export['rss_growth_mb']:.1f} MB.",
        "",
        "## Load",
        "",
        f"gunicorn, {load['workers']} workers (one per core), on loopback; locust headless, "
        f"{load['users']} users for {load['seconds']} s, each run: first every user opens the "
        "trivial page in a loop (the floor), then the rentrée mix: pupils (6) open their home, "
        "animateurs (3) their AS's home and licensees and, one time in eight, renew five pupils "
        "and validate the basket, visitors (1) log in, open their home and log out. Both runs "
        "start with every user's login (argon2). locust runs on the same two cores.",
        "",
        _row("run", "requests", "errors", "requests/s", "p95 ms"),
        _row(*["---"] * 5),
    ]
    for name in ("trivial", "mix"):
        run = load[name]
        lines.append(_row(name, run["requests"], run["errors"], f"{run['rps']:.1f}",
                          f"{run['p95_ms']:.0f}"))
    lines += ["", "Per request of the mix:", "",
              _row("request", "count", "errors", "median ms", "p95 ms"), _row(*["---"] * 5)]
    for name, row in sorted(load["mix"]["by_request"].items()):
        lines.append(_row(name, row["requests"], row["errors"], f"{row['median_ms']:.0f}",
                          f"{row['p95_ms']:.0f}"))
    lines += [
        "",
        f"Throughput against the trivial floor: **{figures['load']['throughput_vs_trivial']}**.",
        "",
        "## Profile of the worst page",
        "",
        f"`{results['profile']['page']}` (`{results['profile']['path']}`), "
        f"{results['profile']['requests']} requests under pyinstrument:",
        "",
        "```",
        _trimmed(results["profile"]["text"]),
        "```",
        "",
        *_database_share(results["profile"]),
        *_misses(results, figures),
        "## results.json",
        "",
        "```json",
        json.dumps(figures, indent=2),
        "```",
        "",
    ]
    return "\n".join(lines)


NOTES = Path(__file__).with_name("notes.md")


def _misses(results: dict, figures: dict) -> list[str]:
    """« Misses explained »: each page past its goal, with what bench/notes.md says of it (its
    `## <page>` section, written from the profiles) and this run's profile of it."""
    missed = [name for name in PAGES
              if figures["ratios"].get(f"{name}_vs_trivial", 0) > GOALS[name]]
    if not missed:
        return []
    notes = _notes()
    lines = ["## Misses explained", "",
             "Each page past its goal: why, from its profile (the text is bench/notes.md's; the "
             "profile, its queries and the plan of the slowest are this run's).", ""]
    for name in missed:
        ratio = figures["ratios"][f"{name}_vs_trivial"]
        lines += [f"### {name}: {ratio} against ≤ {GOALS[name]}", ""]
        lines += [notes.get(name, "No note yet: see the profile below."), ""]
        profile = results.get("profiles", {}).get(name)
        if profile and profile is not results["profile"]:
            lines += ["```", _trimmed(profile["text"], 60), "```", "",
                      *_database_share(profile)]
        elif profile:
            lines += ["(Its profile is the one above.)", ""]
    return lines


def _notes() -> dict[str, str]:
    """bench/notes.md's sections, by page name."""
    if not NOTES.exists():
        return {}
    notes: dict[str, list[str]] = {}
    current = None
    for line in NOTES.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            current = notes.setdefault(line[3:].strip(), [])
        elif current is not None:
            current.append(line)
    return {name: "\n".join(body).strip() for name, body in notes.items()}


def _database_share(profile: dict) -> list[str]:
    """What the profile shows: the share of the database, its slowest queries and the plan."""
    share = profile["sql_ms"] / profile["request_ms"]
    lines = [
        f"One request of that page took {profile['request_ms']:.0f} ms, "
        f"{profile['sql_ms']:.0f} ms of which ({share:.0%}) in its {profile['query_count']} "
        "queries. The slowest:",
        "",
    ]
    for query in profile["slowest"]:
        sql = " ".join(query["sql"].split())
        lines.append(f"- {query['ms']:.0f} ms: `{sql[:400]}{'…' if len(sql) > 400 else ''}`")
    lines += ["", "PostgreSQL's plan of the slowest (EXPLAIN ANALYZE, BUFFERS):", "", "```",
              *profile["plan"][:30], "```", ""]
    return lines


def _n(number: int) -> str:
    return f"{number:,}".replace(",", " ")


def _trimmed(text: str, limit: int = 80) -> str:
    lines = [line.rstrip() for line in text.splitlines() if line.strip()]
    return "\n".join(lines[:limit])
