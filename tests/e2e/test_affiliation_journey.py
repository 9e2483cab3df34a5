"""Journey 1 of issue #12: an AS secretary fills the affiliation form over two visits and
transmits it; the SR sends it back with a comment; the AS corrects and transmits again; the SR
enters the bank details and affiliates; the AS downloads its invoice."""

import io
import re
import sqlite3

from playwright.sync_api import expect
from pypdf import PdfReader

from tests.e2e.journey import login, pdf_bytes
from tests.e2e.server import PASSWORD

# The demo's AS 24104 (Bas-Rhin, académie of Strasbourg: the demo SR's) has this season's form
# in draft: its SIRET and its insurance are missing.
AS_CODE = "24104"
NEW_PASSWORD = "Cigogne ventrue sur le clocher de Bischwiller"
SIRET = "418 370 524 00013"
CORRECTED_SIRET = "775 678 048 00015"
IBAN = "FR76 3000 6000 0112 3456 7890 189"
BIC = "AGRIFRPP"
COMMENT = "Le SIRET saisi n'est pas celui de l'AS : reprenez celui de son avis de situation."


def secretary_of(server, code: str) -> str:
    """The secretary's own address, which he knows; the demo lists no login for this AS."""
    with sqlite3.connect(f"file:{server.var_dir / 'opuss.sqlite3'}?mode=ro", uri=True) as db:
        (email,) = db.execute(
            "SELECT u.email FROM accounts_user u"
            " JOIN accounts_roleassignment r ON r.user_id = u.id"
            " JOIN associations_sportsassociation a ON a.id = r.association_id"
            " WHERE r.role = 'AS_SECRETARY' AND a.code = ?",
            [code],
        ).fetchone()
    return email


def task(page, name: str):
    """A line of the home's « À faire »."""
    return page.get_by_role("region", name="À faire").get_by_role("link", name=re.compile(name))


def log_out(page) -> None:
    menu = page.get_by_role("navigation", name="Navigation principale")
    if menu.get_by_role("button", name="Menu").is_visible():  # folded on a phone
        menu.get_by_role("button", name="Menu").click()
    menu.get_by_role("button", name="Se déconnecter").click()


