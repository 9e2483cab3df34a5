"""Importing a school's pupil list into the basket: reading the file, deciding each row (create,
renew, reject and why), the warnings, and the pages."""

import datetime as dt
import html
import io
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from faker import Faker
from openpyxl import Workbook

from opuss.licences import importing, services
from opuss.licences.importing import Decision, ImportFileError, read_rows
from opuss.licences.models import BasketLine
from tests.factories import LicenceFactory, PupilFactory, SeasonFactory

pytestmark = pytest.mark.usefixtures("in_season")

fake = Faker("fr_FR")
HEADER = "Nom;Prénom;Sexe;Date de naissance;INE;Classe;Email responsable légal"


def csv_upload(*lines: str, header=HEADER, encoding="utf-8-sig", name="eleves.csv"):
    return SimpleUploadedFile(name, "\r\n".join([header, *lines]).encode(encoding))


def xlsx_upload(*rows, name="eleves.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.create_sheet("Autre").append(["ignorée"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def only_row(upload):
    (row,) = read_rows(upload).rows
    return row


def text(response):
    return html.unescape(response.content.decode())


# --- reading the file (no database) ---------------------------------------------------------


def test_it_reads_a_utf8_csv_with_a_bom_and_semicolons():
    parsed = read_rows(csv_upload("Durand;Léa;F;14/03/2012;0123456789a;5e B;Parent@Exemple.fr"))
    (row,) = parsed.rows
    assert (row.last_name, row.first_name, row.sex) == ("Durand", "Léa", "F")
    assert row.birth_date == dt.date(2012, 3, 14)
    assert (row.ine, row.class_level, row.guardian_email) == (
        "0123456789A",
        "5e B",
        "parent@exemple.fr",
    )
    assert row.problems == []
    assert parsed.columns[:4] == ["nom", "prénom", "sexe", "date de naissance"]


def test_it_reads_a_windows_1252_csv_with_commas_as_french_spreadsheets_save_it():
    upload = csv_upload(
        "Lefèvre,Gaëlle,G,2011-09-30,5e2,0612345678",
        header="NOM DE FAMILLE,Prénom 1,SEXE,Né(e) le,Division,Tél. portable resp. légal 1",
        encoding="cp1252",
    )
    row = only_row(upload)
    assert (row.last_name, row.first_name, row.sex) == ("Lefèvre", "Gaëlle", "M")
    assert row.birth_date == dt.date(2011, 9, 30)
    assert (row.class_level, row.guardian1_phone) == ("5e2", "0612345678")


def test_it_reads_the_first_sheet_of_an_xlsx_with_excel_date_cells():
    upload = xlsx_upload(
        ["Liste des élèves – 2025"],  # a title line above the header
        [
            "Nom",
            "Prénom",
            "Sexe",
            "Date Naissance",
            "N° INE",
            "Courriel représentant légal 1",
            "Téléphone responsable 2",
            "Régime",
        ],
        ["Martin", "Hugo", "Masculin", dt.datetime(2010, 12, 31), None, None, 612345678, "DP"],
        [None, None, None, None],  # a blank line is skipped
        ["Bernard", "Inès", 2, dt.date(2012, 1, 5), "1234567890A", "b@exemple.fr", None, "EXT"],
    )
    parsed = read_rows(upload)
    hugo, ines = parsed.rows
    assert (hugo.line, hugo.sex, hugo.birth_date) == (3, "M", dt.date(2010, 12, 31))
    assert hugo.guardian2_phone == "0612345678"  # the leading zero a number cell loses
    assert (ines.line, ines.sex, ines.birth_date, ines.ine) == (
        5,
        "F",
        dt.date(2012, 1, 5),
        "1234567890A",
    )
    assert parsed.ignored == ["Régime"]


@pytest.mark.parametrize(
    "header",
    [
        "Nom de famille;Prénom 1;Genre;Date naissance;Numéro national;Division;"
        "Mél. resp. légal 1;Téléphone responsable 1;Téléphone responsable 2;Email élève",
        "nom;PRENOM;sexe;DATE DE NAISSANCE;N INE;classe;courriel representant legal 1;"
        "tel. portable resp. legal 1;Tél. portable resp. légal 2;Courriel élève",
    ],
)
def test_it_maps_the_usual_column_names_of_school_exports(header):
    row = only_row(
        csv_upload(
            "Petit;Zoé;F;01/02/2012;0123456789A;6e A;p@exemple.fr;"
            "06 11 22 33 44;07 11 22 33 44;zoe@exemple.fr",
            header=header,
        )
    )
    assert row.problems == []
    assert (row.ine, row.class_level, row.guardian_email, row.email) == (
        "0123456789A",
        "6e A",
        "p@exemple.fr",
        "zoe@exemple.fr",
    )
    assert (row.guardian1_phone, row.guardian2_phone) == ("06 11 22 33 44", "07 11 22 33 44")


@pytest.mark.parametrize(
    ("written", "sex"),
    [
        ("M", "M"),
        ("g", "M"),
        ("Masculin", "M"),
        ("Garçon", "M"),
        ("1", "M"),
        ("F", "F"),
        ("Féminin", "F"),
        ("fille", "F"),
        ("2", "F"),
    ],
)
def test_it_understands_the_usual_ways_of_writing_the_sex(written, sex):
    assert only_row(csv_upload(f"Roux;Sam;{written};01/02/2012;;;")).sex == sex


@pytest.mark.parametrize(
    ("written", "born"),
    [
        ("14/03/2012", dt.date(2012, 3, 14)),
        ("4/3/2012", dt.date(2012, 3, 4)),
        ("14.03.2012", dt.date(2012, 3, 14)),
        ("2012-03-14", dt.date(2012, 3, 14)),
        ("14/03/2012 00:00:00", dt.date(2012, 3, 14)),
    ],
)
def test_it_reads_french_and_iso_dates(written, born):
    assert only_row(csv_upload(f"Roux;Sam;F;{written};;;")).birth_date == born


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        (";Sam;F;01/02/2012;;;", "Nom manquant."),
        ("Roux;;F;01/02/2012;;;", "Prénom manquant."),
        ("Roux;Sam;X;01/02/2012;;;", "Sexe non compris : « X »"),
        ("Roux;Sam;;01/02/2012;;;", "Sexe manquant."),
        ("Roux;Sam;F;31/02/2010;;;", "Date de naissance illisible : « 31/02/2010 »"),
        ("Roux;Sam;F;12/03/10;;;", "Date de naissance illisible : « 12/03/10 »"),
        ("Roux;Sam;F;;;;", "Date de naissance manquante."),
        ("Roux;Sam;F;01/02/2012;;;parent.exemple.fr", "E-mail du responsable légal invalide"),
        ("Roux;Sam;F;01/02/2012;12345;;", "INE invalide : « 12345 »"),
        (
            f"Roux;Sam;F;01/02/2012;;{'x' * 61};",
            "Texte trop long pour « classe » : 60 caractères au plus.",
        ),
    ],
)
def test_a_row_the_file_alone_shows_wrong_says_why(line, problem):
    (found,) = only_row(csv_upload(line)).problems
    assert found.startswith(problem)


