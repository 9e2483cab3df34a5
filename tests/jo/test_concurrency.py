"""Certifications at the same moment, each in its own connection (tests/concurrency.py): JO
numbers stay distinct, and a certification given twice at once is recorded once, the second
certifier being told in French."""

import pytest

from opuss.core.models import AuditEntry
from opuss.jo import services
from opuss.jo.models import Certification, JoNumberSequence
from opuss.licences.models import Pupil
from tests.concurrency import at_once, failures
from tests.factories import LicenceFactory
from tests.jo.test_numbering import certifying

pytestmark = pytest.mark.django_db(transaction=True)


def pupils_of_a(world, count: int):
    return [
        LicenceFactory(
            association=world.a.association,
            season=world.season,
            number=f"{world.a.association.code}{n + 600:04d}",
        )
        for n in range(count)
    ]


def test_eight_pupils_certified_at_once_get_eight_distinct_numbers(world):
    licences = pupils_of_a(world, 8)
    certifiers = [world.a.teacher, world.a.secretary, world.a.sd, world.a.sr] * 2
    outcomes = at_once(
        *(
            certifying(who, licence, "Volley Ball")
            for who, licence in zip(certifiers, licences, strict=True)
        )
    )
    assert failures(outcomes) == []
    numbers = sorted(
        Pupil.objects.filter(licences__in=licences).values_list("jo_number", flat=True)
    )
    assert len(set(numbers)) == 8 and all(len(n) == 7 and n.isdigit() for n in numbers)
    # The sequence gave eight numbers in a row, none lost, none twice.
    assert [int(n) for n in numbers] == list(range(int(numbers[0]), int(numbers[0]) + 8))
    assert JoNumberSequence.objects.get().last == int(numbers[-1])
    assert AuditEntry.objects.filter(action="N° Jeune Officiel attribué").count() == 8


def test_the_same_certification_given_twice_at_once_is_recorded_once(world):
    outcomes = at_once(
        certifying(world.a.teacher, world.a.licence, "Volley Ball"),
        certifying(world.a.sd, world.a.licence, "Volley Ball"),
    )
    [refusal] = failures(outcomes)
    assert isinstance(refusal, services.JoError)
    pupil = Pupil.objects.get(pk=world.a.licence.pupil_id)
    assert str(refusal) == (
        f"{pupil} a déjà la certification Jeune arbitre en Volley Ball, niveau District."
    )
    assert Certification.objects.count() == 1
    assert len(pupil.jo_number) == 7
    assert AuditEntry.objects.filter(action="N° Jeune Officiel attribué").count() == 1
