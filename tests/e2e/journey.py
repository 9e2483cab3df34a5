"""What every journey does on every page it visits: the accessibility check at 1280 and 375 px,
no horizontal scroll on a phone, and a named step with a screenshot when something fails."""

import contextlib
import io
import re
from pathlib import Path
from urllib.parse import urljoin

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 375, "height": 740}
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "e2e"
_axe = Axe()


class StepFailed(AssertionError):
    pass


def accessibility_problems(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as it is now."""
    results = _axe.run(page)
    return [
        f"{v['id']} ({v['impact']}) : {v['help']} — "
        + ", ".join(str(node["target"]) for node in v["nodes"][:5])
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def horizontal_overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


class Journey:
    """One person's trip through the site in one browser context. `with journey.step("…"):`
    names what the person is doing; when the block ends, the page reached is checked (once per
    address and title) at both widths; when it fails, the step and a screenshot's path are
    reported."""

    def __init__(self, page: Page, name: str) -> None:
        self.page = page
        self.name = re.sub(r"\W+", "-", name).strip("-")
        self.checked: set[str] = set()
        self.count = 0

    @contextlib.contextmanager
    def step(self, what: str, check: bool = True):
        self.count += 1
        try:
            yield self.page
            if check:
                self.check()
        except Exception as error:
            shot = SCREENSHOTS / f"{self.name}-{self.count:02d}.png"
            shot.parent.mkdir(parents=True, exist_ok=True)
            with contextlib.suppress(Exception):
                self.page.screenshot(path=str(shot), full_page=True)
            raise StepFailed(
                f"{self.name}, étape {self.count} « {what} » ({self.page.url}) : {error}\n"
                f"Capture d'écran : {shot}"
            ) from error

    def check(self) -> None:
        """axe at 1280 and 375 px, and no sideways scroll at 375, for a page not checked yet."""
        page = self.page
        page.wait_for_load_state("load")
        # The title too: a form's answer to a POST (an error, a preview, « Réponse enregistrée »)
        # often keeps the form's address but is another page.
        key = re.sub(r"\d+", "N", f"{page.url.split('#')[0]} {page.title()}")
        if key in self.checked:
            return
        self.checked.add(key)
        original = page.viewport_size
        problems = []
        for size in (DESKTOP, PHONE):
            page.set_viewport_size(size)
            problems += [f"{size['width']} px : {p}" for p in accessibility_problems(page)]
        overflow = horizontal_overflow(page)
        if overflow > 0:
            problems.append(f"375 px : la page défile de {overflow} px vers la droite")
        page.set_viewport_size(original)
        assert not problems, "\n".join(problems)


def htmx_settled(page: Page) -> None:
    """Waits until htmx has swapped and set up what it received: it attaches the new content's
    triggers only when it settles (20 ms after the swap), and a choice made before that is not
    sent."""
    expect(page.locator(".htmx-request, .htmx-added, .htmx-settling")).to_have_count(0)


def login(page: Page, username: str, password: str) -> None:
    page.goto("/compte/connexion/")
    page.get_by_label("Adresse mail ou numéro de licence").fill(username)
    page.locator("#id_password").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state("load")


def pdf_bytes(page: Page, link) -> bytes:
    """The PDF a link leads to, fetched with the browser's session as a click would."""
    href = urljoin(page.url, link.get_attribute("href"))
    response = page.request.get(href)
    assert response.ok, f"{href} : {response.status}"
    assert response.headers["content-type"].startswith("application/pdf"), href
    return response.body()


def qr_codes_in_pdf(data: bytes) -> list[str]:
    """The texts of the QR codes printed on a PDF's pages, read from its rendering as a phone's
    camera would read the paper."""
    import pypdfium2
    import zxingcpp

    texts = []
    document = pypdfium2.PdfDocument(io.BytesIO(data))
    for index in range(len(document)):
        image = document[index].render(scale=3).to_pil()
        texts += [code.text for code in zxingcpp.read_barcodes(image)]
    return texts
