"""Issue #12, journeys 2 and 5: a teacher builds and validates a basket (renewals, a new pupil, an
import, a probable duplicate to confirm), the guardian answers from the e-mailed link on a phone
and the AS sees the answer; then the same, with the keyboard only."""

import csv
import io
import re

from playwright.sync_api import expect

from tests.e2e.journey import login
from tests.e2e.server import PASSWORD

GUARDIAN = "maman.arnoux@example.org"
RENEWED = ("LECLERCQ Jeannine", "ZIEGLER Hugo")


def test_teacher_builds_a_basket_and_the_guardian_answers_on_a_phone(
    desktop, phone, server, tmp_path
):
    with desktop.step("l'animatrice se connecte") as page:
        login(page, server.accounts["teacher"], PASSWORD)
        expect(page.get_by_role("heading", name="À faire")).to_be_visible()

    with desktop.step("elle ouvre « Prendre des licences »") as page:
        page.get_by_role("main").get_by_role("link", name="Prendre des licences").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Prendre des licences")
        expect(_basket_row(page, "THOMAS Daniel")).to_contain_text("Doublon probable")

    with desktop.step("elle renouvelle deux licenciés de la saison dernière") as page:
        former = page.get_by_role("group", name=re.compile("Licenciés .* de l'AS"))
        for name in RENEWED:
            former.get_by_label(name).check()
        page.get_by_role("button", name="Ajouter la sélection au panier").click()
        expect(page.get_by_text("2 renouvellements ajoutés au panier.")).to_be_visible()
        for name in RENEWED:
            expect(_basket_row(page, name)).to_contain_text("Renouvellement")

    with desktop.step("elle ajoute une nouvelle élève") as page:
        page.get_by_label("Nom :", exact=True).fill("Arnoux")
        page.get_by_label("Prénom :", exact=True).fill("Capucine")
        page.get_by_label("Fille").check()
        page.get_by_label("Date de naissance").fill("2010-02-11")
        page.get_by_label("Classe").fill("2nde 4")
        page.get_by_label("E-mail du responsable légal").fill(GUARDIAN)
        page.get_by_role("button", name="Ajouter au panier").click()
        expect(page.get_by_text("ARNOUX Capucine ajouté(e) au panier.")).to_be_visible()
        row = _basket_row(page, "ARNOUX Capucine")
        expect(row).to_contain_text("Nouvelle licence")
        expect(row).to_contain_text(GUARDIAN)

    with desktop.step("elle ouvre l'import d'une liste d'élèves") as page:
        page.get_by_role("link", name="Importer une liste d'élèves").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Importer")

    with desktop.step("elle remplit le modèle CSV et en voit l'aperçu") as page:
        with page.expect_download() as download:
            page.get_by_role("link", name="Télécharger le modèle CSV").click()
        model = download.value.path().read_text(encoding="utf-8-sig").splitlines()
        pupils = tmp_path / "eleves.csv"
        pupils.write_text(_pupil_list(next(csv.reader(model, delimiter=";"))), encoding="utf-8")
        page.get_by_label("Fichier des élèves").set_input_files(pupils)
        page.get_by_role("button", name="Voir l'aperçu").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Aperçu de l'import")
        new = page.get_by_role("region", name=re.compile("^À créer"))
        expect(new.get_by_role("row", name=re.compile("BRUN Noé"))).to_be_visible()
        expect(new.get_by_role("row", name=re.compile("BRUN Zélie"))).to_be_visible()

    with desktop.step("elle ajoute les deux élèves au panier") as page:
        page.get_by_role("button", name="Ajouter au panier (2 licences)").click()
        expect(page.get_by_text("2 licences ajoutées au panier")).to_be_visible()
        expect(_basket_row(page, "BRUN Zélie")).to_contain_text("Import")

    with desktop.step("elle confirme les vérifications et le doublon, puis valide") as page:
        expect(_basket_row(page, "THOMAS Daniel")).to_contain_text("Doublon probable")
        checks = page.get_by_role("group", name="Avant de valider, je confirme :")
        duplicates = checks.get_by_label(re.compile("J'ai vérifié les doublons signalés"))
        for box in checks.get_by_role("checkbox").all():
            box.check()
        duplicates.uncheck()
        validate = page.get_by_role("button", name="Commander et valider le panier")
        validate.click()
        # Not sent: the duplicate is confirmed on its own, however many other boxes are ticked.
        assert duplicates.evaluate("box => box.validity.valueMissing")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Prendre des licences")
        duplicates.check()
        lines = _basket_rows(page).count()
        validate.click()
        expect(page.get_by_text(f"Panier validé : {lines} licences créées.")).to_be_visible()

    link = server.link_in_mail(GUARDIAN, "/reponse/")

    with phone.step("le responsable ouvre le lien reçu par e-mail sur son téléphone") as page:
        page.goto(link)
        expect(page.get_by_role("heading", level=1)).to_contain_text("Capucine ARNOUX")
        page.get_by_label("Oui, ils sont exacts.").check()
        page.get_by_label("Non, je n'autorise pas la prise et l'utilisation d'images").check()
        for box in page.get_by_role("checkbox").all():
            box.check()
        page.get_by_label("Je refuse cette police d'assurance complémentaire").check()
        page.get_by_label("Vos nom et prénom").fill("Mathilde Arnoux")

    with phone.step("il envoie sa réponse, qui est enregistrée") as page:
        page.get_by_role("button", name="Envoyer ma réponse").click()
        expect(page.get_by_role("heading", name="Réponse enregistrée")).to_be_visible()
        answer = page.get_by_role("main")
        expect(answer).to_contain_text(re.compile(r"Droit à l'image\s*refusé"))
        expect(answer).to_contain_text(re.compile(r"Option IA Sport\+\s*refusée"))

    with desktop.step("l'animatrice ouvre « Responsables légaux »") as page:
        page.get_by_role("navigation").get_by_text("Licences", exact=True).click()
        page.get_by_role("link", name="Responsables légaux").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Validation par les")

    with desktop.step("elle cherche l'élève et voit la réponse") as page:
        page.get_by_label("Rechercher").fill("Arnoux")
        page.get_by_role("button", name="Filtrer").click()
        row = page.get_by_role("row", name=re.compile(r"ARNOUX\s+Capucine"))
        expect(row).to_contain_text("Répondu")
        expect(row).to_contain_text("refusé")