def test_missing_columns_are_one_error_naming_them_and_the_columns_found():
    with pytest.raises(ImportFileError) as error:
        read_rows(csv_upload("Roux;Sam;5e", header="Nom;Prénom;Classe"))
    assert str(error.value).startswith(
        "Colonnes obligatoires manquantes : sexe, date de naissance. Colonnes trouvées : "
        "« Nom », « Prénom », « Classe »."
    )


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("eleves.csv", b"  \r\n"), "Le fichier est vide."),
        (SimpleUploadedFile("eleves.xls", b"\xd0\xcf\x11\xe0rest"), "Ce format n'est pas lu"),
        (
            SimpleUploadedFile("eleves.xlsx", b"PK\x03\x04 not a workbook"),
            "Ce classeur n'a pas pu être lu",
        ),
        (
            SimpleUploadedFile("eleves.csv", b"x" * (importing.MAX_BYTES + 1)),
            "Le fichier dépasse 2 Mo",
        ),
    ],
)
def test_a_file_that_cannot_be_read_says_why(upload, message):
    with pytest.raises(ImportFileError, match=message):
        read_rows(upload)


def test_too_many_rows_are_refused(monkeypatch):
    monkeypatch.setattr(importing, "MAX_ROWS", 2)
    with pytest.raises(ImportFileError, match="plus de 2 lignes"):
        read_rows(csv_upload(*["Roux;Sam;F;01/02/2012;;;"] * 3))


