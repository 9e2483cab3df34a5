"""« Mentions légales » and « Accessibilité »: public, linked from every page's footer, and the
accessibility statement's claims about the stylesheet hold."""

import io
import re
import tarfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

import opuss
from tests.test_access_matrix import MATRIX

pytestmark = pytest.mark.django_db

STYLESHEET = Path(opuss.__file__).parent / "static/opuss/opuss.css"


def test_the_legal_notice_names_the_publisher_and_the_director_of_publication(client):
    page = client.get(reverse("core:legal_notice")).text
    assert "Union Nationale du Sport Scolaire" in page
    assert "13, rue Saint-Lazare, 75009 Paris" in page
    assert "Directeur de la publication" in page


def test_the_legal_notice_says_the_host_is_to_fill_until_it_is_set(client, settings):
    settings.LEGAL_HOST = ""
    assert "À compléter par l'exploitant" in client.get(reverse("core:legal_notice")).text
    settings.LEGAL_HOST = "Hébergeur SAS, 1 rue de l'Exemple, 75000 Paris"
    page = client.get(reverse("core:legal_notice")).text
    assert "Hébergeur SAS, 1 rue de l&#x27;Exemple, 75000 Paris" in page
    assert "À compléter" not in page


def test_the_accessibility_statement_is_honest_about_what_was_checked(client):
    page = client.get(reverse("core:accessibility")).text.replace("&#x27;", "'")
    for text in (
        "non conforme",
        "RGAA), version 4.1",
        "aucun audit n'a encore été réalisé",
        "axe",
        "Défenseur des droits",
        "Libre réponse 71120",
    ):
        assert text in page, text


def test_every_footer_links_both_pages(client, world):
    pages = [reverse("accounts:login"), reverse("seasons:fee_simulator"), "/nulle-part/"]
    for url in pages:
        assert_footer_links(client.get(url).text, url)
    client.force_login(world.a.pupil)
    assert_footer_links(client.get(reverse("licences:pupil_home")).text, "pupil home")


def assert_footer_links(page: str, where: str) -> None:
    footer = page[page.index("<footer") :]
    assert f'href="{reverse("core:legal_notice")}">Mentions légales</a>' in footer, where
    expected = f'href="{reverse("core:accessibility")}">Accessibilité : non conforme'
    assert expected in footer, where
    assert f'href="{reverse("core:source")}">Code source</a>' in footer, where


def test_the_source_page_offers_the_running_code_under_the_agpl(client, settings):
    settings.SOURCE_URL = "https://forge.example.org/unss/opuss"
    page = client.get(reverse("core:source")).text
    assert "GNU Affero" in page
    assert 'href="https://forge.example.org/unss/opuss"' in page
    response = client.get(reverse("core:source_archive"))
    assert response["Content-Type"] == "application/gzip"
    assert response["Content-Disposition"].startswith('attachment; filename="opuss-')
    with tarfile.open(fileobj=io.BytesIO(response.content), mode="r:gz") as tar:
        names = tar.getnames()
        served = tar.extractfile(next(n for n in names if n.endswith("/opuss/core/source.py")))
        assert served is not None
        # The very code that answers, not a copy published elsewhere.
        assert served.read() == (Path(opuss.__file__).parent / "core/source.py").read_bytes()
    assert any(name.endswith("/LICENSE") for name in names)
    assert not any(name.endswith(".pyc") or "__pycache__" in name for name in names)


# The statement says text and links reach 4.5:1 on their backgrounds (WCAG AA): these are the
# pairs of the stylesheet's colours that carry text, named by the stylesheet's own variables.
TEXT_ON_BACKGROUND = [
    ("--ink", "--paper"),
    ("--ink", "--wash"),
    ("--muted", "--paper"),
    ("--muted", "--wash"),
    ("--brand", "--paper"),
    ("--brand", "--wash"),
    ("#ffffff", "--brand"),
    ("#ffffff", "--brand-dark"),
    ("--ok", "#d8f0de"),
    ("#8b0b20", "#fde7ea"),
    ("#a50e20", "--paper"),
    ("#6b4a00", "#fff1cc"),
    ("--ink", "#e9eef4"),
    ("--brand", "#e6f0fb"),
]


def colours() -> dict[str, str]:
    return dict(re.findall(r"(--[a-z-]+):\s*(#[0-9a-f]{6})", STYLESHEET.read_text()))


def luminance(hex_colour: str) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast(a: str, b: str) -> float:
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_stylesheet_text_colours_reach_aa_contrast():
    named = colours()
    for text, background in TEXT_ON_BACKGROUND:
        ratio = contrast(named.get(text, text), named.get(background, background))
        assert ratio >= 4.5, (text, background, round(ratio, 2))


def test_the_contrast_formula_is_wcag_s():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#777777", "#ffffff"), 2) == 4.48


# The statement says every form field has a label: each HTML page of the access matrix, as one
# person of each kind of side A, on a day the season's forms are open.


class UnlabelledFields(HTMLParser):
    """Form fields with no <label> (around or for=), aria-label(ledby) nor title."""

    BUTTONS = {"hidden", "submit", "button", "reset", "image"}

    def __init__(self):
        super().__init__()
        self.fields: list[tuple[str, str | None]] = []
        self.labelled: set[str] = set()
        self.inside_label = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.inside_label += 1
            self.labelled.add(attrs.get("for") or "")
        elif tag in {"input", "select", "textarea"} and attrs.get("type") not in self.BUTTONS:
            named = {"aria-label", "aria-labelledby", "title"} & set(attrs)
            if not self.inside_label and not named:
                self.fields.append((tag, attrs.get("id") or attrs.get("name")))

    def handle_endtag(self, tag):
        if tag == "label":
            self.inside_label -= 1

    def found(self) -> list[tuple[str, str | None]]:
        return [(tag, key) for tag, key in self.fields if key not in self.labelled]


def unlabelled_fields(html: str):
    parser = UnlabelledFields()
    parser.feed(html)
    return parser.found()


def test_the_label_finder_finds_a_field_without_label():
    html = '<input id="a"><label for="b">B</label><input id="b"><label>C <select></select></label>'
    assert unlabelled_fields(html) == [("input", "a")]


class Rollback(Exception):
    pass


def test_every_form_field_has_a_label(world, settings):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"
    clients = {}
    for actor in ("anonymous", "pupil", "teacher", "secretary", "sd", "sr", "dn"):
        clients[actor] = Client()
        if user := world.actor(actor):
            clients[actor].force_login(user)
    found = []
    for name, (kwargs_of, _) in sorted(MATRIX.items()):
        try:
            with transaction.atomic():
                url = reverse(name, kwargs=kwargs_of(world) if kwargs_of else None)
                for actor, client in clients.items():
                    response = client.get(url)
                    if response.status_code == 200 and "html" in response["Content-Type"]:
                        found += [(name, actor, *f) for f in unlabelled_fields(response.text)]
                raise Rollback
        except Rollback:
            pass
    assert found == []
