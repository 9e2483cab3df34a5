"""The "Derniers articles" search: a level pill and the Région / Département / District selects,
read from the query string (bookmarkable), the pupil's région by default."""

import pytest

from opuss.content.selectors import (
    Criteria,
    article_condition,
    consistent,
    filter_articles,
    parse_criteria,
)
from tests.content.factories import ArticleFactory, article_for
from tests.factories import DistrictFactory


class TestParseCriteria:
    def test_without_region_it_is_the_pupils_own(self):
        assert parse_criteria({}, "24") == Criteria(academy="24")

    def test_toutes_means_every_region(self):
        assert parse_criteria({"region": "toutes"}, "24") == Criteria()

    def test_a_pupil_without_licence_sees_every_region(self):
        assert parse_criteria({}, None) == Criteria()

    def test_it_reads_every_filter(self):
        params = {"niveau": "CD", "region": "24", "departement": "68", "district": "7"}
        assert parse_criteria(params, "16") == Criteria("CD", "24", "68", 7)

    @pytest.mark.parametrize("level", ["NATIONAL", "XX", "sr", ""])
    def test_only_the_four_pills_are_levels(self, level):
        assert parse_criteria({"niveau": level}, "24").level is None

    def test_a_district_that_is_not_a_number_is_ignored(self):
        assert parse_criteria({"district": "1 OR 1=1"}, "24").district is None

    def test_its_query_string_gives_back_the_same_search(self):
        criteria = Criteria("SD", "24", "68", 3)
        assert parse_criteria(criteria.params(), None) == criteria
        assert parse_criteria(Criteria().params(), "24") == Criteria()


class TestConsistent:
    DEPARTMENTS = {"68": "24", "44": "16"}
    DISTRICTS = {3: "68", 9: "44"}

    def test_a_department_outside_the_region_is_dropped(self):
        criteria = consistent(Criteria(academy="24", department="44"), self.DEPARTMENTS, {})
        assert criteria == Criteria(academy="24")

    def test_any_department_with_every_region(self):
        criteria = consistent(Criteria(department="44"), self.DEPARTMENTS, {})
        assert criteria.department == "44"

    def test_a_district_outside_the_department_is_dropped(self):
        criteria = Criteria(academy="24", department="68", district=9)
        assert consistent(criteria, self.DEPARTMENTS, self.DISTRICTS).district is None

    def test_a_district_needs_its_department(self):
        criteria = consistent(Criteria(district=3), self.DEPARTMENTS, self.DISTRICTS)
        assert criteria.district is None

    def test_a_consistent_search_is_kept(self):
        criteria = Criteria("AS", "24", "68", 3)
        assert consistent(criteria, self.DEPARTMENTS, self.DISTRICTS) == criteria

    def test_the_condition_is_built_without_the_database(self):
        assert str(article_condition(Criteria())) == "(AND: )"


@pytest.fixture
def articles(world):
    """One article at each level around side A, one of side B, one national."""
    association = world.a.association
    department = association.department
    return {
        "sr": article_for("SR", department.academy),
        "sd": article_for("SD", department),
        "cd": article_for("CD", association.district),
        "as": article_for("AS", association),
        "other_cd": article_for("CD", DistrictFactory(department=department)),
        "sr_b": article_for("SR", world.b.association.department.academy),
        "national": ArticleFactory(),
    }


def found(articles, criteria) -> set[str]:
    from opuss.content.models import Article

    pks = set(filter_articles(Article.objects.all(), criteria).values_list("pk", flat=True))
    return {key for key, article in articles.items() if article.pk in pks}


class TestFilterArticles:
    def test_a_region_holds_its_articles_and_those_inside_it(self, articles):
        assert found(articles, Criteria(academy="24")) == {"sr", "sd", "cd", "as", "other_cd"}

    def test_a_department_holds_its_articles_and_those_of_its_districts_and_as(self, articles):
        assert found(articles, Criteria(academy="24", department="68")) == {
            "sd",
            "cd",
            "as",
            "other_cd",
        }

    def test_a_district_holds_its_articles_and_those_of_its_as(self, world, articles):
        district = world.a.association.district.pk
        criteria = Criteria(academy="24", department="68", district=district)
        assert found(articles, criteria) == {"cd", "as"}

    def test_a_level_narrows_the_territory(self, articles):
        assert found(articles, Criteria(level="CD", academy="24")) == {"cd", "other_cd"}

    def test_a_level_of_every_region(self, articles):
        assert found(articles, Criteria(level="SR")) == {"sr", "sr_b"}

    def test_national_articles_come_with_every_region_and_no_level(self, articles):
        assert found(articles, Criteria()) == set(articles)
        assert "national" not in found(articles, Criteria(academy="24"))
