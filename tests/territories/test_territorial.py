"""One territory model (opuss.territories.territorial), told with articles, which allow every
level: two AS in one district of académie A, one AS of académie B, and an article at each level
of each. `within` a territory finds the rows lying in it; `reaching` an AS finds the rows whose
territory holds it; the database refuses a row whose foreign keys do not fit its level."""

from dataclasses import dataclass

import pytest
from django.db import IntegrityError, transaction

from opuss.competitions import eligibility
from opuss.competitions.models import Competition
from opuss.content.models import Article, Partner
from opuss.jo.enums import JoLevel
from opuss.territories.levels import LEVELS, Territory, TerritoryLevel
from opuss.territories.territorial import container_ids
from tests.competitions.factories import competition
from tests.content.factories import ArticleFactory
from tests.factories import AssociationFactory, DistrictFactory

pytestmark = pytest.mark.django_db

NATIONAL, ACADEMY, DEPARTMENT, DISTRICT, AS = LEVELS


@dataclass
class Map:
    a: object  # an AS of académie A
    a2: object  # another AS of the same district
    b: object  # an AS of académie B
    rows: dict[str, Article]  # "national", "a:ACADEMY", ..., "a2:AS", "b:DISTRICT", ...


def place(level, association) -> dict:
    """The article's territory at `level`, named by its own object only."""
    district = association.district
    return {
        ACADEMY: {"academy": district.department.academy},
        DEPARTMENT: {"department": district.department},
        DISTRICT: {"district": district},
        AS: {"association": association},
    }[level]


@pytest.fixture
def world_map() -> Map:
    a = AssociationFactory()
    a2 = AssociationFactory(
        establishment__department=a.department, district=a.district, department=a.department
    )
    b = AssociationFactory()
    rows = {"national": ArticleFactory(level=NATIONAL)}
    for name, association in (("a", a), ("b", b)):
        for level in (ACADEMY, DEPARTMENT, DISTRICT, AS):
            rows[f"{name}:{level}"] = ArticleFactory(level=level, **place(level, association))
    rows[f"a2:{AS}"] = ArticleFactory(level=AS, association=a2)
    return Map(a, a2, b, rows)


def names(world_map: Map, queryset) -> set[str]:
    pks = set(queryset.values_list("pk", flat=True))
    return {name for name, row in world_map.rows.items() if row.pk in pks}


def test_a_row_names_the_territories_containing_its_own(world_map):
    row = world_map.rows[f"a:{AS}"]
    a = world_map.a
    assert (row.association, row.district, row.department, row.academy) == (
        a,
        a.district,
        a.department,
        a.department.academy,
    )
    department_row = world_map.rows[f"a:{DEPARTMENT}"]
    assert (department_row.district, department_row.academy) == (None, a.department.academy)


def test_national_holds_every_row(world_map):
    assert names(world_map, Article.objects.within(Territory.national())) == set(world_map.rows)


def test_an_academie_holds_its_rows_and_those_inside_it(world_map):
    academy = Territory.of(world_map.a.department.academy)
    assert names(world_map, Article.objects.within(academy)) == {
        "a:ACADEMY",
        "a:DEPARTMENT",
        "a:DISTRICT",
        "a:AS",
        "a2:AS",
    }


def test_a_department_holds_its_rows_and_those_of_its_districts_and_as(world_map):
    department = Territory.of(world_map.a.department)
    assert names(world_map, Article.objects.within(department)) == {
        "a:DEPARTMENT",
        "a:DISTRICT",
        "a:AS",
        "a2:AS",
    }


def test_a_district_holds_its_rows_and_those_of_its_as(world_map):
    district = Territory.of(world_map.a.district)
    assert names(world_map, Article.objects.within(district)) == {"a:DISTRICT", "a:AS", "a2:AS"}


def test_an_as_holds_its_own_rows_only(world_map):
    assert names(world_map, Article.objects.within(Territory.of(world_map.a2))) == {"a2:AS"}


def test_within_any_is_the_union(world_map):
    territories = [Territory.of(world_map.a2), Territory.of(world_map.b.district)]
    assert names(world_map, Article.objects.within_any(territories)) == {
        "a2:AS",
        "b:DISTRICT",
        "b:AS",
    }
    assert not Article.objects.within_any([]).exists()


