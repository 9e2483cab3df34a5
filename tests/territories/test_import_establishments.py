"""`opuss import-establishments FILE`: the ministry's « Annuaire de l'éducation » (the CSV export
of data.education.gouv.fr, fr-en-annuaire-education) creates and updates the establishments,
never deletes one, refuses what the federation has no AS for with the reason, and is the same
number of queries for 5 rows as for 50."""

import csv
import io
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opuss.core.audit import audit_entries_for
from opuss.core.models import AuditEntry
from opuss.rules.identifiers import uai_check_letter
from opuss.territories.directory import import_directory
from opuss.territories.models import Academy, Department, Establishment, EstablishmentImport
from tests.factories import EstablishmentFactory
from tests.seasons.test_fee_command import run, run_failing

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "data" / "annuaire-sample.csv"

# What the sample creates: UAI -> type, name, status, department, REP+.
EXPECTED = {
    "0681761V": ("LPO", "Charles de Gaulle", "PUBLIC", "68", False),
    "0681803R": ("COL", "Jean Macé", "PUBLIC", "68", True),
    "0680039Y": ("LP", "Roosevelt", "PUBLIC", "68", False),
    "0670079X": ("LYC", "Kléber", "PUBLIC", "67", False),
    "0681574S": ("EEA", "Jean Monnet", "PUBLIC", "68", False),
    "0671509B": ("LA", "d'Obernai", "PUBLIC", "67", False),
    "0440154D": ("COL", "Saint-Joseph", "PRIVATE", "44", False),
    "0850027T": ("COL", "Herriot", "PUBLIC", "85", False),
}
# Line, UAI and the start of the reason of each refused row.
REJECTED = [
    (10, "0680123P", "Type « Ecole » : une école du premier degré n'a pas d'AS"),
    (11, "0681817W", "La lettre de contrôle du code UAI 0681817W est fausse (attendue : F)."),
    (12, "0690026D", "Académie « Lyon » inconnue d'opuss"),
    (13, "0441893U", "Le département 68 est dans l'académie de Strasbourg pour opuss, de Nantes"),
    (14, "0681803R", "UAI déjà lu ligne 3 : seule la première ligne est importée."),
    (15, "0860001J", "Type « Information et orientation » : un centre d'information"),
]


@pytest.fixture
def federation():
    """The federation's académies (UNSS numbers, not the ministry's 15 and 17) and three of
    their departments; Vendée is missing."""
    strasbourg = Academy.objects.create(code="24", name="Strasbourg")
    nantes = Academy.objects.create(code="16", name="Nantes")
    Department.objects.create(code="68", name="Haut-Rhin", academy=strasbourg)
    Department.objects.create(code="67", name="Bas-Rhin", academy=strasbourg)
    Department.objects.create(code="44", name="Loire-Atlantique", academy=nantes)
    return {"Strasbourg": strasbourg, "Nantes": nantes}


def load(path=SAMPLE, **options):
    rejected = []
    result = import_directory(path, on_reject=rejected.append, **options)
    return result, rejected


def described():
    return {
        e.uai: (e.type, e.name, e.sector, e.department.code, e.rep_plus)
        for e in Establishment.objects.select_related("department")
    }


def edited_sample(tmp_path, *replacements: tuple[str, str]) -> Path:
    text = SAMPLE.read_text(encoding="utf-8-sig")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    path = tmp_path / "annuaire.csv"
    path.write_text(text, encoding="utf-8-sig")
    return path


def test_the_sample_creates_its_secondary_establishments_with_the_circulars_types(federation):
    result, _ = load()
    assert described() == EXPECTED
    assert (result.read, result.created, result.updated, result.unchanged, result.rejected) == (
        14,
        8,
        0,
        0,
        6,
    )
    lycee = Establishment.objects.get(uai="0670079X")
    assert str(lycee) == "Lycée Kléber"
    # Adresse_1 and Adresse_2; Adresse_3 (« 67082 STRASBOURG CEDEX ») is postcode and commune.
    assert (lycee.address, lycee.postcode, lycee.city) == (
        "25 place de Bordeaux, BP 30097",
        "67082",
        "Strasbourg",
    )
    assert (lycee.phone, lycee.email) == ("03 88 14 31 00", "ce.0670079x@ac-strasbourg.fr")


def test_a_department_missing_from_opuss_is_created_under_its_known_academie(federation):
    result, _ = load()
    vendee = Department.objects.get(code="85")
    assert (vendee.name, vendee.academy) == ("Vendée", federation["Nantes"])
    assert result.departments_created == ["85 – Vendée"]
    # Académies are the federation's: Lyon, unknown, was not created.
    assert set(Academy.objects.values_list("name", flat=True)) == {"Strasbourg", "Nantes"}