def test_the_downloadable_template_is_read_back_without_a_problem():
    upload = SimpleUploadedFile(
        "modele.csv", importing.template_csv(SimpleNamespace(start_year=2025)).encode("utf-8")
    )
    parsed = read_rows(upload)
    assert [row.problems for row in parsed.rows] == [[]]
    assert len(parsed.columns) == len(importing.COLUMNS) and parsed.ignored == []


# --- decisions against the federation -------------------------------------------------------


@pytest.fixture
def former(world):
    """A licensee of side A's AS last season, not yet renewed."""
    last_season = SeasonFactory(start_year=2024, is_current=False)
    licence = LicenceFactory(
        association=world.a.association,
        season=last_season,
        class_level="6e B",
        pupil=PupilFactory(
            last_name="LEFÈVRE",
            first_name="Élodie",
            sex="F",
            birth_date=dt.date(2012, 2, 3),
            ine="1234567890A",
        ),
    )
    return licence.pupil


def decide(world, *lines, header=HEADER, actor=None):
    rows = read_rows(csv_upload(*lines, header=header)).rows
    return importing.preview(
        rows, association=world.a.association, season=world.season, actor=actor or world.a.teacher
    )


def test_a_former_licensee_is_renewed_by_ine(world, former):
    (row,) = decide(world, "Lefevre-Martin;Elodie;F;03/02/2012;1234567890A;5e B;")
    assert (row.decision, row.pupil_id) == (Decision.RENEW, former.pk)
    assert row.warnings == [
        "Nom connu : LEFÈVRE Élodie (le fichier indique Lefevre-Martin Elodie) ; le "
        "renouvellement garde celui connu."
    ]


def test_a_former_licensee_is_renewed_by_name_and_birth_date_whatever_the_case_and_accents(
    world, former
):
    (row,) = decide(world, "lefevre;ÉLODIE;F;03/02/2012;;5e B;")
    assert (row.decision, row.pupil_id, row.reasons) == (Decision.RENEW, former.pk, [])


def test_anyone_else_is_a_new_licence(world, former):
    (born_another_day, namesake_elsewhere) = decide(
        world, "Lefèvre;Élodie;F;04/02/2012;;5e B;", f"{fake.last_name()};Jade;F;01/01/2013;;;"
    )
    assert born_another_day.decision == namesake_elsewhere.decision == Decision.CREATE
    assert born_another_day.pupil_id is None


def test_every_rejection_says_why(world, former):
    licensed = world.a.licence.pupil
    rows = decide(
        world,
        "Roux;Sam;F;01/02/2012;;;",
        "ROUX;sam;F;01/02/2012;;;",
        "Vieux;Paul;M;15/06/1990;;;",
        f"{licensed.last_name};{licensed.first_name};F;{licensed.birth_date:%d/%m/%Y};;;",
        "Roux;Sam;F;31/02/2010;;;",
    )
    assert [row.decision for row in rows] == [Decision.CREATE] + [Decision.REJECT] * 4
    duplicate, too_old, already, unreadable = (row.reasons for row in rows[1:])
    assert duplicate == ["Ligne en double dans le fichier : même élève qu'à la ligne 2."]
    assert too_old[0].startswith("Aucune catégorie d'âge en 2025-2026 pour une naissance en 1990")
    assert already == [
        f"Déjà licencié(e) cette saison dans l'AS (licence n° {world.a.licence.number})."
    ]
    assert unreadable[0].startswith("Date de naissance illisible : « 31/02/2010 »")


