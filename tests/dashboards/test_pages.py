"""The dashboard page: scoped per level, exported, and built in a constant number of queries."""

import csv
import io
import json

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opuss.dashboards.refresh import refresh_season
from tests.dashboards.conftest import licensed, make_as
from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db
URL = "/tableau-de-bord/"


def page(client, user, query=""):
    client.force_login(user)
    return client.get(URL + query)


def test_sr_sees_his_departments_only_and_no_other_academy(client, federation):
    response = page(client, federation.sr_a)
    assert response.status_code == 200
    units = response.context["figures"].units
    assert [u.name for u in units] == ["67 – Bas-Rhin", "68 – Haut-Rhin"]
    assert page(client, federation.sr_a, "?departement=44").status_code == 404
    assert page(client, federation.sr_a, "?academie=16").status_code == 404
    assert page(client, federation.sr_a, "?departement=68").status_code == 200


def test_sd_sees_his_districts_and_404_outside_his_department(client, federation):
    response = page(client, federation.sd_68)
    assert [u.name for u in response.context["figures"].units] == ["68-Colmar", "68-Mulhouse"]
    assert page(client, federation.sd_68, f"?district={federation.d3.pk}").status_code == 404
    assert page(client, federation.sd_68, "?academie=24").status_code == 404
    assert page(client, federation.sd_68, "?as=16001").status_code == 404


def test_dn_may_look_into_any_unit(client, federation):
    response = page(client, federation.dn, "?departement=44")
    assert response.context["figures"].name == "Département 44 – Loire-Atlantique"
    assert response.context["figures"].licences == 4


def test_an_as_sees_its_own_figures_only(client, federation):
    response = page(client, federation.teacher_1, "?departement=68")
    assert response.context["figures"].name.startswith("AS 24001 – ")
    assert response.context["figures"].licences == 5
    assert page(client, federation.teacher_1, "?as=16001").status_code == 404


def test_a_figure_leads_to_the_list_behind_it(client, federation):
    body = page(client, federation.sd_68).content.decode()
    assert "/licences/?sexe=F&amp;departement=68" in body
    assert "/as/?affiliation=PENDING&amp;departement=68" in body


def test_units_table_sorts_and_exports_as_csv(client, federation):
    response = page(client, federation.sr_a, "?tableau=unites&export=csv")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0][:4] == ["Unité", "AS", "AS affiliées", "Licences"]
    assert rows[1][:4] == ["67 – Bas-Rhin", "2", "1", "2"]
    assert rows[2][3] == "6" and rows[2][7] == "3,0\u00a0%"  # 6 licences ÷ 200 declared
    body = page(client, federation.sr_a, "?tri=-licences").content.decode()
    body = body[body.index('id="unites"') :]
    assert body.index("68 – Haut-Rhin") < body.index("67 – Bas-Rhin")


def test_same_number_of_queries_with_2_or_20_as(client, federation):
    client.force_login(federation.dn)

    def count():
        client.get(URL)
        cache.clear()  # the figures computed, not those kept a minute
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL).status_code == 200
        return len(queries)

    before = count()
    for n in range(18):
        district = DistrictFactory(department=federation.dept_44, label=f"44-D{n}")
        association = make_as(federation.dept_44, district, f"16{100 + n}")
        licensed(association, federation.season)
    assert count() == before


def test_cli_prints_the_dashboards_figures_as_json(federation, capsys):
    call_command("figures", "--season", "2025-2026", "--department", "68", "--json")
    data = json.loads(capsys.readouterr().out)
    for key in ("licences", "girls", "boys", "by_category", "participation_rate", "affiliations"):
        assert key in data
    assert (data["licences"], data["girls"], data["boys"]) == (6, 4, 2)
    assert data["participation_rate"] == "3.0"
    assert data["affiliations"] == {
        "DRAFT": 0,
        "PENDING": 1,
        "RETURNED": 0,
        "AFFILIATED": 1,
        "NOT_STARTED": 0,
    }
    call_command("figures", "--season", "2025-2026", "--json")
    assert json.loads(capsys.readouterr().out)["licences"] == 12


def test_dns_national_page_is_kept_a_minute_and_anew_at_each_refresh(client, federation):
    """Above the AS the page is the last refresh's sums and a few live counts: kept a minute
    per territory (docs/rules.md « Tableaux de bord », 6), computed again after a refresh."""
    client.force_login(federation.dn)
    client.get(URL)
    with CaptureQueriesContext(connection) as kept:
        assert client.get(URL).status_code == 200
    assert not [q for q in kept if "dashboards_associationfigures" in q["sql"]]
    refresh_season(federation.season)
    with CaptureQueriesContext(connection) as computed:
        assert client.get(URL).status_code == 200
    assert [q for q in computed if "dashboards_associationfigures" in q["sql"]]
