"""Each level's figures equal counts made independently on the data built by the test."""

from decimal import Decimal

import pytest
from django.db.models import Sum

from opuss.affiliations.models import Affiliation
from opuss.dashboards.selectors import territory_figures
from opuss.finance.models import CHARGES, LedgerLine
from opuss.licences.models import Licence
from opuss.territories.levels import THROUGH_ASSOCIATION, Territory

pytestmark = pytest.mark.django_db


def units_of(federation):
    f = federation
    return {
        "national": Territory.national(),
        "academy": Territory.of(f.academy_a),
        "department": Territory.of(f.dept_68),
        "district": Territory.of(f.d1),
        "as": Territory.of(f.as1),
    }


def independent(territory, season):
    """The same figures counted the plain way, one filter at a time."""
    where = territory.condition(THROUGH_ASSOCIATION)
    licences = Licence.objects.filter(where, season=season)
    affiliated = Affiliation.objects.filter(where, season=season, state="AFFILIATED")
    enrolment = sum(a.girls + a.boys for a in affiliated)
    categories = sorted(set(licences.values_list("category", flat=True)))
    return {
        "licences": licences.count(),
        "girls": licences.filter(pupil__sex="F").count(),
        "boys": licences.filter(pupil__sex="M").count(),
        "sport_partage": licences.filter(sport_partage=True).count(),
        "handicap": licences.filter(pupil__handicap=True).count(),
        "answered": licences.filter(guardian_responses__isnull=False).distinct().count(),
        "enrolment": enrolment,
        "by_category": [
            (
                c,
                licences.filter(category=c, pupil__sex="F").count(),
                licences.filter(category=c, pupil__sex="M").count(),
            )
            for c in categories
        ],
        "affiliated": affiliated.count(),
        "pending": Affiliation.objects.filter(where, season=season, state="PENDING").count(),
        "invoiced": LedgerLine.objects.filter(where, season=season, kind__in=CHARGES).aggregate(
            s=Sum("amount")
        )["s"]
        or Decimal("0.00"),
    }


@pytest.mark.parametrize("level", ["national", "academy", "department", "district", "as"])
def test_each_level_figures_equal_independent_counts(federation, level):
    territory = units_of(federation)[level]
    figures = territory_figures(territory, federation.season)
    expected = independent(territory, federation.season)
    assert figures.licences == expected["licences"] > 0
    assert (figures.girls, figures.boys) == (expected["girls"], expected["boys"])
    assert figures.sport_partage == expected["sport_partage"]
    assert figures.handicap == expected["handicap"]
    assert figures.guardians_answered == expected["answered"]
    assert figures.enrolment == expected["enrolment"]
    assert [(r.category, r.girls, r.boys) for r in figures.by_category] == expected["by_category"]
    states = {row.key: row.count for row in figures.affiliations}
    assert states["AFFILIATED"] == expected["affiliated"]
    assert states["PENDING"] == expected["pending"]
    assert figures.money.invoiced == expected["invoiced"]


def test_national_figures_read_as_a_person_would(federation):
    figures = territory_figures(Territory.national(), federation.season)
    # 12 licences: 8 girls, 4 boys; enrolment of the affiliated AS: 200 + 100 + 400.
    assert (figures.licences, figures.girls, figures.boys) == (12, 8, 4)
    assert figures.girls_share == Decimal("66.7")
    assert figures.enrolment == 700
    assert figures.participation_rate == Decimal("1.7")
    assert figures.guardian_answer_rate == Decimal("8.3")
    assert {r.key: r.count for r in figures.affiliations} == {
        "DRAFT": 0,
        "PENDING": 1,
        "RETURNED": 0,
        "AFFILIATED": 3,
        "NOT_STARTED": 1,
    }
    assert {r.key: r.count for r in figures.jo_by_level}["DISTRICT"] == 2
    # Charged 350.50, paid 290.50: 60 € left, none waiting for a run, so in debt.
    assert figures.money.invoiced == Decimal("350.50")
    assert figures.money.collected == Decimal("290.50")
    assert figures.money.debt == Decimal("60.00")


def test_previous_season_counts_licences_taken_up_to_the_same_day(federation):
    """On 6 October 2025, 2024-2025 is read on 6 October 2024: two of its three licences."""
    figures = territory_figures(Territory.of(federation.as1), federation.season)
    assert figures.previous.label == "2024-2025"
    assert figures.previous.day.isoformat() == "2024-10-06"
    assert (figures.previous.licences, figures.previous.girls, figures.previous.boys) == (2, 1, 1)
    assert figures.change.difference == 3
    assert figures.change.percent == Decimal("150.0")


def test_units_below_each_level_add_up_to_it(federation):
    f = federation
    national = territory_figures(Territory.national(), f.season)
    assert [u.name for u in national.units] == ["Nantes", "Strasbourg"]
    assert sum(u.licences for u in national.units) == national.licences
    academy = territory_figures(Territory.of(f.academy_a), f.season)
    assert {u.name: u.licences for u in academy.units} == {
        "67 – Bas-Rhin": 2,
        "68 – Haut-Rhin": 6,
    }
    department = territory_figures(Territory.of(f.dept_68), f.season)
    assert {u.name: (u.licences, u.previous_licences) for u in department.units} == {
        "68-Colmar": (5, 2),
        "68-Mulhouse": (1, 0),
    }
    district = territory_figures(Territory.of(f.d1), f.season)
    assert [u.param for u in district.units] == [("as", "24001")]
    assert territory_figures(Territory.of(f.as1), f.season).units == []
