"""The data migrations to the one level vocabulary: content's SR/SD/CD become ACADEMY/DEPARTMENT/
DISTRICT and each row names the territories containing its own; the JO's DEPARTMENTAL/ACADEMIC
become DEPARTMENT/ACADEMY and INTERNATIONAL stays. Rows are written at the old state of the two
apps, then migrated forward."""

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from opuss.content.models import Article, Partner
from opuss.jo.models import Question
from tests.factories import AssociationFactory, UserFactory

BEFORE = [("content", "0001_initial"), ("jo", "0001_initial")]
MOMENT = dt.datetime(2025, 9, 15, 10, 0, tzinfo=dt.UTC)


@pytest.mark.django_db(transaction=True)
def test_old_levels_are_migrated_and_containers_filled():
    association = AssociationFactory()
    district, department = association.district, association.department
    academy = department.academy
    author = UserFactory()
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    old = executor.loader.project_state(BEFORE).apps
    old_article = old.get_model("content", "Article")
    made = {
        level: old_article.objects.create(
            level=level,
            title=level,
            body="Texte",
            published_at=MOMENT,
            author_id=author.pk,
            **territory,
        ).pk
        for level, territory in {
            "NATIONAL": {},
            "SR": {"academy_id": academy.pk},
            "SD": {"department_id": department.pk},
            "CD": {"district_id": district.pk},
            "AS": {"association_id": association.pk},
        }.items()
    }
    partner = old.get_model("content", "Partner").objects.create(
        name="Département", level="SD", department_id=department.pk
    )
    old_question = old.get_model("jo", "Question")
    questions = {
        level: old_question.objects.create(
            role="REFEREE", level=level, text=level, created_by_id=author.pk, updated_at=MOMENT
        ).pk
        for level in ("DEPARTMENTAL", "ACADEMIC", "INTERNATIONAL")
    }

    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes())

    def shape(pk):
        row = Article.objects.get(pk=pk)
        return (row.level, row.academy_id, row.department_id, row.district_id, row.association_id)

    assert shape(made["NATIONAL"]) == ("NATIONAL", None, None, None, None)
    assert shape(made["SR"]) == ("ACADEMY", academy.pk, None, None, None)
    assert shape(made["SD"]) == ("DEPARTMENT", academy.pk, department.pk, None, None)
    assert shape(made["CD"]) == ("DISTRICT", academy.pk, department.pk, district.pk, None)
    assert shape(made["AS"]) == ("AS", academy.pk, department.pk, district.pk, association.pk)
    partner = Partner.objects.get(pk=partner.pk)
    assert (partner.level, partner.academy_id) == ("DEPARTMENT", academy.pk)
    assert {Question.objects.get(pk=pk).level for pk in questions.values()} == {
        "DEPARTMENT",
        "ACADEMY",
        "INTERNATIONAL",
    }
