"""`make screenshots`: the README's pictures, taken from the demo as its users see it, small
enough to keep in the repository (PNG with a 64-colour palette)."""

import io
from pathlib import Path

import pytest
from PIL import Image

from tests.e2e.journey import PHONE, login
from tests.e2e.server import PASSWORD

pytestmark = pytest.mark.screenshots
FOLDER = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# (file, role, link to click from the home or None, phone?)
SHOTS = [
    ("pupil-home.png", "pupil", None, False),
    ("pupil-home-phone.png", "pupil", None, True),
    ("as-home.png", "teacher", None, False),
    ("as-basket.png", "teacher", "Prendre des licences", False),
    ("sr-home.png", "sr", None, False),
    ("sr-affiliations.png", "sr", "Affiliations", False),
    ("as-finances.png", "as_secretary", "Voir les finances de l'AS", False),
    ("sr-dashboard.png", "sr", "Tableau de bord", False),
]


def save(page, name: str) -> None:
    png = page.screenshot(full_page=False)
    image = Image.open(io.BytesIO(png)).convert("RGB").quantize(colors=64)
    FOLDER.mkdir(parents=True, exist_ok=True)
    image.save(FOLDER / name, optimize=True)


@pytest.mark.parametrize(("name", "role", "link", "on_phone"), SHOTS)
def test_screenshot(browser, server, name, role, link, on_phone):
    options = {"viewport": PHONE, "is_mobile": True, "has_touch": True} if on_phone else {
        "viewport": {"width": 1280, "height": 900}
    }
    context = browser.new_context(base_url=server.url, locale="fr-FR", **options)
    page = context.new_page()
    login(page, server.accounts[role], PASSWORD)
    if link:
        page.get_by_role("link", name=link).first.click()
        page.wait_for_load_state("load")
    save(page, name)
    context.close()
    assert (FOLDER / name).stat().st_size < 300_000
