"""The services organise competitions in their territory, change them (audited), and record who
took part from the day of the competition."""

import datetime as dt
import html

import pytest
from django.urls import reverse

from opuss.competitions import services
from opuss.competitions.enums import CompetitionKind
from opuss.competitions.models import Competition, Entry
from opuss.core.models import AuditEntry
from opuss.sport.models import Activity
from opuss.territories.levels import TerritoryLevel
from tests.competitions.factories import PRESENT, at, competition, entry, team
from tests.factories import LicenceFactory

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def form_data(**changes) -> dict:
    data = {
        "name": "Cross départemental",
        "activity": Activity.objects.get(name="Cross country").pk,
        "categories": ["Cadet", "Junior"],
        "sex": "X",
        "level": TerritoryLevel.DEPARTMENT,
        "date": "2025-11-19",
        "place": "Parc des sports, Mulhouse",
        "entry_deadline": "2025-11-12T18:00",
        "kind": CompetitionKind.INDIVIDUAL,
        "team_min": "",
        "team_max": "",
    }
    return {k: v for k, v in (data | changes).items() if v is not None}


def test_the_sd_organises_a_departmental_competition_of_his_department(client, world):
    client.force_login(world.a.sd)
    department = world.a.association.department
    response = client.post(reverse("competitions:create"), form_data(department=department.pk))
    made = Competition.objects.get()
    assert response.status_code == 302
    assert (made.level, made.department, made.academy) == (
        TerritoryLevel.DEPARTMENT,
        department,
        department.academy,
    )
    assert made.category_labels == ["Cadet", "Junior"]
    assert made.season == world.season
    assert made.created_by == world.a.sd
    assert AuditEntry.objects.filter(action="compétition créée").exists()


def test_a_district_competition_names_its_department_and_academie(client, world):
    client.force_login(world.a.sd)
    district = world.a.association.district
    client.post(
        reverse("competitions:create"),
        form_data(level=TerritoryLevel.DISTRICT, district=district.pk),
    )
    made = Competition.objects.get()
    assert (made.district, made.department, made.academy) == (
        district,
        district.department,
        district.department.academy,
    )


def test_the_sd_may_not_organise_an_academique_or_national_competition(client, world):
    client.force_login(world.a.sd)
    for level in (TerritoryLevel.ACADEMY, TerritoryLevel.NATIONAL):
        response = client.post(
            reverse("competitions:create"),
            form_data(level=level, academy=world.a.association.department.academy_id),
        )
        assert response.status_code == 200
        assert "Sélectionnez un choix valide" in text(response)
    assert not Competition.objects.exists()


def test_the_sd_may_not_organise_in_another_department(world):
    values = {
        "name": "Cross",
        "activity": Activity.objects.first(),
        "categories": ["Cadet"],
        "sex": "X",
        "level": TerritoryLevel.DEPARTMENT,
        "department": world.b.association.department,
        "date": dt.date(2025, 11, 19),
        "place": "Nantes",
        "entry_deadline": at(2025, 11, 1),
        "kind": CompetitionKind.INDIVIDUAL,
    }
    with pytest.raises(services.CompetitionError, match="ne pouvez pas organiser"):
        services.competition_create(actor=world.a.sd, values=values)


def test_the_sr_organises_for_his_academie_and_dn_a_national_one(client, world):
    client.force_login(world.a.sr)
    academy = world.a.association.department.academy
    client.post(
        reverse("competitions:create"),
        form_data(level=TerritoryLevel.ACADEMY, academy=academy.pk),
    )
    client.force_login(world.dn)
    client.post(reverse("competitions:create"), form_data(level=TerritoryLevel.NATIONAL))
    assert sorted(Competition.objects.values_list("level", flat=True)) == [
        TerritoryLevel.ACADEMY,
        TerritoryLevel.NATIONAL,
    ]


def test_the_deadline_must_come_before_the_competition_day(client, world):
    client.force_login(world.a.sd)
    response = client.post(
        reverse("competitions:create"),
        form_data(department=world.a.association.department.pk, entry_deadline="2025-11-19T08:00"),
    )
    assert "La date limite d'inscription doit précéder le jour de la compétition." in text(response)
    # What was typed is kept.
    assert 'value="Parc des sports, Mulhouse"' in text(response)
    assert not Competition.objects.exists()


def test_a_level_without_its_territory_is_refused(client, world):
    client.force_login(world.a.sd)
    response = client.post(reverse("competitions:create"), form_data(level="DISTRICT"))
    assert "Choisissez le district." in text(response)


def test_an_edit_is_audited_with_before_and_after(client, world):
    made = competition(world.a.association.department, created_by=world.a.sd)
    client.force_login(world.a.sr)
    response = client.post(
        reverse("competitions:edit", args=[made.pk]),
        form_data(department=made.department.pk, place="Stade de l'Ill, Mulhouse"),
    )
    assert response.status_code == 302
    audit = AuditEntry.objects.get(action="compétition modifiée")
    assert audit.before["lieu"] == "Stade de l'Ill"
    assert audit.after["lieu"] == "Stade de l'Ill, Mulhouse"
    assert audit.actor == world.a.sr
    page = client.get(reverse("competitions:edit", args=[made.pk]))
    assert "Stade de l'Ill, Mulhouse" in text(page)


