"""`opuss season open 2026-2027`: what carries over to the next season and what does not, and
the refusals (issue #15, « La saison suivante »)."""

from io import StringIO

import pytest
from django.core.management import call_command

from opuss.accounts.enums import Role
from opuss.affiliations import selectors as affiliation_selectors
from opuss.affiliations.models import Affiliation
from opuss.affiliations.services import affiliation_open_for
from opuss.core.models import AuditEntry
from opuss.finance.models import BankAccount
from opuss.licences.models import Licence
from opuss.licences.services import former_licensees
from opuss.rules.enums import ContractType
from opuss.rules.season import SEASONS_DIR_ENV, forget_season_files
from opuss.seasons.models import Season
from tests.factories import (
    AffiliationFactory,
    AssociationFactory,
    BankAccountFactory,
    LicenceFactory,
    SeasonFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


def open_season(label: str) -> str:
    out = StringIO()
    call_command("season", "open", label, stdout=out, stderr=StringIO())
    return out.getvalue()


def refused(label: str) -> str:
    err = StringIO()
    with pytest.raises(SystemExit) as exit_info:
        call_command("season", "open", label, stdout=StringIO(), stderr=err)
    assert exit_info.value.code == 2
    return err.getvalue()


@pytest.fixture
def last_season():
    """2025-2026, current: a personalised AS with its mandate and two licensees (one a JO), and
    an accompanied AS."""
    season = SeasonFactory(start_year=2025, is_current=True)
    personalised = AssociationFactory()
    accompanied = AssociationFactory()
    sr = user_with_role(Role.SR, academy=personalised.department.academy)
    BankAccountFactory(association=personalised, created_by=sr, rum="UNSS-24001-0001")
    for association, contract in ((personalised, "personalised"), (accompanied, "accompanied")):
        AffiliationFactory(
            association=association,
            season=season,
            state="AFFILIATED",
            affiliated_at="2025-09-20T10:00:00+02:00",
            contract_type=contract,
            fee_affiliation=100,
            fee_contract=0,
            people=False,
        )
    officiel = LicenceFactory(association=personalised, season=season)
    officiel.pupil.jo_number = "1529567"
    officiel.pupil.save(update_fields=["jo_number"])
    LicenceFactory(association=personalised, season=season)
    return season, personalised, accompanied


def test_opening_makes_the_next_season_the_current_one(next_season_file, last_season) -> None:
    out = open_season("2026-2027")

    assert Season.objects.current().label == "2026-2027"
    assert list(Season.objects.filter(is_current=True)) == [Season.objects.current()]
    assert "Saison 2026-2027 ouverte (la saison 2025-2026 est close)." in out


def test_opening_reports_what_carries_over(next_season_file, last_season) -> None:
    out = open_season("2026-2027")

    assert "AS reconduites : 2" in out
    assert "AS avec coordonnées bancaires et mandat reconduits : 1" in out
    assert "personnalisé pour 1 AS, accompagné pour 1 AS" in out
    assert "Licenciés de 2025-2026 proposés au renouvellement : 2" in out
    assert "Numéros de Jeune Officiel conservés : 1" in out
    assert "Affiliations créées : 0" in out
    assert "Licences créées : 0" in out


def test_affiliations_and_licences_do_not_carry_over(next_season_file, last_season) -> None:
    open_season("2026-2027")
    new = Season.objects.current()

    assert not Affiliation.objects.filter(season=new).exists()
    assert not Licence.objects.filter(season=new).exists()
    assert Affiliation.objects.filter(season__start_year=2025).count() == 2


def test_mandates_jo_numbers_and_renewals_carry_over(next_season_file, last_season) -> None:
    _, personalised, _ = last_season
    open_season("2026-2027")
    new = Season.objects.current()

    assert BankAccount.objects.current_for(personalised).rum == "UNSS-24001-0001"
    assert set(former_licensees(personalised, new)) == {
        licence.pupil for licence in Licence.objects.filter(association=personalised)
    }
    assert {p.jo_number for p in former_licensees(personalised, new)} == {"1529567", ""}


def test_the_contract_defaults_to_last_seasons(next_season_file, last_season, settings) -> None:
    _, personalised, accompanied = last_season
    open_season("2026-2027")
    new = Season.objects.current()
    settings.OPUSS_NOW = "2026-09-15T10:00:00"  # inside 2026-2027's affiliation period
    teacher = user_with_role(Role.AS_SECRETARY, association=personalised)

    form = affiliation_open_for(association=personalised, season=new, actor=teacher)
    assert form.contract_type == ContractType.PERSONALISED
    assert affiliation_selectors.offered_contracts(form) == [ContractType.PERSONALISED]
    other = affiliation_open_for(association=accompanied, season=new, actor=teacher)
    assert other.contract_type == ContractType.ACCOMPANIED


def test_opening_is_audited(next_season_file, last_season) -> None:
    open_season("2026-2027")

    entry = AuditEntry.objects.get(action="saison ouverte")
    assert entry.object_repr == "2026-2027"
    assert entry.before["saison en cours"] == "2025-2026"
    assert entry.after["saison en cours"] == "2026-2027"
    assert entry.after["licenciés proposés au renouvellement"] == 2


def test_a_second_opening_changes_nothing(next_season_file, last_season) -> None:
    open_season("2026-2027")
    out = open_season("2026-2027")

    assert out.strip() == "La saison 2026-2027 est déjà ouverte : rien n'a été modifié."
    assert AuditEntry.objects.filter(action="saison ouverte").count() == 1
    assert Season.objects.current().label == "2026-2027"


def test_a_season_without_its_rules_file_is_refused(last_season) -> None:
    message = refused("2026-2027")

    assert "La saison 2026-2027 ne peut pas être ouverte : Saison inconnue : 2026-2027." in message
    assert "opuss/rules/seasons/2026-2027.toml" in message
    assert Season.objects.current().label == "2025-2026"


def test_an_invalid_rules_file_is_refused(last_season, tmp_path, monkeypatch) -> None:
    (tmp_path / "2026-2027.toml").write_text('timezone = "Europe/Paris"\n', encoding="utf-8")
    monkeypatch.setenv(SEASONS_DIR_ENV, str(tmp_path))
    forget_season_files()
    try:
        message = refused("2026-2027")
    finally:
        monkeypatch.delenv(SEASONS_DIR_ENV)
        forget_season_files()

    assert "Fichier de saison 2026-2027.toml [starts] : valeur manquante." in message
    assert Season.objects.current().label == "2025-2026"


def test_a_season_that_does_not_follow_the_current_one_is_refused(next_season_file) -> None:
    SeasonFactory(start_year=2024, is_current=True)

    message = refused("2026-2027")

    assert message.strip() == (
        "La saison 2026-2027 ne suit pas la saison en cours (2024-2025) : seule la saison "
        "2025-2026 peut être ouverte."
    )
    assert Season.objects.current().label == "2024-2025"
    assert not AuditEntry.objects.filter(action="saison ouverte").exists()


def test_an_earlier_season_is_refused(last_season) -> None:
    assert "ne suit pas la saison en cours (2025-2026)" in refused("2011-2012")


def test_a_label_that_is_not_a_season_is_refused(last_season) -> None:
    assert "« 2026 » n'est pas une saison" in refused("2026")
