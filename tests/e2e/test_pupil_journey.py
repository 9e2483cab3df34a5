"""Journey 3 (issue #12): a pupil of AS 24214 who has never signed in makes his first connection,
sets his password, goes through every block of his home, filters the articles, prints his licence
and has its QR code scanned on a phone: the check page says the licence is valid. He opens his
space on his phone too, then logs out."""

import re
import sqlite3
from dataclasses import dataclass
from datetime import date

import pytest
from playwright.sync_api import expect

from tests.e2e.journey import PHONE, htmx_settled, login, pdf_bytes, qr_codes_in_pdf

NEW_PASSWORD = "girafe violette sous la pluie de novembre"


@dataclass(frozen=True)
class Pupil:
    licence_number: str
    last_name: str
    first_name: str
    birth_date: date
    mail_to: str  # where his links go: his own address, else his guardian's


def a_pupil_without_password(server) -> Pupil:
    """A pupil licensed by AS 24214 this season who has never set a password (not one of the
    demo accounts), read from the database the server uses."""
    query = """
        SELECT l.number, p.last_name, p.first_name, p.birth_date,
               COALESCE(NULLIF(u.email, ''), NULLIF(p.email, ''), NULLIF(p.guardian_email, ''))
        FROM licences_licence l
        JOIN licences_pupil p ON p.id = l.pupil_id
        JOIN accounts_user u ON u.id = p.user_id
        JOIN seasons_season s ON s.id = l.season_id
        JOIN associations_sportsassociation a ON a.id = l.association_id
        WHERE s.is_current AND a.code = '24214' AND l.state = 'ACTIVE' AND u.is_active
          AND u.password LIKE '!%'
          AND COALESCE(NULLIF(u.email, ''), NULLIF(p.email, ''), NULLIF(p.guardian_email, ''))
              IS NOT NULL
        ORDER BY l.number LIMIT 1
    """
    uri = f"file:{server.var_dir / 'opuss.sqlite3'}?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        number, last_name, first_name, birth_date, mail_to = connection.execute(query).fetchone()
    return Pupil(number, last_name, first_name, date.fromisoformat(birth_date), mail_to)


@pytest.fixture
def pupil(server) -> Pupil:
    return a_pupil_without_password(server)


def test_first_connection_home_articles_licence_and_logout(desktop, new_person, server, pupil):
    with desktop.step("ouvre la page de connexion") as page:
        page.goto("/compte/connexion/")
        expect(page.get_by_role("heading", name="Espace dirigeant / licencié")).to_be_visible()

    with desktop.step("clique sur « Ma 1re connexion »") as page:
        page.get_by_role("link", name="Ma 1re connexion").click()
        expect(page.get_by_role("heading", name="Ma 1re connexion")).to_be_visible()

    with desktop.step("donne son numéro de licence et sa date de naissance") as page:
        page.get_by_label("Numéro de licence").fill(pupil.licence_number)
        page.get_by_label("Date de naissance").fill(pupil.birth_date.isoformat())
        page.get_by_role("button", name="Recevoir le lien").click()
        expect(page.get_by_text("un e-mail contenant un lien vient d'être envoyé")).to_be_visible()

    with desktop.step("ouvre le lien reçu par e-mail") as page:
        page.goto(server.link_in_mail(pupil.mail_to, "/compte/mot-de-passe/"))
        expect(page.get_by_role("heading", name="Choisir mon mot de passe")).to_be_visible()

    with desktop.step("choisit son mot de passe") as page:
        page.locator("#id_new_password1").fill(NEW_PASSWORD)
        page.locator("#id_new_password2").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text("Votre mot de passe est enregistré.")).to_be_visible()

    with desktop.step("se connecte avec son numéro de licence") as page:
        login(page, pupil.licence_number, NEW_PASSWORD)
        see_his_home(page, pupil)

    see_each_tab_of_his_as(desktop)
    filter_the_articles(desktop)
    card_url = print_the_licence(desktop, server)

    # The QR code is scanned with a phone's camera, by him or by a referee: no session needed.
    scanner = new_person("telephone-qr", PHONE)
    with scanner.step("scanne le QR code de la licence") as page:
        page.goto(card_url)
        expect(page.get_by_role("heading", name="Vérification d'une licence")).to_be_visible()
        expect(page.get_by_role("status")).to_have_text(
            re.compile(r"Licence valide pour la saison 2025-2026")
        )
        expect(page.get_by_text(pupil.last_name.upper(), exact=True)).to_be_visible()

    on_his_phone(new_person("telephone", PHONE), pupil)

    with desktop.step("se déconnecte par « Mon profil »") as page:
        page.get_by_text("Mon profil").click()
        page.locator(".profile-menu").get_by_role("button", name="Se déconnecter").click()
        expect(page.get_by_role("heading", name="Espace dirigeant / licencié")).to_be_visible()
        expect(page.get_by_text("Mon profil")).to_have_count(0)

    with desktop.step("rouvre l'adresse de son espace") as page:
        page.goto("/licencies/mon-espace/")
        expect(page).to_have_url(re.compile(r"/compte/connexion/\?next="))
        expect(page.get_by_label("Adresse mail ou numéro de licence")).to_be_visible()