def test_affiliation_from_draft_to_invoice(desktop, phone, new_person, server):
    secretary = secretary_of(server, AS_CODE)
    sr = new_person("sr")

    # --- the secretary gets a password, as anyone who has forgotten his ---------------------
    with desktop.step("ouvre « Mot de passe oublié ? »") as page:
        page.goto("/compte/connexion/")
        page.get_by_role("link", name="Mot de passe oublié ?").click()
        expect(page.get_by_role("heading", name="Mot de passe oublié")).to_be_visible()
    with desktop.step("demande le lien par e-mail") as page:
        page.get_by_label("Adresse mail ou numéro de licence").fill(secretary)
        page.get_by_role("button", name="Recevoir le lien").click()
        expect(page.get_by_role("heading", name="Espace dirigeant / licencié")).to_be_visible()
    with desktop.step("ouvre le lien reçu et choisit son mot de passe") as page:
        page.goto(server.link_in_mail(secretary, "/compte/mot-de-passe/"))
        page.get_by_label(re.compile("^Nouveau mot de passe")).fill(NEW_PASSWORD)
        page.get_by_label("Confirmation du nouveau mot de passe").fill(NEW_PASSWORD)
        page.get_by_role("button", name="Enregistrer").click()
        expect(page.get_by_text("Votre mot de passe est enregistré.")).to_be_visible()

    # --- visit 1: part of the form, saved as a draft ---------------------------------------
    with desktop.step("se connecte : l'accueil de l'AS dit ce qui manque") as page:
        login(page, secretary, NEW_PASSWORD)
        expect(task(page, "Affiliation à compléter : 2 éléments manquants")).to_be_visible()
    with desktop.step("ouvre le formulaire depuis l'accueil") as page:
        page.get_by_role("link", name="Compléter mon affiliation").click()
        expect(page.get_by_role("heading", name=f"AS {AS_CODE}")).to_be_visible()
    with desktop.step("saisit le SIRET et les effectifs, enregistre le brouillon") as page:
        page.get_by_label("N° SIRET de l'AS").fill(SIRET)
        page.get_by_label("Garçons scolarisés").fill("210")
        page.get_by_role("button", name="Enregistrer le brouillon").click()
        expect(page.get_by_text("Brouillon enregistré.")).to_be_visible()
    with desktop.step("se déconnecte") as page:
        log_out(page)
        expect(page.get_by_role("heading", name="Espace dirigeant / licencié")).to_be_visible()

    # --- visit 2, on his phone: what he typed is kept; he finishes and transmits -----------
    with phone.step("se reconnecte sur son téléphone") as page:
        login(page, secretary, NEW_PASSWORD)
        expect(task(page, "Affiliation à compléter : 1 élément manquant")).to_be_visible()
    with phone.step("rouvre le formulaire : sa saisie est là") as page:
        task(page, "Affiliation à compléter").click()
        expect(page.get_by_label("N° SIRET de l'AS")).to_have_value("41837052400013")
        expect(page.get_by_label("Garçons scolarisés")).to_have_value("210")
        expect(page.get_by_text("Effectif pris en compte : garçons")).to_contain_text("= 325")
    with phone.step("choisit l'assurance et transmet au SR") as page:
        page.get_by_label("Contrat collectif MAIF").check()
        page.get_by_role("button", name="Enregistrer et transmettre au SR").click()
        expect(page.get_by_text("Formulaire transmis au service régional")).to_be_visible()
        expect(page.get_by_text("Brouillon enregistré.")).to_have_count(0)
        expect(page.locator("#affiliation").get_by_text("En attente", exact=True)).to_be_visible()

    # --- the SR finds it from his home and sends it back -------------------------------------
    with sr.step("le SR se connecte : des formulaires à vérifier") as page:
        login(page, server.accounts["sr"], PASSWORD)
        expect(task(page, "formulaires d'affiliation à vérifier")).to_be_visible()
    with sr.step("ouvre la liste des formulaires à vérifier") as page:
        task(page, "formulaires d'affiliation à vérifier").click()
        expect(page.get_by_role("link", name=AS_CODE, exact=True)).to_be_visible()
    with sr.step("ouvre le formulaire de l'AS") as page:
        page.get_by_role("link", name=AS_CODE, exact=True).click()
        expect(page.get_by_text("41837052400013", exact=True)).to_be_visible()
    with sr.step("renvoie le formulaire avec un commentaire") as page:
        page.get_by_label("Ce que l'AS doit corriger").fill(COMMENT)
        page.get_by_role("button", name="Renvoyer à l'AS").click()
        expect(page.get_by_text(f"Formulaire renvoyé à l'AS {AS_CODE}.")).to_be_visible()

    returned = server.mails(to=secretary)[-1]
    assert "à compléter" in returned["Subject"]
    assert COMMENT in returned.get_body().get_content()

    # --- the AS reads the comment, corrects and transmits again ------------------------------
    with phone.step("voit le renvoi sur l'accueil de l'AS") as page:
        page.get_by_role("link", name="UNSS Opuss").click()
        expect(task(page, "renvoyée par le service régional")).to_be_visible()
    with phone.step("ouvre le formulaire et lit le commentaire") as page:
        task(page, "renvoyée par le service régional").click()
        expect(page.get_by_role("alert").filter(has_text="renvoyé le formulaire")).to_contain_text(
            COMMENT
        )
    with phone.step("corrige le SIRET et transmet à nouveau") as page:
        page.get_by_label("N° SIRET de l'AS").fill(CORRECTED_SIRET)
        page.get_by_role("button", name="Enregistrer et transmettre au SR").click()
        expect(page.get_by_text("Formulaire transmis au service régional")).to_be_visible()

    # --- the SR enters the bank details and affiliates ---------------------------------------
    with sr.step("revient aux affiliations par le menu") as page:
        page.get_by_role("navigation", name="Navigation principale").get_by_role(
            "link", name="Affiliations"
        ).click()
    with sr.step("rouvre le formulaire corrigé") as page:
        page.get_by_role("link", name=AS_CODE, exact=True).click()
        expect(page.get_by_text("77567804800015", exact=True)).to_be_visible()
    with sr.step("confirme son mot de passe pour voir et saisir l'IBAN") as page:
        page.get_by_label("Mon mot de passe").fill(PASSWORD)
        page.get_by_role("button", name=re.compile("Confirmer mon mot de passe")).click()
        expect(page.get_by_text("Mot de passe confirmé")).to_be_visible()
    with sr.step("saisit les coordonnées bancaires") as page:
        page.get_by_label("Titulaire du compte").fill("AS du collège Sébastien Brant")
        page.get_by_label("IBAN").fill(IBAN)
        page.get_by_label("BIC").fill(BIC)
        page.get_by_role("button", name="Valider les coordonnées bancaires").click()
        expect(page.get_by_text("Coordonnées bancaires enregistrées.")).to_be_visible()
        expect(page.get_by_text("RUM UNSS-24104-002")).to_be_visible()  # a new account
    with sr.step("coche « vérifié » et affilie l'AS") as page:
        page.get_by_label(re.compile("informations financières vérifiés")).check()
        page.get_by_role("button", name="Affilier l'AS").click()
        expect(page.get_by_text(f"AS {AS_CODE} affiliée.")).to_be_visible()
        invoice_number = re.search(
            r"facture (F\d{4}-\d{5})", page.get_by_text("Facturée").inner_text()
        ).group(1)

    assert "affiliée" in server.mails(to=secretary)[-1]["Subject"]

    # --- the AS downloads its invoice --------------------------------------------------------
    with phone.step("retourne à l'accueil de l'AS : affiliée") as page:
        page.get_by_role("link", name="UNSS Opuss").click()
        expect(page.locator("#affiliation").get_by_text("Affiliée", exact=True)).to_be_visible()
    with phone.step("télécharge sa facture", check=False) as page:
        invoice = pdf_bytes(page, page.get_by_role("link", name="Facture de l'adhésion (PDF)"))
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(invoice)).pages)
    assert f"Facture {invoice_number} du 6 octobre 2025 · AS {AS_CODE}" in text
    assert "effectif réel 325 élèves" in text  # 210 boys, as typed on the first visit
    assert "FR76 •••• •••• 0189" in text and "UNSS-24104-002" in text  # the SR's new account