def test_each_refused_row_says_why(federation):
    result, rejected = load()
    assert [(r.line, r.uai) for r in rejected] == [(line, uai) for line, uai, _ in REJECTED]
    for rejection, (_, _, reason) in zip(rejected, REJECTED, strict=True):
        assert rejection.reason.startswith(reason)
    assert rejected[0].name == "École élémentaire Drouot" and rejected[0].type == "Ecole"
    assert result.reasons == {
        "Type « Ecole » non importé": 1,
        "Code UAI invalide": 1,
        "Académie inconnue d'opuss": 1,
        "Département dans une autre académie": 1,
        "UAI en double dans le fichier": 1,
        "Type « Information et orientation » non importé": 1,
    }
    # The duplicate did not replace the first line's establishment.
    assert Establishment.objects.get(uai="0681803R").address == "6 rue de Toulon"


def test_a_closed_establishment_is_not_imported(federation, tmp_path):
    lines = SAMPLE.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    lines[3] = lines[3].replace(";OUVERT;", ";FERME;")  # Lycée professionnel Roosevelt
    path = tmp_path / "annuaire.csv"
    path.write_text("".join(lines), encoding="utf-8-sig")
    result, rejected = load(path)
    assert (rejected[0].line, rejected[0].uai, rejected[0].reason) == (
        4,
        "0680039Y",
        "Établissement fermé (état « FERME »).",
    )
    # Closed, like an école, is what the federation never imports; a wrong UAI is a mistake.
    assert [r.expected for r in rejected[:3]] == [True, True, False]
    assert not Establishment.objects.filter(uai="0680039Y").exists()
    assert result.created == 7


@pytest.mark.parametrize(
    ("old", "new", "reason"),
    [
        (";Rue Édouard Herriot;", ";;", "Il manque l'adresse (colonne adresse_1)."),
        (";85000;85191;", ";8500;85191;", "Code postal « 8500 » invalide : cinq chiffres"),
        (";La Roche-sur-Yon;085;", ";;085;", "Il manque la commune (colonne nom_commune)."),
        (";085;", ";8;", "Code de département « 8 » invalide."),
        ("Collège Herriot;", f"Collège {'H' * 201};", "Dénomination exacte : 201 caractères"),
    ],
)
def test_a_row_missing_what_an_establishment_needs_is_refused(
    federation, tmp_path, old, new, reason
):
    _, rejected = load(edited_sample(tmp_path, (old, new)))
    assert (rejected[0].uai, rejected[0].line) == ("0850027T", 9)
    assert rejected[0].reason.startswith(reason)
    assert not Establishment.objects.filter(uai="0850027T").exists()


def test_a_second_run_changes_nothing(federation):
    load()
    before = list(Establishment.objects.order_by("uai").values())
    result, _ = load()
    assert (result.created, result.updated, result.unchanged, result.rejected) == (0, 0, 8, 6)
    assert result.departments_created == []
    assert list(Establishment.objects.order_by("uai").values()) == before
    assert Department.objects.count() == 4


def test_a_changed_row_updates_the_establishment_and_the_run_says_what_changed(
    federation, tmp_path
):
    load()
    renamed = edited_sample(
        tmp_path,
        ("Lycée général et technologique Kléber", "Lycée général et technologique Jean Kléber"),
        ("25 place de Bordeaux;BP 30097", "27 place de Bordeaux;BP 30097"),
        # A telephone or a status the directory no longer gives is kept.
        ("03 89 42 33 54", ""),
        ("Collège privé Saint-Joseph;Collège;Privé;", "Collège privé Saint-Joseph;Collège;;"),
    )
    result, _ = load(renamed)
    assert (result.created, result.updated, result.unchanged) == (0, 1, 7)
    lycee = Establishment.objects.get(uai="0670079X")
    assert (lycee.name, lycee.address) == ("Jean Kléber", "27 place de Bordeaux, BP 30097")
    assert Establishment.objects.get(uai="0681803R").phone == "03 89 42 33 54"
    assert Establishment.objects.get(uai="0440154D").sector == "PRIVATE"
    entry = audit_entries_for(result.run).get()
    assert entry.after["établissements mis à jour"] == {
        "0670079X": {
            "address": ["25 place de Bordeaux, BP 30097", "27 place de Bordeaux, BP 30097"],
            "name": ["Kléber", "Jean Kléber"],
        }
    }


