"""Page figures: each page's median server time over --requests requests (Django's test client,
in this process), against the trivial page of the same person opened between them; and its
number of queries.

    DJANGO_SETTINGS_MODULE=bench.settings python -m bench.pages --out pages.json [--requests 200]
    ... --profile as_basket_300   # a pyinstrument profile of one page instead
"""

import argparse
import json
import statistics
import time
from dataclasses import dataclass

import django

BASKET_LINES = 300
# Pages that keep blocks per AS, per territory or per basket: also measured with nothing kept.
COLD = ("pupil_home", "as_home", "as_basket_300", "dn_figures")
TRIVIAL = "/bench/trivial/"


@dataclass(frozen=True)
class Page:
    name: str
    role: str  # the demo account who opens it
    path: str


def pages(codes: dict[str, str], search: str) -> list[Page]:
    code = codes["teacher"]
    return [
        Page("pupil_home", "pupil", "/licencies/mon-espace/"),
        Page("as_home", "teacher", f"/as/{code}/"),
        Page("as_licensees", "teacher", f"/as/{code}/licencies/"),
        Page("as_basket_300", "teacher", f"/as/{code}/panier/"),
        Page("sr_worklist", "sr", "/affiliations/"),
        Page("dn_dashboard", "dn", "/services/"),
        Page("dn_figures", "dn", "/tableau-de-bord/"),
        Page("dn_licence_search", "dn", f"/licences/?q={search}"),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--profile", help="a page's name: profile it instead of timing them all")
    args = parser.parse_args()
    django.setup()
    world = World()
    world.fill_basket()
    if args.profile:
        result = world.profile(args.profile, args.requests)
    else:
        result = world.measure(args.requests)
    with open(args.out, "w") as out:
        json.dump(result, out, ensure_ascii=False, indent=1)


class World:
    """The demo accounts of the database at hand (the demo's or the national seed's), logged in."""

    def __init__(self) -> None:
        from django.test import Client

        from opuss.accounts.models import RoleAssignment
        from opuss.demo.data import DEMO_PASSWORD
        from opuss.demo.models import DemoAccount

        self.accounts = {account.role: account for account in DemoAccount.objects.all()}
        teacher = self.accounts["teacher"].user
        self.association = RoleAssignment.objects.get(user=teacher, role="AS_TEACHER").association
        self.clients = {}
        for role in ("pupil", "teacher", "sr", "dn"):
            client = Client()
            response = client.post("/compte/connexion/", {
                "username": self.accounts[role].login, "password": DEMO_PASSWORD})
            assert response.status_code == 302, (role, response.status_code)
            self.clients[role] = client
        pupil = self.accounts["pupil"].user
        self.pages = pages({"teacher": self.association.code}, pupil.last_name)
        self.basket_lines = 0

    def fill_basket(self) -> None:
        """The teacher's basket holds up to 300 of last season's pupils (fewer on a small
        database: the figure says how many)."""
        from opuss.licences import services
        from opuss.seasons.models import Season

        season = Season.objects.current()
        teacher = self.accounts["teacher"].user
        basket = services.basket_open(association=self.association, season=season,
                                      actor=teacher)
        missing = BASKET_LINES - basket.lines.count()
        if missing > 0:
            former = list(services.former_licensees(self.association, season)[:missing])
            services.basket_add_renewals(basket=basket, pupils=former, actor=teacher)
        self.basket_lines = basket.lines.count()

    def measure(self, requests: int) -> dict:
        result = {"basket_lines": self.basket_lines, "requests": requests, "pages": {}}
        for page in self.pages:
            median, trivial = self._medians(page.role, page.path, requests)
            result["pages"][page.name] = {
                "path": page.path, "role": page.role, "median_ms": median,
                "trivial_ms": trivial, "ratio": median / trivial,
                "queries": self._queries(page.role, page.path),
            }
        result["pages"]["trivial"] = {"queries": self._queries("pupil", TRIVIAL)}
        # Their first view of the minute, nothing kept (opuss/core/caching.py).
        result["cold"] = {}
        for page in self.pages:
            if page.name in COLD:
                median, trivial = self._medians(page.role, page.path, requests, cold=True)
                result["cold"][page.name] = {"median_ms": median, "trivial_ms": trivial}
        return result

    def _get(self, role: str, path: str):
        response = self.clients[role].get(path)
        assert response.status_code == 200, (path, response.status_code)
        return response

    def _medians(self, role: str, path: str, requests: int,
                 cold: bool = False) -> tuple[float, float]:
        """The page's median time and the trivial page's, each page request followed by a
        trivial one of the same person: a machine whose speed drifts during the run (other
        work on its cores) slows both alike, and their ratio holds."""
        from django.core.cache import cache

        for _ in range(3):  # warm the caches (templates, the season's rules)
            self._get(role, path)
            self._get(role, TRIVIAL)
        times, floor = [], []
        for _ in range(requests):
            if cold:
                cache.clear()
            times.append(self._timed(role, path))
            floor.append(self._timed(role, TRIVIAL))
        return statistics.median(times), statistics.median(floor)

    def _timed(self, role: str, path: str) -> float:
        started = time.perf_counter()
        self._get(role, path)
        return (time.perf_counter() - started) * 1000

    def _queries(self, role: str, path: str) -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self._get(role, path)  # the session's activity was just recorded: not counted again
        with CaptureQueriesContext(connection) as queries:
            self._get(role, path)
        return len(queries)

    def profile(self, name: str, requests: int) -> dict:
        from pyinstrument import Profiler

        page = next(page for page in self.pages if page.name == name)
        self._get(page.role, page.path)
        profiler = Profiler(interval=0.0005)
        with profiler:
            for _ in range(requests):
                self._get(page.role, page.path)
        return {"page": name, "path": page.path, "requests": requests,
                "text": profiler.output_text(unicode=True, color=False, show_all=False),
                **self._database_share(page)}

    def _database_share(self, page: Page) -> dict:
        """One request's time and its queries' (the slowest three, and the plan of the
        slowest as PostgreSQL runs it)."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self._get(page.role, page.path)
        with CaptureQueriesContext(connection) as captured:
            started = time.perf_counter()
            self._get(page.role, page.path)
            request_ms = (time.perf_counter() - started) * 1000
        queries = sorted(captured.captured_queries, key=lambda query: -float(query["time"]))
        with connection.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + queries[0]["sql"])
            plan = [row[0] for row in cursor.fetchall()]
        return {
            "request_ms": request_ms,
            "sql_ms": sum(float(query["time"]) for query in queries) * 1000,
            "query_count": len(queries),
            "slowest": [{"ms": float(query["time"]) * 1000, "sql": query["sql"]}
                        for query in queries[:3]],
            "plan": plan,
        }


if __name__ == "__main__":
    main()
