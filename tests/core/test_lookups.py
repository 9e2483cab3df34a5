"""`__any` (opuss.core.lookups): the rows `__in` finds, in one parameter on PostgreSQL."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from opuss.licences.models import Licence, Pupil
from tests.factories import LicenceFactory, PupilFactory

pytestmark = pytest.mark.django_db


def test_any_finds_what_in_finds_for_fields_and_foreign_keys(world):
    pupils = [PupilFactory(guardian_email=f"parent{n}@example.fr") for n in range(3)]
    emails = ["parent0@example.fr", "parent2@example.fr", "personne@example.fr"]
    assert set(Pupil.objects.filter(guardian_email__any=emails)) == set(
        Pupil.objects.filter(guardian_email__in=emails)
    ) == {pupils[0], pupils[2]}
    licence = LicenceFactory(pupil=pupils[1], association=world.a.association,
                             season=world.season, number="240019999")
    assert list(Licence.objects.filter(pupil_id__any=[pupils[1].pk, 0])) == [licence]
    assert list(Licence.objects.filter(pupil__any=[pupils[1].pk])) == [licence]
    assert not Pupil.objects.filter(guardian_email__any=[]).exists()
    assert Pupil.objects.exclude(pk__any=[pupils[0].pk]).filter(pk__in=[p.pk for p in pupils]
                                                                 ).count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the array is PostgreSQL's")
def test_on_postgresql_the_values_are_one_array_parameter(world):
    with CaptureQueriesContext(connection) as queries:
        list(Pupil.objects.filter(guardian_email__any=[f"p{n}@example.fr" for n in range(300)]))
    (query,) = queries
    assert "= ANY(" in query["sql"] and query["sql"].count("p299@example.fr") == 1
