"""The lists' queryset says what the rule says."""

import itertools

import pytest

from opuss.competitions import eligibility
from opuss.competitions.models import Competition
from opuss.competitions.selectors import candidate
from tests.competitions.factories import NOW, at, competition
from tests.factories import AssociationFactory, DistrictFactory, LicenceFactory

pytestmark = pytest.mark.django_db


def test_open_to_lists_exactly_the_competitions_the_rule_allows(world):
    association = world.a.association
    department = association.department
    academy = department.academy
    other_department = world.b.association.department
    places = [
        None,
        academy,
        department,
        association.district,
        other_department,
        world.b.association.department.academy,
        DistrictFactory(department=department),
    ]
    categories = [("Cadet",), ("Junior", "Senior"), ("Minime", "Cadet")]
    sexes = ["F", "M", "X"]
    deadlines = [at(2025, 10, 6, 9, 59), at(2025, 10, 6, 10, 0), at(2025, 11, 1)]
    for where, cats, sex, deadline in itertools.product(places, categories, sexes, deadlines):
        competition(where, categories=cats, sex=sex, deadline=deadline)
    licence = world.a.licence  # a Cadet girl of side A
    listed = set(Competition.objects.open_to(licence, NOW).values_list("pk", flat=True))
    facts = candidate(licence)
    allowed = {
        c.pk
        for c in Competition.objects.prefetch_related("categories").select_related(
            "season", "district", "department", "academy"
        )
        if eligibility.judge(facts, c.terms(), NOW).eligible
    }
    assert listed == allowed
    # Open to her: national, académie, department and district ones, for Cadets, girls or
    # mixed, deadline not passed (2 of 3): 4 × 2 × 2 × 2.
    assert len(listed) == 32


def test_a_pupil_of_another_district_of_the_department_does_not_see_a_district_competition(world):
    district_race = competition(world.a.association.district)
    neighbour = AssociationFactory(
        establishment__department=world.a.association.department, code="24999"
    )
    other = LicenceFactory(association=neighbour, season=world.season)
    assert list(Competition.objects.open_to(world.a.licence, NOW)) == [district_race]
    assert not Competition.objects.open_to(other, NOW).exists()