def test_what_reaches_an_as_is_its_chain_up_to_national(world_map):
    assert names(world_map, Article.objects.reaching(world_map.a)) == {
        "national",
        "a:ACADEMY",
        "a:DEPARTMENT",
        "a:DISTRICT",
        "a:AS",
    }
    # Its neighbour in the district shares all but the AS's own.
    assert names(world_map, Article.objects.reaching(world_map.a2)) == {
        "national",
        "a:ACADEMY",
        "a:DEPARTMENT",
        "a:DISTRICT",
        "a2:AS",
    }


def test_the_territory_of_a_row_is_its_level_and_object(world_map):
    assert world_map.rows["national"].territory == Territory.national()
    row = world_map.rows[f"b:{DISTRICT}"]
    assert row.territory == Territory(DISTRICT, world_map.b.district_id)
    assert row.territory_object == world_map.b.district


def test_labels_and_phrases_name_the_territory(world_map):
    district = world_map.a.district
    row = world_map.rows[f"a:{DISTRICT}"]
    assert row.territory_label == f"District {district.label}"
    assert row.territory_phrase == f"du district {district.label}"
    academy_row = world_map.rows[f"a:{ACADEMY}"]
    assert academy_row.territory_label == f"Académie de {district.department.academy.name}"
    assert Territory.of(district.department).phrase() == f"du département {district.department}"
    assert world_map.rows["national"].territory_label == "National"


def test_moving_a_row_to_another_level_refills_its_containers(world_map):
    row = world_map.rows[f"a:{AS}"]
    row.place(DEPARTMENT, world_map.b.department)
    row.save()
    row.refresh_from_db()
    assert (row.level, row.association, row.district) == (DEPARTMENT, None, None)
    assert (row.department, row.academy) == (world_map.b.department, world_map.b.department.academy)


def test_container_ids_need_one_query_below_the_academie(django_assert_num_queries):
    district = DistrictFactory()
    with django_assert_num_queries(1):
        ids = container_ids(DISTRICT, district.pk)
    assert ids == {
        "academy": district.department.academy_id,
        "department": district.department_id,
        "district": district.pk,
        "association": None,
    }


class TestTheDatabaseRefusesAWrongShape:
    def test_a_department_row_naming_a_district(self, world_map):
        row = world_map.rows[f"a:{DEPARTMENT}"]
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=row.pk).update(district=world_map.a.district)

    def test_a_row_without_its_containers(self, world_map):
        row = world_map.rows[f"a:{AS}"]
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=row.pk).update(academy=None)

    def test_a_national_row_naming_a_territory(self, world_map):
        row = world_map.rows["national"]
        with pytest.raises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=row.pk).update(academy=world_map.a.department.academy)

    def test_a_level_the_model_does_not_allow(self, world_map):
        # Partners have no district level; competitions no AS level.
        with pytest.raises(IntegrityError), transaction.atomic():
            Partner.objects.create(name="Club", level=DISTRICT, district=world_map.a.district)
        made = competition(world_map.a.district)
        with pytest.raises(IntegrityError), transaction.atomic():
            Competition.objects.filter(pk=made.pk).update(level=AS, association=world_map.a)


def test_competitions_reaching_an_as_use_the_same_rule(world_map):
    mine = competition(world_map.a.district)
    theirs = competition(world_map.b.department)
    national = competition(None)
    found = set(Competition.objects.reaching(world_map.a2))
    assert {mine, national} <= found
    assert theirs not in found
    assert mine.territory_phrase == f"du district {world_map.a.district.label}"


def test_jo_levels_are_the_territory_levels_and_international():
    """The AS is no certification level; INTERNATIONAL is beyond any territory."""
    assert JoLevel.values == [
        TerritoryLevel.DISTRICT,
        TerritoryLevel.DEPARTMENT,
        TerritoryLevel.ACADEMY,
        TerritoryLevel.NATIONAL,
        "INTERNATIONAL",
    ]
    assert JoLevel.ACADEMY.label == TerritoryLevel.ACADEMY.label


def test_the_pure_eligibility_rule_speaks_the_same_levels():
    """opuss.competitions.eligibility has no Django import: its level constants are copies."""
    assert (eligibility.DISTRICT, eligibility.DEPARTMENT, eligibility.ACADEMY) == (
        TerritoryLevel.DISTRICT,
        TerritoryLevel.DEPARTMENT,
        TerritoryLevel.ACADEMY,
    )
