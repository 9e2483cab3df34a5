"""Passwords are hashed with argon2id at OWASP's parameters (m=19 MiB, t=2, p=1); a password
stored with Django's default parameters still logs in, and is rehashed with ours then."""

import pytest
from django.contrib.auth.hashers import Argon2PasswordHasher, identify_hasher, make_password

from tests.helpers import logs_in

pytestmark = pytest.mark.django_db

OWASP = "argon2$argon2id$v=19$m=19456,t=2,p=1$"
DJANGO_DEFAULT = "argon2$argon2id$v=19$m=102400,t=2,p=8$"


def test_a_new_password_is_hashed_with_owasp_s_parameters():
    assert make_password("un mot de passe très long").startswith(OWASP)


def test_a_hash_with_django_s_default_parameters_is_upgraded_at_the_next_login(
    client, world, password
):
    teacher = world.a.teacher
    hasher = Argon2PasswordHasher()
    teacher.password = hasher.encode(password, hasher.salt())
    teacher.save(update_fields=["password"])
    assert teacher.password.startswith(DJANGO_DEFAULT)

    assert logs_in(client, teacher.email, password)

    teacher.refresh_from_db()
    assert teacher.password.startswith(OWASP)
    assert identify_hasher(teacher.password).verify(password, teacher.password)
    client.logout()
    assert logs_in(client, teacher.email, password)  # the new hash lets him in again


def test_a_wrong_password_leaves_the_old_hash_as_it_was(client, world):
    teacher = world.a.teacher
    hasher = Argon2PasswordHasher()
    teacher.password = old = hasher.encode("le bon mot de passe", hasher.salt())
    teacher.save(update_fields=["password"])
    assert not logs_in(client, teacher.email, "pas le bon mot de passe")
    teacher.refresh_from_db()
    assert teacher.password == old
