"""`opuss sepa --season … --month … --output FILE`: writes the month's pain.008 file and says
what it holds, in French; a second run writes the same file and says so; errors are French
lines with a non-zero exit status."""

import pytest

from opuss.finance.models import DebitBatch
from tests.finance.test_debits import as_a, clock  # noqa: F401 - fixtures
from tests.seasons.test_fee_command import run, run_failing

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("as_a")]


def sepa(*args: str):
    return run("sepa", *args)


def test_the_command_writes_the_file_and_sums_it_up(world, tmp_path):
    path = tmp_path / "octobre.xml"
    out, err = sepa("--season", "2025-2026", "--month", "2025-10", "--output", str(path))
    batch = DebitBatch.objects.get()
    assert path.read_text(encoding="utf-8") == batch.xml
    assert err == ""
    assert out.splitlines() == [
        "Lot de l'échéance 2025-10 (saison 2025-2026)",
        "Prélèvements : 1 prélèvement",
        "Montant total : 433,33\u00a0€",
        "Date de prélèvement : 04/11/2025",
        f"Identifiant du message : {batch.message_id}",
        f"Fichier écrit : {path}",
    ]
    assert batch.created_by is None


def test_a_second_run_says_it_is_the_same_batch(world, tmp_path):
    first, again = tmp_path / "1.xml", tmp_path / "2.xml"
    sepa("--season", "2025-2026", "--month", "2025-10", "--output", str(first))
    out, _ = sepa("--season", "2025-2026", "--month", "2025-10", "--output", str(again))
    assert out.startswith(
        "Ce lot avait déjà été généré le 31/10/2025 à 09:00 : c'est le même lot, rien n'a été "
        "prélevé une seconde fois.\n"
    )
    assert again.read_bytes() == first.read_bytes()
    assert DebitBatch.objects.count() == 1


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--season", "2030-2031", "--month", "2030-10"), "Saison inconnue : 2030-2031. Saisons "
         "enregistrées : 2025-2026."),
        (("--season", "2025-2027", "--month", "2025-10"), "Saison inconnue : 2025-2027."),
        (("--season", "2025-2026", "--month", "10/2025"), "Échéance invalide : « 10/2025 » "
         "(attendu : AAAA-MM, par exemple 2025-10)."),
        (("--season", "2025-2026", "--month", "2025-08"), "La saison 2025-2026 n'a pas "
         "d'échéance « 2025-08 »."),
        (("--season", "2025-2026", "--month", "2025-09"), "Trop tard pour prélever le 3 octobre "
         "2025"),
    ],
)
def test_errors_are_french_and_exit_non_zero(world, tmp_path, args, message):
    err = run_failing("sepa", *args, "--output", str(tmp_path / "lot.xml"))
    assert err.startswith(message)
    assert not (tmp_path / "lot.xml").exists()
    assert not DebitBatch.objects.exists()


def test_a_missing_folder_is_said_before_anything_is_generated(world, tmp_path):
    err = run_failing(
        "sepa", "--season", "2025-2026", "--month", "2025-10",
        "--output", str(tmp_path / "absent" / "lot.xml"),
    )
    assert "n'existe pas : aucun lot n'a été généré" in err
    assert not DebitBatch.objects.exists()