def see_his_home(page, pupil: Pupil) -> None:
    """Every block of seed 000's home: his information, his licence, his AS, the articles."""
    expect(page).to_have_url(re.compile(r"/licencies/mon-espace/"))
    header = page.get_by_role("banner")
    expect(header.get_by_text("AS 24214")).to_be_visible()
    expect(header.get_by_text("Mon profil")).to_be_visible()
    information = page.locator("section.pupil-card")
    expect(information.get_by_role("heading", name="Mes informations")).to_be_visible()
    expect(information).to_contain_text(f"{pupil.last_name.upper()} {pupil.first_name}")
    expect(information).to_contain_text(pupil.birth_date.strftime("%d/%m/%Y"))
    expect(information).to_contain_text(f"Licence N° {pupil.licence_number}")
    licence = page.locator("section.licence-card")
    expect(licence.get_by_role("heading", name="Licence 2025-2026")).to_be_visible()
    expect(licence.get_by_role("link", name="Imprimer la licence")).to_be_visible()
    tabs = page.get_by_role("tablist", name="Informations sur mon AS")
    expect(tabs.get_by_role("tab")).to_have_count(4)
    expect(page.get_by_role("tab", name=re.compile("^AS"))).to_have_attribute(
        "aria-selected", "true"
    )
    expect(page.get_by_role("tabpanel")).to_contain_text("AS 24214")
    articles = page.locator("#derniers-articles")
    expect(articles.get_by_role("heading", name="Derniers articles")).to_be_visible()
    expect(articles.get_by_role("link", name=re.compile("^Voir l'article")).first).to_be_visible()


def see_each_tab_of_his_as(journey) -> None:
    expectations = {
        "Animateurs": lambda panel: expect(
            panel.get_by_role("link", name=re.compile(r"^Lui écrire \(BERNASCONI Héloïse\)"))
        ).to_be_visible(),
        "Activités encadrées": lambda panel: expect(panel.get_by_role("listitem").first)
        .to_be_visible(),
        "Sections sportives": lambda panel: expect(panel).to_contain_text(
            "Cet établissement n'est dans aucune section sportive."
        ),
        "AS": lambda panel: expect(
            panel.get_by_role("link", name="Contacter mon AS")
        ).to_be_visible(),
    }
    for name, check in expectations.items():
        with journey.step(f"ouvre l'onglet « {name} » de son AS") as page:
            tab = page.get_by_role("tab", name=re.compile(f"^{name}"))
            tab.click()
            expect(page.get_by_role("tab", name=re.compile(f"^{name}"))).to_have_attribute(
                "aria-selected", "true"
            )
            check(page.get_by_role("tabpanel"))


