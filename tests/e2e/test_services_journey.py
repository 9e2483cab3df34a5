"""Journey 4 (issue #12): the regional service corrects a licence and certifies the pupil as a
Jeune Officiel; an AS teacher enters a pupil in an open competition, and finds a competition whose
entry deadline has passed closed."""

import re
import sqlite3

from playwright.sync_api import expect

from tests.e2e.journey import login
from tests.e2e.server import PASSWORD

OPEN_COMPETITION = "Cross départemental du Haut-Rhin"  # entries close on 12 November 2025
CLOSED_COMPETITION = "Run and bike du district"  # entries closed on 3 October 2025


def a_licence_of_as_24214(server) -> tuple[str, str, str]:
    """The number, last and first name of a pupil licensed by AS 24214 this season, not yet a
    Jeune Officiel (not one of the demo accounts), read from the database the server uses."""
    query = """
        SELECT l.number, p.last_name, p.first_name
        FROM licences_licence l
        JOIN licences_pupil p ON p.id = l.pupil_id
        JOIN accounts_user u ON u.id = p.user_id
        JOIN seasons_season s ON s.id = l.season_id
        JOIN associations_sportsassociation a ON a.id = l.association_id
        WHERE s.is_current AND a.code = '24214' AND l.state = 'ACTIVE'
          AND u.password LIKE '!%' AND p.jo_number = '' AND p.first_name NOT LIKE '%-%'
        ORDER BY l.number LIMIT 1
    """
    uri = f"file:{server.var_dir / 'opuss.sqlite3'}?mode=ro"
    with sqlite3.connect(uri, uri=True) as connection:
        return connection.execute(query).fetchone()


def menu(page, group: str, link: str) -> None:
    """Opens a group of the main menu and follows one of its links."""
    navigation = page.get_by_role("navigation", name="Navigation principale")
    navigation.locator("summary").filter(has_text=re.compile(f"^{re.escape(group)}$")).click()
    navigation.get_by_role("link", name=link, exact=True).click()


def test_the_sr_corrects_a_licence_and_certifies_a_jeune_officiel(desktop, server):
    number, last_name, first_name = a_licence_of_as_24214(server)
    # His family writes that his first name is compound; the AS typed only its first part.
    corrected = f"{first_name}-Marie"

    with desktop.step("le service régional se connecte") as page:
        login(page, server.accounts["sr"], PASSWORD)
        expect(page.get_by_role("heading", name=re.compile("^Accueil"))).to_be_visible()

    with desktop.step("il ouvre la liste des licences") as page:
        menu(page, "Licences", "Licences")
        expect(page.get_by_role("heading", name="Licences 2025-2026", level=1)).to_be_visible()

    with desktop.step("il cherche l'élève par son nom") as page:
        page.get_by_label("Rechercher").fill(last_name)
        page.get_by_role("button", name="Filtrer").click()
        expect(page).to_have_url(re.compile(r"q="))
        row = page.get_by_role("row").filter(has=page.get_by_role("link", name=number))
        expect(row).to_contain_text(f"{last_name.upper()}")
        expect(row).to_contain_text(first_name)

    with desktop.step("il ouvre la fiche du licencié") as page:
        page.get_by_role("link", name=number, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"Licencié : {last_name.upper()} {first_name}"
        )

    with desktop.step("il ouvre la gestion de sa licence") as page:
        page.get_by_role(
            "link", name=f"Corriger ou transférer la licence 2025-2026 n° {number}"
        ).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(f"Licence {number}")

    with desktop.step("il corrige le prénom") as page:
        correction = page.locator("section").filter(
            has=page.get_by_role("heading", name="Corriger une erreur de saisie")
        )
        expect(correction.get_by_label("Prénom")).to_have_value(first_name)
        correction.get_by_label("Prénom").fill(corrected)
        correction.get_by_role("button", name="Corriger").click()
        expect(page.get_by_text("Licencié corrigé.")).to_be_visible()
        expect(page.get_by_role("main")).to_contain_text(f"{last_name.upper()} {corrected}")
        history = page.locator("section").filter(
            has=page.get_by_role("heading", name="Historique")
        )
        expect(history.get_by_role("row").nth(1)).to_contain_text(f"{first_name} → {corrected}")

    with desktop.step("il ouvre les Jeunes Officiels") as page:
        menu(page, "Compétitions et J.O.", "Jeunes Officiels")
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Jeunes Officiels : certifications de mon territoire"
        )

    with desktop.step("il ouvre « Certifier un élève »") as page:
        page.get_by_role("link", name="Certifier un élève").click()
        expect(page.get_by_role("heading", name="Certifier un Jeune Officiel")).to_be_visible()

    with desktop.step("il certifie l'élève jeune arbitre au niveau académique") as page:
        page.get_by_label("N° de licence de l'élève").fill(number)
        page.get_by_label("Activité").select_option(label="Badminton")
        page.get_by_label("Rôle").select_option(label="Jeune arbitre")
        page.get_by_label("Niveau").select_option(label="Académique")
        page.get_by_label("Date de la certification").fill("2025-10-04")
        page.get_by_role("button", name="Certifier").click()
        message = page.get_by_text(f"{last_name.upper()} {corrected} est certifié Jeune arbitre")
        expect(message).to_contain_text("en Badminton, niveau Académique (JO N° ")
        jo_number = re.search(r"JO N° (\d+)", message.inner_text()).group(1)

    with desktop.step("il retrouve la certification dans la liste") as page:
        page.get_by_label("Rechercher").fill(last_name)
        page.get_by_role("button", name="Filtrer").click()
        expect(page).to_have_url(re.compile(r"q="))
        row = page.get_by_role("row").filter(has_text=jo_number)
        expect(row).to_contain_text(corrected)
        expect(row).to_contain_text("Badminton")
        expect(row).to_contain_text("Académique")
        expect(row).to_contain_text("04/10/2025")


