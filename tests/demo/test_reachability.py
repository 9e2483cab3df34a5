"""Every page the access matrix shows a role is reachable by clicking from that role's home.

On the seeded demo, each demo account logs in and follows, breadth-first from its home, the
links (`<a href>`) and GET forms of the pages it is shown; a URL name counts as reached when any
URL resolving to it answered. What the matrix allows the role (200) and the crawl never reached
fails the test, unless EXCLUDED says why no click leads there."""

from collections import deque
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from opuss.demo.accounts import demo_accounts
from tests.helpers import log_in
from tests.test_access_matrix import MATRIX

pytestmark = pytest.mark.django_db

# Demo role -> the access matrix's actor.
ACTORS = {
    "pupil": "pupil",
    "teacher": "teacher",
    "as_secretary": "secretary",
    "sd": "sd",
    "sr": "sr",
    "dn": "dn",
}

# Pages no click inside the site leads to, and why.
EXCLUDED = {
    "accounts:first_connection": "avant la connexion : lien de la page de connexion",
    "accounts:password_reset": "avant la connexion : lien de la page de connexion",
    "accounts:password_reset_confirm": "lien envoyé par courriel",
    "accounts:no_role": "seulement pour un compte sans rôle",
    "accounts:unlock": "seulement quand un compte est bloqué (aucun dans la démo)",
    "guardians:answer": "lien signé envoyé par courriel au responsable légal",
    "privacy:guardian_json": "depuis le lien du responsable légal",
    "privacy:guardian_pdf": "depuis le lien du responsable légal",
    "cards:verify": "ouvert par le QR code de la carte",
    "core:health": "pour la sonde du répartiteur de charge",
    "core:favicon": "demandé par le navigateur",
    "imports:job": "une longue liste importée en arrière-plan (aucune dans la démo) ; le panier "
    "y mène",
    "core:export_status": "un export préparé en arrière-plan (aucun dans la démo)",
    "core:export_download": "un export préparé en arrière-plan (aucun dans la démo)",
}
EXCLUDED_FOR = {
    "pupil": {
        "seasons:circular": "la circulaire de l'affiliation : pour l'AS, pas pour l'élève",
        "seasons:fee_simulator": "la cotisation de l'AS : pour l'AS, pas pour l'élève",
        "licences:pupil_detail": "la fiche de l'AS et des services ; l'élève a son accueil",
    },
} | dict.fromkeys(
    ("teacher", "as_secretary", "sd", "sr", "dn"),
    {"content:partner_logo": "l'image est montrée aux licenciés (« Mes partenaires »)"},
)
# Allowed pages that no page links yet: each names what should link it. A page linked since
# fails the test below until its line is removed.
NOT_YET_LINKED = {
    ("sd", "sr", "dn"): {
        "competitions:record": "une compétition du jour (aucune au 6 octobre 2025 dans la démo)",
    },
    ("sr",): {"jo:question_edit": "la banque de questions (aucune de l'académie dans la démo)"},
}

# Pages that are files (PDF, JSON, CSV, images): a link to them reaches them, and they are not
# read for links. The access matrix proves they answer.
FILES = {
    "affiliations:pdf_form",
    "affiliations:pdf_invoice",
    "affiliations:pdf_mandate",
    "cards:adults_pdf",
    "cards:card",
    "cards:certified_list",
    "content:attachment",
    "core:source_archive",
    "content:partner_logo",
    "finances:statement",
    "imports:template",
    "mode_changes:pdf",
    "mode_changes:rib",
    "privacy:pupil_json",
    "privacy:pupil_pdf",
}

DEMO_NOW = "2025-10-06T10:00:00+02:00"
MAX_PAGES = 200  # per role: a bound, should a page ever link to endless pages


class Links(HTMLParser):
    """What a click (or the browser) fetches from a page: links, GET forms' actions, htmx
    GETs, images and the head's links (the favicon)."""

    ATTRIBUTES = {"a": "href", "img": "src", "link": "href"}

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("hx-get"):
            self.urls.append(values["hx-get"])
        if values.get(self.ATTRIBUTES.get(tag, "")):
            self.urls.append(values[self.ATTRIBUTES[tag]])
        elif tag == "form" and (values.get("method") or "get").lower() == "get":
            self.urls.append(values.get("action") or "")


def links_of(page_url: str, html: str) -> list[str]:
    parser = Links()
    parser.feed(html)
    return [urlsplit(urljoin(page_url, url))._replace(fragment="").geturl() for url in parser.urls]


def url_name(url: str) -> str | None:
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return None
    try:
        return resolve(parts.path).view_name
    except Resolver404:
        return None


def crawl(client, home: str) -> set[str]:
    """The URL names reached from `home`, breadth-first, each page name read once (a second
    object's page seldom links elsewhere, and the crawl stays fast)."""
    reached: set[str] = set()
    read: set[str] = set()
    seen = {home}
    queue = deque([home])
    while queue and len(read) < MAX_PAGES:
        url = queue.popleft()
        name = url_name(url)
        if name is None or name.startswith("admin:") or name in read:
            continue
        if name in FILES:
            reached.add(name)
            continue
        read.add(name)
        response = client.get(url)
        if response.status_code != 200:
            continue
        reached.add(name)
        for link in links_of(url, response.content.decode()):
            if link not in seen:
                seen.add(link)
                queue.append(link)
    return reached


def allowed(actor: str) -> set[str]:
    return {name for name, (_, expected) in MATRIX.items() if expected[actor] == 200}


def not_yet_linked(role: str) -> set[str]:
    return {name for roles, names in NOT_YET_LINKED.items() if role in roles for name in names}


@pytest.fixture
def demo(capsys, settings):
    settings.OPUSS_NOW = DEMO_NOW  # the date `make run` gives the demo: its periods are open
    call_command("seed", force=True)
    capsys.readouterr()
    return [account for account in demo_accounts() if account.role in ACTORS]


def test_every_page_a_demo_role_may_see_is_reachable_by_clicking_from_its_home(client, demo):
    unreachable, linked_since = {}, {}
    for account in demo:
        client.logout()
        assert log_in(client, account.login, account.password).status_code == 302, account.role
        reached = crawl(client, client.get("/").url)
        excluded = set(EXCLUDED) | set(EXCLUDED_FOR.get(account.role, {}))
        pending = not_yet_linked(account.role)
        if missing := allowed(ACTORS[account.role]) - excluded - pending - reached:
            unreachable[account.role] = sorted(missing)
        if stale := pending & reached:
            linked_since[account.role] = sorted(stale)
    assert not unreachable, f"Pages allowed but not reachable by clicking: {unreachable}"
    assert not linked_since, f"Linked now, remove them from NOT_YET_LINKED: {linked_since}"


def test_the_crawl_finds_a_page_only_through_a_link():
    page = '<a href="panier/#x">Prendre</a><form method="post" action="/x/"></form>'
    assert links_of("/as/24214/", page) == ["/as/24214/panier/"]
    assert url_name("/as/24214/panier/") == "baskets:basket"
    assert url_name("https://example.org/as/24214/panier/") is None
