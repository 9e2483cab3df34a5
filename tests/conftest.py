"""A small federation for tests: two académies, each with one department, one AS and the people
of every role, so that each test can ask "may this person see that?"."""

import functools
from dataclasses import dataclass

import pytest

from opuss.accounts.enums import Role
from tests.factories import (
    PASSWORD,
    AcademyFactory,
    AssociationFactory,
    DepartmentFactory,
    EstablishmentFactory,
    LicenceFactory,
    SeasonFactory,
    user_with_role,
)


@dataclass
class Side:
    """One académie's people and objects."""

    association: object
    pupil: object  # the pupil's account; his record is licence.pupil
    licence: object
    teacher: object
    secretary: object
    sd: object
    sr: object


@dataclass
class World:
    a: Side
    b: Side
    dn: object
    season: object

    @functools.cached_property
    def affiliation(self):
        """Side A's affiliation of the season, transmitted and waiting for its SR."""
        from tests.factories import AffiliationFactory

        return AffiliationFactory(
            association=self.a.association, season=self.season, state="PENDING"
        )

    def actor(self, name: str):
        """'pupil', 'teacher', ... of side A; 'pupil_b', ... of side B; 'dn'; 'anonymous'."""
        if name == "anonymous":
            return None
        if name == "dn":
            return self.dn
        if name.endswith("_b"):
            return getattr(self.b, name[:-2])
        return getattr(self.a, name)


def build_side(academy_code: str, department_code: str, season) -> Side:
    academy = AcademyFactory(code=academy_code, name=f"Académie {academy_code}")
    department = DepartmentFactory(code=department_code, academy=academy)
    association = AssociationFactory(
        establishment=EstablishmentFactory(department=department), code=f"{academy_code}001"
    )
    licence = LicenceFactory(
        association=association, season=season, number=f"{association.code}0001"
    )
    return Side(
        association=association,
        pupil=licence.pupil.user,
        licence=licence,
        teacher=user_with_role(Role.AS_TEACHER, association=association),
        secretary=user_with_role(Role.AS_SECRETARY, association=association),
        sd=user_with_role(Role.SD, department=department),
        sr=user_with_role(Role.SR, academy=academy),
    )


@pytest.fixture
def world(db) -> World:
    season = SeasonFactory(start_year=2025, is_current=True)
    return World(
        a=build_side("24", "68", season),
        b=build_side("16", "44", season),
        dn=user_with_role(Role.DN),
        season=season,
    )


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Uploaded files of a test go to its own folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _email_backend(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with nothing kept (opuss.core.caching): its rows reuse ids another
    test's blocks were kept under."""
    from django.core.cache import cache

    cache.clear()