def test_a_teacher_enters_a_pupil_before_the_deadline_and_not_after(desktop, server):
    with desktop.step("l'animatrice se connecte") as page:
        login(page, server.accounts["teacher"], PASSWORD)
        expect(page.get_by_role("heading", name="À faire")).to_be_visible()

    with desktop.step("elle ouvre les compétitions de l'AS") as page:
        menu(page, "Vie de l'AS", "Compétitions")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Compétitions")
        open_table = page.get_by_role("table").first
        expect(open_table).to_contain_text(OPEN_COMPETITION)
        expect(open_table).not_to_contain_text(CLOSED_COMPETITION)

    with desktop.step(f"elle ouvre l'inscription au {OPEN_COMPETITION}") as page:
        entry_link = f"Inscrire des élèves à {OPEN_COMPETITION}"
        page.get_by_role("link", name=entry_link, exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(OPEN_COMPETITION)
        expect(page.get_by_role("button", name="Inscrire les élèves choisis")).to_be_visible()

    with desktop.step("elle inscrit un élève") as page:
        choices = page.get_by_role("group", name=re.compile("^Élèves pouvant être inscrits"))
        first = choices.get_by_role("checkbox").first
        label = page.locator(f"label[for='{first.get_attribute('id')}']").inner_text()
        pupil = label.split(" – ")[0]  # « THOMAS Daniel – Cadet (Garçon) »
        first.check()
        page.get_by_role("button", name="Inscrire les élèves choisis").click()
        expect(page.get_by_text("1 élève inscrit.")).to_be_visible()
        entered = page.locator("section").filter(
            has=page.get_by_role("heading", name="Déjà inscrits par l'AS")
        )
        expect(entered).to_contain_text(pupil)
        expect(entered.get_by_role("button", name=f"Retirer {pupil}")).to_be_visible()
        expect(choices.get_by_label(re.compile(f"^{re.escape(pupil)} – "))).to_have_count(0)

    with desktop.step("elle revient aux compétitions de l'AS") as page:
        page.get_by_role("link", name="« Compétitions de l'AS 24214").click()
        ours = page.get_by_role("table").nth(1)
        expect(ours.get_by_role("row").filter(has_text=pupil)).to_contain_text(OPEN_COMPETITION)

    with desktop.step(f"elle ouvre le {CLOSED_COMPETITION}, clos depuis le 3 octobre") as page:
        page.get_by_role("table").nth(1).get_by_role("link", name=CLOSED_COMPETITION).first.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text(CLOSED_COMPETITION)
        expect(page.get_by_role("alert")).to_contain_text(
            "Les inscriptions à cette compétition sont closes depuis"
        )
        expect(page.get_by_role("button", name=re.compile("^Inscrire"))).to_have_count(0)
        expect(page.get_by_role("checkbox")).to_have_count(0)
        expect(page.get_by_role("button", name=re.compile("^Retirer"))).to_have_count(0)
