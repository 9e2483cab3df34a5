"""JO numbers: seven digits, given at the first certification, kept afterwards, from a sequence
that never gives a number twice."""

import threading

import pytest
from django.db import connection

from opuss.core.models import AuditEntry
from opuss.jo import services
from opuss.licences.models import Pupil
from tests.factories import LicenceFactory
from tests.jo.conftest import DAY
from tests.jo.factories import activity

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
    certify(world.a.sd, level="DEPARTMENTAL")
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
    """Two threads, two connections: on PostgreSQL the sequence row's lock makes the second
    wait; on SQLite the database write lock does. The same pupil certified twice at once keeps
    one number."""
    other = another_licence(world, 1)
    jobs = [
        (world.a.teacher, world.a.licence, "Volley Ball"),
        (world.a.secretary, world.a.licence, "Handball"),
        (world.a.sd, other, "Volley Ball"),
    ]
    barrier, errors = threading.Barrier(len(jobs)), []

    def certify(actor, licence, name):
        try:
            barrier.wait()
            services.certify(
                actor=actor,
                licence=licence,
                activity=activity(name),
                role="REFEREE",
                level="DISTRICT",
                certified_on=DAY,
            )
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=certify, args=job) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = {jo_number(world.a.licence), jo_number(other)}
    assert len(numbers) == 2 and all(len(n) == 7 for n in numbers)
