"""The rentrée on loopback (bench/load.py starts it): pupils opening their home, animateurs on
their AS's pages renewing a few pupils and validating the basket, people logging in and out. With
BENCH_MIX=trivial every user opens the trivial page instead: the floor.

BENCH_ACCOUNTS names a JSON file: {"password": ..., "pupils": [licence numbers],
"teachers": [[e-mail, AS code], ...]}."""

import html
import itertools
import json
import os
import re

from locust import HttpUser, between, task

ACCOUNTS = json.loads(open(os.environ["BENCH_ACCOUNTS"]).read())  # noqa: SIM115
PASSWORD = ACCOUNTS["password"]
PUPILS = itertools.cycle(ACCOUNTS["pupils"])
TEACHERS = itertools.cycle(ACCOUNTS["teachers"])
TRIVIAL = os.environ.get("BENCH_MIX") == "trivial"
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RENEWABLE = re.compile(r'<li><input type="checkbox" name="pupils" value="(\d+)"')
CHECKS = re.compile(r'name="checks" value="([^"]+)"')
RENEWALS_PER_BASKET = 5


class Person(HttpUser):
    abstract = True
    wait_time = between(0.1, 0.5)

    def log_in(self, login: str) -> None:
        page = self.client.get("/compte/connexion/", name="login form")
        self.client.post("/compte/connexion/", name="login", data={
            "csrfmiddlewaretoken": CSRF.search(page.text).group(1),
            "username": login, "password": PASSWORD,
        })

    def trivial(self) -> None:
        self.client.get("/bench/trivial/", name="trivial")


class Pupil(Person):
    weight = 6

    def on_start(self) -> None:
        self.log_in(next(PUPILS))

    @task
    def home(self) -> None:
        if TRIVIAL:
            return self.trivial()
        self.client.get("/licencies/mon-espace/", name="pupil home")


class Teacher(Person):
    weight = 3

    def on_start(self) -> None:
        self.email, self.code = next(TEACHERS)
        self.log_in(self.email)

    @task(4)
    def as_home(self) -> None:
        if TRIVIAL:
            return self.trivial()
        self.client.get(f"/as/{self.code}/", name="AS home")

    @task(3)
    def licensees(self) -> None:
        if TRIVIAL:
            return self.trivial()
        self.client.get(f"/as/{self.code}/licencies/", name="AS licensees")

    @task(1)
    def basket(self) -> None:
        """A few of last season's pupils renewed, the basket validated."""
        if TRIVIAL:
            return self.trivial()
        path = f"/as/{self.code}/panier/"
        page = self.client.get(path, name="basket")
        pupils = RENEWABLE.findall(page.text)[:RENEWALS_PER_BASKET]
        if not pupils:
            return None
        token = CSRF.search(page.text).group(1)
        self.client.post(f"{path}renouveler/", name="basket: renew",
                         data={"csrfmiddlewaretoken": token, "pupils": pupils})
        page = self.client.get(path, name="basket")
        checks = [html.unescape(check) for check in CHECKS.findall(page.text)]
        with self.client.post(f"{path}valider/", name="basket: validate", catch_response=True,
                              data={"csrfmiddlewaretoken": CSRF.search(page.text).group(1),
                                    "checks": checks}) as response:
            if not response.url.endswith("/licencies/"):
                response.failure(f"not validated: {response.url}")
        return None


class Visitor(Person):
    """Someone who logs in, looks at his home and logs out: the logins of the morning."""

    weight = 1

    def on_start(self) -> None:
        if TRIVIAL:
            self.log_in(next(PUPILS))

    @task
    def login_and_out(self) -> None:
        if TRIVIAL:
            return self.trivial()
        self.log_in(next(PUPILS))
        self.client.get("/", name="home (redirect)")
        page = self.client.get("/licencies/mon-espace/", name="pupil home")
        self.client.post("/compte/deconnexion/", name="logout",
                         data={"csrfmiddlewaretoken": CSRF.search(page.text).group(1)})
        return None