def test_a_pupil_already_in_the_basket_is_rejected(world, affiliated, former):
    basket = services.basket_open(
        association=world.a.association, season=world.season, actor=world.a.teacher
    )
    services.basket_add_renewals(basket=basket, pupils=[former], actor=world.a.teacher)
    services.basket_add_new(
        basket=basket,
        actor=world.a.teacher,
        values={
            "last_name": "Roux",
            "first_name": "Sam",
            "sex": "F",
            "birth_date": dt.date(2012, 2, 1),
        },
    )
    renewal, new = decide(world, "Lefèvre;Élodie;F;03/02/2012;;;", "Roux;Sam;F;01/02/2012;;;")
    assert renewal.reasons == new.reasons == ["Déjà dans le panier."]
    # Another member's basket is his own.
    assert decide(world, "Roux;Sam;F;01/02/2012;;;", actor=world.a.secretary)[0].reasons == []


def test_probable_duplicates_in_the_federation_are_flagged(world):
    elsewhere = world.b.licence.pupil  # another académie's: the teacher does not see him
    long_ago = LicenceFactory(
        association=world.a.association, season=SeasonFactory(start_year=2022, is_current=False)
    ).pupil  # the AS's own licensee, three seasons ago
    stranger, known = decide(
        world,
        f"{elsewhere.last_name};{elsewhere.first_name};F;{elsewhere.birth_date:%d/%m/%Y};;;",
        f"{long_ago.last_name};{long_ago.first_name};F;{long_ago.birth_date:%d/%m/%Y};;;",
    )
    assert stranger.decision == known.decision == Decision.CREATE
    assert stranger.warnings == [
        "Doublon probable : un élève de mêmes nom, prénom et date de naissance est déjà connu. "
        "S'il s'agit de lui, saisissez son INE ; sinon, vérifiez la saisie."
    ]
    assert known.warnings == [
        f"Doublon probable : {long_ago} né(e) le {long_ago.birth_date:%d/%m/%Y}, licencié(e) "
        f"à l'AS {world.a.association.code}."
    ]


def test_a_guardian_email_shared_by_more_than_five_pupils_is_flagged(world):
    lines = [
        f"{fake.unique.last_name()};{fake.first_name()};F;01/01/2012;;;famille@exemple.fr"
        for _ in range(6)
    ]
    rows = decide(world, *lines, f"{fake.last_name()};Jo;M;01/01/2012;;;autre@exemple.fr")
    assert all(
        row.warnings
        == [
            "L'adresse famille@exemple.fr est celle du responsable légal de "
            "6 élèves : erreur de saisie probable ?"
        ]
        for row in rows[:6]
    )
    assert rows[6].warnings == []


def test_a_renewal_with_another_birth_date_keeps_the_known_one(world, former):
    (row,) = decide(world, "Lefèvre;Élodie;F;04/02/2012;1234567890A;;")
    assert row.decision == Decision.RENEW
    assert row.warnings == [
        "Date de naissance connue : 03/02/2012 (le fichier indique "
        "04/02/2012) ; le renouvellement garde celle connue."
    ]


def test_importing_adds_new_and_renewed_lines_and_leaves_the_rejected_out(
    world, affiliated, former
):
    rows = read_rows(
        csv_upload(
            "Lefèvre;Élodie;F;03/02/2012;;5e B;parent@exemple.fr",
            "Roux;Sam;G;01/02/2012;;6e A;",
            "Vieux;Paul;M;15/06/1990;;;",
        )
    ).rows
    basket = services.basket_open(
        association=world.a.association, season=world.season, actor=world.a.teacher
    )
    result = importing.import_rows(basket=basket, rows=rows, actor=world.a.teacher)
    assert (result.created, result.renewed, result.rejected) == (1, 1, 1)
    lines = {line.last_name: line for line in basket.lines.all()}
    assert set(lines) == {"LEFÈVRE", "ROUX"}
    assert (lines["ROUX"].source, lines["ROUX"].sex, lines["ROUX"].class_level) == (
        "IMPORT",
        "M",
        "6e A",
    )
    renewal = lines["LEFÈVRE"]
    assert (renewal.source, renewal.pupil, renewal.class_level, renewal.guardian_email) == (
        "RENEWAL",
        former,
        "5e B",
        "parent@exemple.fr",
    )


