"""The summary rows the dashboards read above the AS: refreshed by the periodic task, in the same
number of queries whatever the number of AS, and shown with the time they were computed."""

import json
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opuss.core.periodic import JOBS
from opuss.dashboards.refresh import refresh_season
from opuss.dashboards.selectors import territory_figures
from opuss.dashboards.tasks import refresh_current_figures
from opuss.finance.models import LedgerLine
from opuss.guardians.models import GuardianRequest
from opuss.territories.levels import Territory
from tests.dashboards.conftest import at, licensed, make_as
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db


def national(federation):
    return territory_figures(Territory.national(), federation.season)


def test_a_new_licence_counts_nationally_after_the_next_refresh(federation):
    before = national(federation)
    licensed(federation.as3, federation.season, category="Minime")

    stale = national(federation)
    assert (stale.licences, stale.girls) == (before.licences, before.girls)
    # The AS's own dashboard is counted live.
    assert territory_figures(Territory.of(federation.as3), federation.season).licences == 3

    assert refresh_current_figures.call() == 1
    fresh = national(federation)
    assert (fresh.licences, fresh.girls, fresh.boys) == (before.licences + 1, before.girls + 1, 4)
    assert ("Minime", 1, 0) in [(r.category, r.girls, r.boys) for r in fresh.by_category]
    academy_a = next(u for u in fresh.units if u.name == "Strasbourg")
    assert academy_a.licences == 9


def test_a_new_charge_counts_nationally_after_the_next_refresh(federation):
    before = national(federation).money.invoiced
    LedgerLine.objects.create(
        association=federation.as3,
        season=federation.season,
        kind="AFFILIATION",
        label="Affiliation",
        amount=Decimal("30.00"),
    )
    assert national(federation).money.invoiced == before
    refresh_season(federation.season)
    fresh = national(federation)
    assert fresh.money.invoiced == before + Decimal("30.00")
    bas_rhin = territory_figures(Territory.of(federation.dept_67), federation.season)
    assert bas_rhin.money.invoiced == Decimal("30.00")


def test_previous_season_at_the_same_date_comes_from_the_summary(federation):
    figures = territory_figures(Territory.of(federation.dept_68), federation.season)
    # as1's previous season: two licences up to 6 October 2024, one after.
    assert figures.previous is not None
    assert (figures.previous.licences, figures.previous.girls, figures.previous.boys) == (2, 1, 1)
    colmar = next(u for u in figures.units if u.name == "68-Colmar")
    assert (colmar.licences, colmar.previous_licences) == (5, 2)


def test_refresh_queries_do_not_grow_with_the_number_of_as(federation):
    def count():
        with CaptureQueriesContext(connection) as queries:
            refresh_season(federation.season)
        return len(queries)

    before = count()
    for n in range(10):
        district = DistrictFactory(department=federation.dept_44, label=f"44-D{n}")
        association = make_as(federation.dept_44, district, f"16{100 + n}")
        licensed(association, federation.season)
    assert count() == before
    assert national(federation).licences == 22


def test_the_page_says_when_the_figures_were_computed(client, federation):
    client.force_login(federation.dn)
    response = client.get("/tableau-de-bord/")
    assert "chiffres au 06/10/2025 à 10:00" in response.content.decode()


def test_the_cli_refreshes_on_request(federation, capsys):
    licensed(federation.asb, federation.season)
    call_command("figures", "--season", "2025-2026", "--json")
    assert json.loads(capsys.readouterr().out)["licences"] == 12
    call_command("figures", "--season", "2025-2026", "--json", "--refresh")
    data = json.loads(capsys.readouterr().out)
    assert data["licences"] == 13
    assert data["refreshed_at"].startswith("2025-10-06T")


def test_the_refresh_is_a_periodic_job():
    job = next(job for job in JOBS if job.name == "figures")
    assert job.task == "opuss.dashboards.tasks.refresh_current_figures"
    assert str(job.schedule) == "toutes les 15 minutes"


def test_the_services_home_reads_its_licence_counts_from_the_summary(client, federation):
    client.force_login(federation.dn)
    page = client.get("/services/").content.decode()
    assert "Chiffres au 06/10/2025 à 10:00" in page
    assert "lien envoyé à un responsable légal sans réponse" not in page
    licence = licensed(federation.as2, federation.season)
    GuardianRequest.objects.create(
        licence=licence, email="p@example.fr", created_at=at(2025, 10, 1)
    )
    assert (
        "lien envoyé à un responsable légal sans réponse"
        not in client.get("/services/").content.decode()
    )
    refresh_season(federation.season)
    response = client.get("/services/")
    assert response.context["licence_count"] == 13
    assert "1 lien envoyé à un responsable légal sans réponse" in response.content.decode()
