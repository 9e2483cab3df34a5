"""Nothing about a pupil escapes the export or the anonymisation: every relation to a pupil, his
licences or his account is exported or excluded with a reason, and every column of the tables
that hold his identity is either erased or kept with a reason. A new model or column fails
here until someone decides."""

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model

from opuss.licences.models import BasketLine, Licence, Pupil
from opuss.privacy import anonymisation
from opuss.privacy.selectors import COVERED, NOT_EXPORTED, pupil_data

ABOUT_HIM = {Pupil, Licence, get_user_model()}


def relations_to_the_pupil() -> set[tuple[str, str]]:
    return {
        (model._meta.label, field.name)
        for model in apps.get_models()
        for field in model._meta.get_fields()
        if field.is_relation
        and not field.auto_created
        and field.concrete
        and field.related_model in ABOUT_HIM
    }


def test_every_relation_to_a_pupil_is_exported_or_excluded_with_a_reason():
    undecided = relations_to_the_pupil() - set(COVERED) - set(NOT_EXPORTED)
    assert not undecided, f"Exporter ou exclure (avec la raison) : {sorted(undecided)}"


def test_no_relation_is_both_exported_and_excluded():
    assert not set(COVERED) & set(NOT_EXPORTED)
    assert all(reason.strip() for reason in NOT_EXPORTED.values())


def test_every_declared_relation_exists():
    assert set(COVERED) | set(NOT_EXPORTED) <= relations_to_the_pupil()


@pytest.mark.django_db
def test_every_covered_relation_feeds_a_section_of_the_export(world):
    sections = pupil_data(world.a.licence.pupil, now=world.a.licence.created_at)["sections"]
    assert set(COVERED.values()) <= set(sections)


def columns(model) -> set[str]:
    return {field.name for field in model._meta.concrete_fields}


@pytest.mark.django_db
def test_every_column_of_the_pupil_and_his_licence_is_in_the_export(world):
    sections = pupil_data(world.a.licence.pupil, now=world.a.licence.created_at)["sections"]
    assert columns(Pupil) - {"id", "user"} <= set(sections["identity"]["fields"])
    # Who took the licence and in which basket: the basket's lines are their own section.
    licence_links = {"id", "pupil", "created_by", "basket"}
    assert columns(Licence) - licence_links <= set(sections["licences"]["fields"])


@pytest.mark.parametrize(
    ("model", "erased", "kept"),
    [
        (Pupil, anonymisation.PUPIL_ERASED, anonymisation.PUPIL_KEPT),
        (Licence, anonymisation.LICENCE_ERASED, anonymisation.LICENCE_KEPT),
        (BasketLine, anonymisation.BASKET_LINE_ERASED, anonymisation.BASKET_LINE_KEPT),
        (get_user_model(), anonymisation.USER_ERASED, anonymisation.USER_KEPT),
    ],
    ids=["pupil", "licence", "basket_line", "user"],
)
def test_anonymisation_decides_every_column(model, erased, kept):
    assert not set(erased) & set(kept)
    assert set(erased) | set(kept) == columns(model)
