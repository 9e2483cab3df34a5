"""Journey 6 (issue #15): the AS's teacher enters the season's figures (« Vie de l'AS »), a mistake
first; the regional service reads its académie's dashboard, looks into a department, and follows
a figure to the list behind it."""

import re

from playwright.sync_api import expect

from tests.e2e.journey import login
from tests.e2e.server import PASSWORD
from tests.e2e.test_services_journey import menu


def test_a_teacher_enters_the_seasons_figures_after_a_mistake(desktop, server):
    with desktop.step("l'animatrice se connecte") as page:
        login(page, server.accounts["teacher"], PASSWORD)
        expect(page.get_by_role("heading", name="À faire")).to_be_visible()

    with desktop.step("elle ouvre la vie de l'AS") as page:
        menu(page, "Vie de l'AS", "Statistiques de la saison")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Vie de l'AS")
        page.get_by_role("link", name="Saisir la vie de l'AS 2025-2026").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Vie de l'AS 2025-2026")

    with desktop.step("elle se trompe de signe") as page:
        page.get_by_role("checkbox", name="Handball").check()
        page.get_by_label("Participations").fill("-40")
        page.get_by_label("Événements").fill("12")
        page.get_by_label("Jeunes Officiels formés").fill("3")
        # « Sport partagé » is an activity too: the number is the spin button.
        page.get_by_role("spinbutton", name="Sport partagé").fill("0")
        page.get_by_label("Téléphone de l'AS").fill("03 89 83 69 20")
        page.get_by_role("button", name="Enregistrer").click()
        summary = page.get_by_role("alert").filter(has_text="Il y a un problème")
        expect(summary).to_be_focused()
        expect(summary.get_by_role("link")).to_have_count(1)
        expect(page.get_by_text("Le nombre ne peut pas être négatif.").first).to_be_visible()
        expect(page.get_by_label("Événements")).to_have_value("12")
        expect(page.get_by_role("checkbox", name="Handball")).to_be_checked()

    with desktop.step("elle corrige et enregistre") as page:
        page.get_by_label("Participations").fill("40")
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text("Vie de l'AS 2025-2026 enregistrée.")).to_be_visible()


def test_the_regional_service_reads_its_figures_down_to_a_list(desktop, server):
    with desktop.step("le service régional se connecte") as page:
        login(page, server.accounts["sr"], PASSWORD)
        expect(page.get_by_role("heading", name=re.compile("^Accueil"))).to_be_visible()

    with desktop.step("il ouvre le tableau de bord de son académie") as page:
        navigation = page.get_by_role("navigation", name="Navigation principale")
        navigation.get_by_role("link", name="Tableau de bord", exact=True).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            "Tableau de bord – Académie de Strasbourg"
        )
        units = page.get_by_role("table", name=re.compile("^Comparaison des unités"))
        expect(units).to_contain_text("Haut-Rhin")
        expect(units).not_to_contain_text("Rhône")

    with desktop.step("il regarde le Haut-Rhin") as page:
        units.get_by_role("link", name=re.compile("Haut-Rhin")).click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Haut-Rhin")
        summary = page.get_by_role("table", name=re.compile("^Chiffres clés"))
        row = summary.get_by_role("row").filter(
            has=page.get_by_role("rowheader", name="Licences", exact=True)
        )
        licences = row.get_by_role("link")
        count = licences.inner_text()

    with desktop.step("il ouvre la liste des licences derrière le chiffre") as page:
        licences.click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Licences")
        expect(page).to_have_url(re.compile(r"departement="))
        expect(page.get_by_text(re.compile(rf"\b{count} résultats?\b"))).to_be_visible()
