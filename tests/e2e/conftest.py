"""Browser journeys (`make e2e`): Playwright for Python driving Debian's Chromium against a real
server seeded with the demo. Not part of `make test`: they are marked `e2e` and deselected there."""

import json
import os
import subprocess
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e.journey import DESKTOP, PHONE, Journey
from tests.e2e.server import OPUSS, ROOT, _environment, copy_server, seed_demo

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents and not item.get_closest_marker("screenshots"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def demo_database(tmp_path_factory) -> Path:
    return seed_demo(tmp_path_factory.mktemp("demo"))


@pytest.fixture(scope="module")
def server(demo_database, request):
    """A server of its own for each journey module, on a copy of the seeded demo."""
    name = request.module.__name__.rsplit(".", 1)[-1]
    server = copy_server(demo_database, demo_database.parent.parent / f"server-{name}")
    env = _environment(server.var_dir, server.port)
    listing = subprocess.run(
        [str(OPUSS), "demo-accounts", "--json"], env=env, cwd=ROOT, capture_output=True,
        text=True, check=True,
    )
    server.accounts = {row["role"]: row["login"] for row in json.loads(listing.stdout)}
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


def _context(browser, server, viewport, **options):
    return browser.new_context(
        base_url=server.url, viewport=viewport, locale="fr-FR", timezone_id="Europe/Paris",
        **options,
    )


@pytest.fixture
def desktop(browser, server, request):
    """A person at a 1280 px screen: `desktop.page`, `with desktop.step("…"):`."""
    context = _context(browser, server, DESKTOP)
    context.set_default_timeout(10_000)
    yield Journey(context.new_page(), f"{request.node.name}-1280")
    context.close()


@pytest.fixture
def phone(browser, server, request):
    """A person on a 375 px phone (touch)."""
    context = _context(browser, server, PHONE, has_touch=True, is_mobile=True)
    context.set_default_timeout(10_000)
    yield Journey(context.new_page(), f"{request.node.name}-375")
    context.close()


@pytest.fixture
def new_person(browser, server, request):
    """Another person's browser, for journeys with several people: `new_person("sr")`."""
    contexts = []

    def make(who: str, viewport=DESKTOP) -> Journey:
        context = _context(browser, server, viewport, has_touch=viewport is PHONE)
        context.set_default_timeout(10_000)
        contexts.append(context)
        return Journey(context.new_page(), f"{request.node.name}-{who}")

    yield make
    for context in contexts:
        context.close()