def test_a_known_establishment_keeps_its_type_department_and_what_the_directory_lacks(
    federation,
):
    """The type sets the AS's fee: it changes on purpose, never by a file. The head of
    establishment, the zone and the fee flags are not in the directory."""
    bas_rhin = Department.objects.get(code="67")
    known = EstablishmentFactory(
        uai="0681761V",
        name="Ancien nom",
        type="LYC",
        department=bas_rhin,
        head_last_name="BRUGGER",
        zone="RURAL",
        aefe=True,
    )
    elsewhere = EstablishmentFactory(department=bas_rhin)
    result, _ = load()
    known.refresh_from_db()
    assert (known.type, known.department, known.head_last_name, known.zone, known.aefe) == (
        "LYC",
        bas_rhin,
        "BRUGGER",
        "RURAL",
        True,
    )
    assert (known.name, known.address, known.sector) == (
        "Charles de Gaulle",
        "14 rue de Ruelisheim",
        "PUBLIC",
    )
    assert (result.created, result.updated, result.kept_apart) == (7, 1, 1)
    # Nothing is deleted: an establishment the file does not list stays.
    assert Establishment.objects.filter(pk=elsewhere.pk).exists()


def test_each_run_is_one_audit_entry(federation):
    first, _ = load()
    second, _ = load()
    assert EstablishmentImport.objects.count() == 2
    assert AuditEntry.objects.count() == 2
    entry = audit_entries_for(first.run).get()
    assert entry.action == "import de l'annuaire des établissements"
    assert entry.actor is None
    assert entry.after["créés"] == 8 and entry.after["rejetés"] == 6
    assert sorted(entry.after["établissements créés"]) == sorted(EXPECTED)
    assert entry.after["fichier"] == "annuaire-sample.csv"
    assert audit_entries_for(second.run).get().after["inchangés"] == 8


def test_the_api_field_names_and_a_file_without_bom_read_the_same(federation, tmp_path):
    text = SAMPLE.read_text(encoding="utf-8-sig")
    header, rest = text.split("\n", 1)
    path = tmp_path / "annuaire.csv"
    path.write_text(header.lower() + "\n" + rest, encoding="utf-8")
    result, _ = load(path)
    assert described() == EXPECTED
    assert result.rejected == 6


def test_academies_are_found_by_name_whatever_the_accents_and_case(tmp_path):
    academy = Academy.objects.create(code="18", name="Orléans-Tours")
    path = synthetic(tmp_path, 1, academy="ORLEANS TOURS", department=("045", "Loiret"))
    result, _ = load(path)
    assert result.created == 1
    assert Establishment.objects.get().department.academy == academy


# --- the command ----------------------------------------------------------------------------


def test_the_command_shows_progress_sums_up_in_french_and_writes_the_rejects(
    federation, tmp_path
):
    report = tmp_path / "rejets.csv"
    out, err = run(
        "import_establishments", str(SAMPLE), "--rejects", str(report), "--batch-size", "5"
    )
    assert err.splitlines() == [
        "5 lignes lues (100\u00a0%) : 5 créés, 0 mis à jour, 0 inchangés, 0 rejetés",
        "10 lignes lues (100\u00a0%) : 8 créés, 0 mis à jour, 0 inchangés, 2 rejetés",
        "14 lignes lues (100\u00a0%) : 8 créés, 0 mis à jour, 0 inchangés, 6 rejetés",
    ]
    lines = out.splitlines()
    assert lines[:6] == [
        "Annuaire de l'éducation « annuaire-sample.csv » : 14 lignes lues.",
        "Créés : 8",
        "Mis à jour : 0",
        "Inchangés : 0",
        "Rejetés : 6",
        "  Type « Ecole » non importé : 1",
    ]
    assert "Départements créés : 1 (85 – Vendée)" in lines
    assert "  ligne 11 – 0681817W Collège Bourtzwiller : La lettre de contrôle du code UAI " \
        "0681817W est fausse (attendue : F)." in lines
    # Rows to look at are listed; those the federation never imports are counted above.
    listed = lines[lines.index("Lignes rejetées (sauf les types non importés et les "
                               "établissements fermés) :") + 1 : -1]
    assert [line.split(" – ")[0] for line in listed] == [
        "  ligne 11",
        "  ligne 12",
        "  ligne 13",
        "  ligne 14",
    ]
    assert lines[-1] == f"Rapport des rejets (toutes les lignes rejetées) : {report}"
    raw = report.read_bytes()
    assert raw.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Ligne", "UAI", "Nom", "Type", "Motif"]
    assert [(int(row[0]), row[1]) for row in rows[1:]] == [(line, uai) for line, uai, _ in REJECTED]


def test_a_second_run_of_the_command_says_everything_is_unchanged(federation):
    run("import_establishments", str(SAMPLE))
    out, _ = run("import_establishments", str(SAMPLE))
    assert out.splitlines()[1:5] == ["Créés : 0", "Mis à jour : 0", "Inchangés : 8", "Rejetés : 6"]