STRASBOURG_ARTICLE = "UNSSR STORCK - N° 3 AVRIL 2021"  # an SR article of his académie
LYON_ARTICLE = "Championnat d'académie de cross de Lyon"
HAUT_RHIN_ARTICLE = "Cross départemental du Haut-Rhin : inscriptions ouvertes"
DISTRICT_ARTICLE = "District Mulhouse lycées : tournoi de badminton"


def filter_the_articles(journey) -> None:
    def titles(page):
        return page.locator("#derniers-articles tbody")

    with journey.step("ouvre « Mon actualité »") as page:
        page.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Mon actualité"
        ).click()
        expect(page.get_by_role("heading", name="Mon actualité", level=1)).to_be_visible()
        expect(page.get_by_label("Région")).to_have_value("24")
        expect(titles(page)).to_contain_text(STRASBOURG_ARTICLE)
        expect(titles(page)).not_to_contain_text(LYON_ARTICLE)

    with journey.step("choisit toutes les régions") as page:
        page.get_by_label("Région").select_option(label="Toutes")
        expect(page).to_have_url(re.compile(r"region=toutes"))
        expect(titles(page)).to_contain_text(LYON_ARTICLE)
        expect(titles(page)).to_contain_text(STRASBOURG_ARTICLE)
        htmx_settled(page)

    with journey.step("choisit le département du Haut-Rhin") as page:
        page.get_by_label("Région").select_option(label="Strasbourg")
        expect(page).to_have_url(re.compile(r"region=24"))
        expect(titles(page)).not_to_contain_text(LYON_ARTICLE)
        htmx_settled(page)
        page.get_by_label("Département").select_option(label="68 – Haut-Rhin")
        expect(page).to_have_url(re.compile(r"departement=68"))
        expect(titles(page)).to_contain_text(HAUT_RHIN_ARTICLE)
        expect(titles(page)).not_to_contain_text(STRASBOURG_ARTICLE)
        htmx_settled(page)

    with journey.step("choisit le district de Mulhouse lycées") as page:
        page.get_by_label("District").select_option(label="68-Mulhouse lycées")
        expect(page).to_have_url(re.compile(r"departement=68&district=\d+"))
        expect(titles(page)).to_contain_text(DISTRICT_ARTICLE)
        expect(titles(page)).not_to_contain_text(HAUT_RHIN_ARTICLE)

    with journey.step("recharge la page : le filtre est gardé") as page:
        page.reload()
        expect(page.get_by_label("District")).to_have_value(re.compile(r"\d+"))
        expect(page.get_by_label("District").locator("option:checked")).to_have_text(
            "68-Mulhouse lycées"
        )
        expect(titles(page)).to_contain_text(DISTRICT_ARTICLE)
        expect(titles(page)).not_to_contain_text(HAUT_RHIN_ARTICLE)


def print_the_licence(journey, server) -> str:
    """Prints his licence from his home; returns the address its QR code holds."""
    with journey.step("revient à l'accueil") as page:
        page.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Accueil"
        ).click()
        expect(page.get_by_role("heading", name="Mes informations")).to_be_visible()

    with journey.step("imprime sa licence", check=False) as page:
        card = pdf_bytes(page, page.get_by_role("link", name="Imprimer la licence"))
        codes = qr_codes_in_pdf(card)
        assert codes, "Aucun QR code lisible sur la licence imprimée."
        assert all(code.startswith(f"{server.url}/verifier/") for code in codes), codes
    return codes[0]


def on_his_phone(journey, pupil: Pupil) -> None:
    with journey.step("se connecte sur son téléphone") as page:
        login(page, pupil.licence_number, NEW_PASSWORD)
        see_his_home(page, pupil)
        expect(page.get_by_role("button", name="Menu")).to_be_visible()
        expect(page.get_by_role("link", name="Mon actualité")).to_be_hidden()

    with journey.step("ouvre le menu et « Mes licences »") as page:
        page.get_by_role("button", name="Menu").click()
        page.get_by_text("Licences", exact=True).click()
        page.get_by_role("link", name="Mes licences").click()
        expect(page.get_by_role("heading", name="Mes licences")).to_be_visible()
        expect(page.get_by_text(pupil.licence_number).first).to_be_visible()