def _basket_rows(page):
    return page.get_by_role("region", name="Lignes du panier").locator("tbody tr")


def _basket_row(page, name: str):
    return _basket_rows(page).filter(has_text=re.compile(name, re.I))


def _pupil_list(headers: list[str]) -> str:
    """A brother and a sister in the model's columns, as a school's export would give them."""
    pupils = [
        {"Nom": "Brun", "Prénom": "Noé", "Sexe": "M", "Date de naissance": "03/05/2011",
         "Classe": "2nde 1", "Email responsable légal": "famille.brun@example.org"},
        {"Nom": "Brun", "Prénom": "Zélie", "Sexe": "F", "Date de naissance": "21/09/2009",
         "Classe": "1re 2", "Email responsable légal": "famille.brun@example.org"},
    ]
    assert set(pupils[0]) <= set(headers), headers
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=headers, delimiter=";", restval="")
    writer.writeheader()
    writer.writerows(pupils)
    return text.getvalue()


KEYBOARD_GUARDIAN = "papa.keller@example.org"


def test_keyboard_only_login_basket_and_guardian_answer(desktop, new_person, server):
    """Journey 5: no click and no fill after the first address: Tab, Shift+Tab, Enter, Space,
    arrows and typing. The AS secretary's basket is his own (the teacher's holds the demo's
    lines), so this journey does not depend on the other one."""
    keys = desktop.page.keyboard

    with desktop.step("le secrétaire saisit ses identifiants au clavier") as page:
        page.goto("/compte/connexion/")
        _expect_visible_focus(page.get_by_label("Adresse mail ou numéro de licence"))
        keys.type(server.accounts["as_secretary"])
        keys.press("Tab")
        _expect_visible_focus(page.locator("#id_password"))
        keys.type(PASSWORD)

    with desktop.step("il se connecte et passe le menu par le lien d'évitement") as page:
        keys.press("Enter")
        expect(page.get_by_role("heading", name="À faire")).to_be_visible()
        keys.press("Tab")
        _expect_visible_focus(page.get_by_role("link", name="Aller au contenu"))
        keys.press("Enter")
        expect(page.get_by_role("main")).to_be_focused()
        keys.press("Tab")
        _expect_visible_focus(
            page.get_by_role("main").get_by_role("link", name="Prendre des licences")
        )

    with desktop.step("il ouvre le panier et y saisit un élève sans date de naissance") as page:
        keys.press("Enter")
        expect(page.get_by_role("heading", level=1)).to_contain_text("Prendre des licences")
        expect(page.get_by_text("Le panier est vide")).to_be_visible()
        _tab_to(page, page.get_by_label("Nom :", exact=True))
        keys.type("Keller")
        keys.press("Tab")
        keys.type("Anatole")
        keys.press("Tab")
        expect(page.get_by_label("Fille")).to_be_focused()
        keys.press("ArrowDown")
        expect(page.get_by_label("Garçon")).to_be_checked()
        _tab_to(page, page.get_by_role("button", name="Ajouter au panier"))

    summary = desktop.page.get_by_role("alert", name="Il y a un problème")
    with desktop.step("il l'envoie : le résumé des erreurs prend le focus") as page:
        keys.press("Enter")
        _expect_visible_focus(summary)
        expect(summary).to_contain_text("Date de naissance")
        expect(page).to_have_title(re.compile("^Erreur : "))

    with desktop.step("il suit le lien du résumé jusqu'au champ et le corrige") as page:
        keys.press("Tab")
        _expect_visible_focus(summary.get_by_role("link"))
        keys.press("Enter")
        birth_date = page.get_by_label("Date de naissance")
        expect(birth_date).to_be_focused()
        # Day and month alike: typed the same whatever order the browser's date field shows.
        keys.type("09092009")
        expect(birth_date).to_have_value("2009-09-09")
        _tab_to(page, page.get_by_label("E-mail du responsable légal"))
        keys.type(KEYBOARD_GUARDIAN)
        expect(page.get_by_label("Nom :", exact=True)).to_have_value("Keller")
        _tab_to(page, page.get_by_role("button", name="Ajouter au panier"))

    with desktop.step("il ajoute l'élève et coche les vérifications de la saison") as page:
        keys.press("Enter")
        expect(page.get_by_text("KELLER Anatole ajouté(e) au panier.")).to_be_visible()
        checks = page.get_by_role("group", name="Avant de valider, je confirme :")
        boxes = checks.get_by_role("checkbox")
        _tab_to(page, boxes.first)
        for index in range(boxes.count()):
            _expect_visible_focus(boxes.nth(index))
            keys.press("Space")
            expect(boxes.nth(index)).to_be_checked()
            keys.press("Tab")
        _expect_visible_focus(page.get_by_role("button", name="Commander et valider le panier"))

    with desktop.step("il valide le panier") as page:
        keys.press("Enter")
        expect(page.get_by_text("Panier validé : 1 licence créée.")).to_be_visible()

    guardian = new_person("responsable")
    keys = guardian.page.keyboard
    with guardian.step("le responsable répond au clavier depuis le lien de l'e-mail") as page:
        page.goto(server.link_in_mail(KEYBOARD_GUARDIAN, "/reponse/"))
        expect(page.get_by_role("heading", level=1)).to_contain_text("Anatole KELLER")
        _tab_to(page, page.get_by_label("Oui, ils sont exacts."))
        keys.press("Space")
        _tab_to(page, page.get_by_label("Oui, j'autorise la prise"))
        keys.press("ArrowDown")
        expect(page.get_by_label("Non, je n'autorise pas la prise")).to_be_checked()
        for box in page.get_by_role("checkbox").all():
            _tab_to(page, box)
            keys.press("Space")
            expect(box).to_be_checked()
        _tab_to(page, page.get_by_label("J'y souscris"))
        keys.press("Space")
        _tab_to(page, page.get_by_label("Vos nom et prénom"))
        keys.type("Paul Keller")
        keys.press("Shift+Tab")
        _expect_visible_focus(page.get_by_label("J'y souscris"))  # the group's checked radio
        keys.press("Tab")
        keys.press("Tab")
        _expect_visible_focus(page.get_by_role("button", name="Envoyer ma réponse"))

    with guardian.step("il envoie sa réponse, qui est enregistrée") as page:
        keys.press("Enter")
        expect(page.get_by_role("heading", name="Réponse enregistrée")).to_be_visible()
        answer = page.get_by_role("main")
        expect(answer).to_contain_text(re.compile(r"Droit à l'image\s*refusé"))
        expect(answer).to_contain_text(re.compile(r"Option IA Sport\+\s*souscrite"))


def _tab_to(page, target, limit: int = 80) -> None:
    """Presses Tab until `target` has the focus, as a keyboard user moves through the page."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if target.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{target} n'est pas atteint après {limit} tabulations.")


def _expect_visible_focus(target) -> None:
    """The element has the focus, is on screen and shows it (an outline)."""
    expect(target).to_be_focused()
    expect(target).to_be_in_viewport()
    outline = target.evaluate(
        "element => { const s = getComputedStyle(element);"
        " return s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0; }"
    )
    assert outline, f"{target} a le focus sans le montrer."