def test_more_rejections_than_shown_point_to_the_report(federation, tmp_path):
    path = synthetic(tmp_path, 60, academy="Atlantis")
    out, _ = run("import_establishments", str(path))
    assert "  … et 10 autres : toutes avec --rejects FICHIER." in out.splitlines()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "uai,nom,type\n0681761V,Charles de Gaulle,Lycée\n",
            "Les colonnes sont séparées par des virgules",
        ),
        (
            "Identifiant_de_l_etablissement;Nom_etablissement\n0681761V;X\n",
            "Ce n'est pas l'export de l'annuaire de l'éducation (fr-en-annuaire-education) : "
            "colonnes manquantes : type_etablissement, statut_public_prive, adresse_1",
        ),
        ("", "Le fichier est vide."),
    ],
)
def test_a_file_that_is_not_the_directory_is_refused_and_nothing_is_imported(
    federation, tmp_path, content, message
):
    path = tmp_path / "autre.csv"
    path.write_text(content, encoding="utf-8")
    report = tmp_path / "rejets.csv"
    err = run_failing("import_establishments", str(path), "--rejects", str(report))
    assert message in err
    assert err.strip().endswith("Rien n'a été importé.")
    assert not report.exists()
    assert not Establishment.objects.exists()
    assert not EstablishmentImport.objects.exists()


def test_a_file_resaved_by_a_spreadsheet_needs_its_encoding_and_is_then_read(
    federation, tmp_path
):
    path = tmp_path / "annuaire-excel.csv"
    path.write_bytes(SAMPLE.read_text(encoding="utf-8-sig").encode("cp1252"))
    err = run_failing("import_establishments", str(path))
    assert "« annuaire-excel.csv » n'est pas en UTF-8" in err
    assert "--encoding cp1252" in err
    assert not Establishment.objects.exists()
    run("import_establishments", str(path), "--encoding", "cp1252")
    assert described() == EXPECTED


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("absent.csv",), "Impossible de lire « absent.csv » : No such file or directory."),
        ((str(SAMPLE), "--encoding", "klingon"), "Encodage « klingon » inconnu."),
        ((str(SAMPLE), "--rejects", "/nonexistent/r.csv"), "Impossible d'écrire"),
    ],
)
def test_command_errors_are_one_french_line_and_exit_status_2(federation, args, message):
    err = run_failing("import_establishments", *args)
    assert message in err
    assert not Establishment.objects.exists()


# --- queries --------------------------------------------------------------------------------


def synthetic(
    tmp_path,
    count: int,
    *,
    academy="Strasbourg",
    department=("068", "Haut-Rhin"),
    name="Collège",
):
    """`count` collèges in the directory's columns (in another order than the export's: the
    import reads columns by name)."""
    path = tmp_path / f"{name}-{academy}-{count}.csv"
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream, delimiter=";")
        writer.writerow(
            [
                "Nom_etablissement",
                "Identifiant_de_l_etablissement",
                "Type_etablissement",
                "Statut_public_prive",
                "Adresse_1",
                "Code_postal",
                "Nom_commune",
                "Code_departement",
                "Libelle_departement",
                "Libelle_academie",
            ]
        )
        for n in range(count):
            digits = f"{680000 + n:07d}"
            writer.writerow(
                [
                    f"{name} n° {n}",
                    digits + uai_check_letter(digits),
                    "Collège",
                    "Public",
                    f"{n} rue de la Paix",
                    "68100",
                    "Mulhouse",
                    *department,
                    academy,
                ]
            )
    return path


def queries_of(path, **options) -> int:
    with CaptureQueriesContext(connection) as context:
        load(path, **options)
    return len(context.captured_queries)


def test_creating_and_updating_take_the_same_queries_for_5_rows_as_for_50(federation, tmp_path):
    small, large = synthetic(tmp_path, 5), synthetic(tmp_path, 50)
    assert queries_of(small, batch_size=100) == queries_of(large, batch_size=100)
    assert Establishment.objects.count() == 50
    renamed_small = synthetic(tmp_path, 5, name="Collège Jean")
    renamed_large = synthetic(tmp_path, 50, name="Collège Jean")
    updating_small = queries_of(renamed_small, batch_size=100)
    assert queries_of(renamed_large, batch_size=100) == updating_small
    assert set(Establishment.objects.values_list("name", flat=True)) == {
        f"Jean n° {n}" for n in range(50)
    }


def test_queries_grow_with_batches_not_rows(federation, tmp_path):
    """Per batch of new rows: one SELECT of the known UAIs and one INSERT."""
    one_batch = queries_of(synthetic(tmp_path, 10), batch_size=10)
    Establishment.objects.all().delete()
    five_batches = queries_of(synthetic(tmp_path, 50), batch_size=10)
    assert five_batches - one_batch == 4 * 2
