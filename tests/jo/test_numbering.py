"""JO numbers: seven digits, given at the first certification, kept afterwards, from a sequence
that never gives a number twice."""

import pytest

from opuss.core.models import AuditEntry
from opuss.jo import services
from opuss.licences.models import Pupil
from opuss.sport.models import Activity
from tests.concurrency import at_once, failures
from tests.factories import LicenceFactory
from tests.jo.conftest import DAY

pytestmark = pytest.mark.django_db


def another_licence(world, n: int):
    return LicenceFactory(
        association=world.a.association,
        season=world.season,
        number=f"{world.a.association.code}{n + 500:04d}",
    )


def jo_number(licence) -> str:
    return Pupil.objects.get(pk=licence.pupil_id).jo_number


def test_the_first_certification_gives_a_number_the_next_ones_keep(world, certify):
    certify()
    number = jo_number(world.a.licence)
    assert len(number) == 7 and number.isdigit()
    certify(role="JUDGE")
    certify(world.a.sd, level="DEPARTMENT")
    assert jo_number(world.a.licence) == number
    entry = AuditEntry.objects.get(action="N° Jeune Officiel attribué")
    assert entry.after == {"jo_number": number} and entry.actor == world.a.teacher


def test_a_pupil_who_has_a_number_keeps_it(world, certify):
    pupil = world.a.licence.pupil
    pupil.jo_number = "1529567"
    pupil.save(update_fields=["jo_number"])
    certify()
    assert jo_number(world.a.licence) == "1529567"
    assert not AuditEntry.objects.filter(action="N° Jeune Officiel attribué").exists()


def test_numbers_follow_the_highest_one_already_held(world, certify):
    pupil = world.b.licence.pupil
    pupil.jo_number = "1529567"
    pupil.save(update_fields=["jo_number"])
    second, third = another_licence(world, 1), another_licence(world, 2)
    for licence in (world.a.licence, second, third):
        certify(licence=licence)
    assert [jo_number(lic) for lic in (world.a.licence, second, third)] == [
        "1529568",
        "1529569",
        "1529570",
    ]


def test_a_number_is_never_given_again_even_once_freed(world, certify):
    certify()
    first = jo_number(world.a.licence)
    Pupil.objects.filter(pk=world.a.licence.pupil_id).update(jo_number="")
    other = another_licence(world, 1)
    certify(licence=other)
    assert int(jo_number(other)) == int(first) + 1


def test_a_number_typed_in_by_hand_is_skipped(world, certify):
    certify()
    first = int(jo_number(world.a.licence))
    Pupil.objects.filter(pk=world.b.licence.pupil_id).update(jo_number=str(first + 1))
    other = another_licence(world, 1)
    certify(licence=other)
    assert int(jo_number(other)) == first + 2


@pytest.mark.django_db(transaction=True)
def test_two_certifications_at_the_same_moment_get_distinct_numbers(world):
    """Two threads, two connections (tests/concurrency.py): on PostgreSQL the sequence row's
    lock makes the second wait; on SQLite the database write lock does. The same pupil
    certified twice at once keeps one number."""
    other = another_licence(world, 1)
    jobs = [
        (world.a.teacher, world.a.licence, "Volley Ball"),
        (world.a.secretary, world.a.licence, "Handball"),
        (world.a.sd, other, "Volley Ball"),
    ]
    assert failures(at_once(*(certifying(*job) for job in jobs))) == []
    numbers = {jo_number(world.a.licence), jo_number(other)}
    assert len(numbers) == 2 and all(len(n) == 7 for n in numbers)


def certifying(actor, licence, activity_name: str, role: str = "REFEREE"):
    """A certification to run in a thread. The activity is created if missing: a transactional
    test that ran before may have emptied the reference tables."""
    return lambda: services.certify(
        actor=actor,
        licence=licence,
        activity=Activity.objects.get_or_create(name=activity_name)[0],
        role=role,
        level="DISTRICT",
        certified_on=DAY,
    )