def test_once_pupils_are_entered_the_level_no_longer_changes(client, world):
    made = competition(world.a.association.department)
    entry(made, world.a.licence)
    client.force_login(world.a.sr)
    response = client.post(
        reverse("competitions:edit", args=[made.pk]),
        form_data(level="ACADEMY", academy=made.academy_id),
    )
    assert "Des élèves sont déjà inscrits" in text(response)
    made.refresh_from_db()
    assert made.level == TerritoryLevel.DEPARTMENT


def test_the_list_shows_the_services_own_competitions_and_filters_them(client, world):
    competition(world.a.association.department, name="Cross du Haut-Rhin")
    competition(world.a.association.department.academy, name="Volley académique")
    competition(world.b.association.department, name="Cross de Loire-Atlantique")
    competition(None, name="France UNSS")
    client.force_login(world.a.sd)
    page = text(client.get(reverse("competitions:manage")))
    assert "Cross du Haut-Rhin" in page
    assert "Volley académique" not in page and "Loire-Atlantique" not in page
    client.force_login(world.a.sr)
    page = text(client.get(reverse("competitions:manage"), {"niveau": "ACADEMY"}))
    assert "Volley académique" in page and "Cross du Haut-Rhin" not in page
    client.force_login(world.dn)
    page = text(client.get(reverse("competitions:manage"), {"etat": "OPEN"}))
    assert "France UNSS" in page and "Loire-Atlantique" in page
    export = client.get(reverse("competitions:manage"), {"export": "csv"})
    assert "France UNSS" in export.getvalue().decode()


def test_participation_is_recorded_from_the_competition_day(client, world, settings):
    made = competition(world.a.association.department)
    thomas = entry(made, world.a.licence)
    other = entry(made, LicenceFactory(association=world.a.association, season=world.season))
    url = reverse("competitions:record", args=[made.pk])
    data = {
        f"attendance-{thomas.pk}": "PRESENT",
        f"rank-{thomas.pk}": "3",
        f"attendance-{other.pk}": "ABSENT",
        f"rank-{other.pk}": "",
    }
    client.force_login(world.a.sd)
    before = client.get(url)
    assert "La participation se saisit à partir du jour de la compétition" in text(before)
    client.post(url, data)
    assert not Entry.objects.exclude(attendance="").exists()
    settings.OPUSS_NOW = "2025-11-19T17:00:00+01:00"
    response = client.post(url, data)
    assert response.status_code == 302
    thomas.refresh_from_db()
    other.refresh_from_db()
    assert (thomas.attendance, thomas.rank, thomas.recorded_by) == ("PRESENT", 3, world.a.sd)
    assert (other.attendance, other.rank) == ("ABSENT", None)
    assert AuditEntry.objects.filter(action="participation saisie").count() == 2


def test_a_rank_is_refused_to_an_absent_pupil(client, world, settings):
    settings.OPUSS_NOW = "2025-11-20T09:00:00+01:00"
    made = competition(world.a.association.department)
    absent = entry(made, world.a.licence)
    client.force_login(world.a.sd)
    response = client.post(
        reverse("competitions:record", args=[made.pk]),
        {f"attendance-{absent.pk}": "ABSENT", f"rank-{absent.pk}": "2"},
    )
    assert "Un classement ne se donne qu'à un participant." in text(response)
    absent.refresh_from_db()
    assert absent.attendance == ""


def test_a_teams_result_is_its_members(client, world, settings):
    settings.OPUSS_NOW = "2025-11-20T09:00:00+01:00"
    made = competition(world.a.association.department, kind=CompetitionKind.TEAM)
    mate = LicenceFactory(association=world.a.association, season=world.season)
    squad = team(made, world.a.association, members=[world.a.licence, mate])
    client.force_login(world.a.sd)
    client.post(
        reverse("competitions:record", args=[made.pk]),
        {f"attendance-{squad.pk}": "PRESENT", f"rank-{squad.pk}": "1"},
    )
    assert set(Entry.objects.values_list("attendance", "rank")) == {(PRESENT, 1)}
    # One audit entry, the team's.
    assert AuditEntry.objects.filter(action="participation saisie").count() == 1


def test_the_detail_shows_the_entries_to_its_organisers(client, world):
    made = competition(world.a.association.department, name="Cross du Haut-Rhin")
    entry(made, world.a.licence)
    client.force_login(world.a.sd)
    page = text(client.get(reverse("competitions:detail", args=[made.pk])))
    assert str(world.a.licence.pupil) in page
    assert world.a.licence.number in page


def test_the_categories_offered_are_the_season_files():
    from opuss.competitions.selectors import category_labels
    from opuss.seasons.models import Season

    labels = ["Poussin", "Benjamin", "Minime", "Cadet", "Junior", "Senior"]
    assert category_labels(Season(start_year=2025)) == labels
    # A season without a file (the demo's previous one) uses the latest file.
    assert category_labels(Season(start_year=2024)) == labels