# --- the pages ------------------------------------------------------------------------------


def upload_url(world):
    return reverse("imports:upload", args=[world.a.association.code])


def post_file(client, world, upload):
    client.force_login(world.a.teacher)
    return client.post(upload_url(world), {"file": upload})


def test_the_preview_shows_the_three_groups_with_reasons(client, world, affiliated, former):
    response = post_file(
        client,
        world,
        csv_upload(
            "Lefèvre;Élodie;F;03/02/2012;;5e B;",
            "Roux;Sam;F;01/02/2012;;;",
            "Vieux;Paul;M;15/06/1990;;;",
            "Petit;Zoé;X;01/02/2012;;;",
        ),
    )
    assert response.status_code == 200
    page = text(response)
    for heading in ("À créer", "À renouveler", "Rejetée"):
        assert heading in page
    assert "Aucune catégorie d'âge en 2025-2026 pour une naissance en 1990" in page
    assert "Sexe non compris : « X »" in page
    assert "Ajouter au panier (2 licences)" in page
    assert BasketLine.objects.count() == 0  # nothing added before confirmation


def test_confirming_adds_the_lines_and_says_how_many(client, world, affiliated, former):
    preview = post_file(
        client,
        world,
        csv_upload(
            "Lefèvre;Élodie;F;03/02/2012;;5e B;",
            "Roux;Sam;F;01/02/2012;;;",
            "Vieux;Paul;M;15/06/1990;;;",
        ),
    )
    response = client.post(
        reverse("imports:confirm", args=[world.a.association.code]),
        {"import": preview.context["token"]},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse(
        "baskets:basket", args=[world.a.association.code]
    )
    assert "2 licences ajoutées au panier (1 nouvelle, 1 renouvellement), 1 ligne rejetée." in text(
        response
    )
    assert sorted(BasketLine.objects.values_list("last_name", "source")) == [
        ("LEFÈVRE", "RENEWAL"),
        ("ROUX", "IMPORT"),
    ]


def test_an_outdated_preview_cannot_be_confirmed(client, world, affiliated):
    post_file(client, world, csv_upload("Roux;Sam;F;01/02/2012;;;"))
    response = client.post(
        reverse("imports:confirm", args=[world.a.association.code]),
        {"import": "une-autre"},
        follow=True,
    )
    assert "Cet aperçu n'est plus valable" in text(response)
    assert BasketLine.objects.count() == 0


def test_a_file_error_is_shown_at_the_field(client, world, affiliated):
    response = post_file(client, world, csv_upload("Roux;Sam", header="Nom;Prénom"))
    page = text(response)
    assert "Colonnes obligatoires manquantes : sexe, date de naissance." in page
    assert 'aria-invalid="true"' in page


def test_a_non_member_gets_404(client, world, affiliated):
    for outsider in (world.b.teacher, world.a.sd, world.a.sr):
        client.force_login(outsider)
        assert client.get(upload_url(world)).status_code == 404
        assert client.post(upload_url(world), {"file": csv_upload()}).status_code == 404


def test_an_as_not_affiliated_sees_the_refusal_and_no_upload(client, world):
    client.force_login(world.a.teacher)
    response = client.get(upload_url(world))
    assert response.status_code == 200
    assert "n'est pas encore affiliée" in text(response)
    assert 'type="file"' not in text(response)
    response = client.post(upload_url(world), {"file": csv_upload("Roux;Sam;F;01/02/2012;;;")})
    assert "n'est pas encore affiliée" in text(response)
    assert "Aperçu" not in text(response)


def test_the_template_is_a_french_csv(client, world):
    client.force_login(world.a.secretary)
    response = client.get(reverse("imports:template", args=[world.a.association.code]))
    content = response.content.decode("utf-8")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert content.startswith("\ufeffNom;Prénom;Sexe;Date de naissance;INE;Classe;")
    assert ";14/03/2012;" in content
