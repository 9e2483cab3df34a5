"""A small federation with figures to count: académie A (24) with departments 68 (districts
d1, d2) and 67 (district d3), académie B (16) with department 44; licences of this season and
of the previous one, affiliations with their enrolment, a JO certification, a guardian's answer,
ledger lines."""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.utils import timezone

from opuss.accounts.enums import Role
from opuss.dashboards.refresh import refresh_all
from opuss.finance.models import LedgerLine
from opuss.guardians.models import GuardianRequest, GuardianResponse
from opuss.jo.models import Certification
from opuss.sport.models import Activity
from tests.factories import (
    AcademyFactory,
    AffiliationFactory,
    AssociationFactory,
    DepartmentFactory,
    DistrictFactory,
    EstablishmentFactory,
    LicenceFactory,
    PupilFactory,
    SeasonFactory,
    user_with_role,
)

NOW = "2025-10-06T10:00:00+02:00"


def at(year, month, day):
    return timezone.make_aware(dt.datetime(year, month, day, 12))


@dataclass
class Federation:
    season: object
    previous: object
    academy_a: object
    academy_b: object
    dept_68: object
    dept_67: object
    dept_44: object
    d1: object
    d2: object
    d3: object
    as1: object
    as2: object
    as3: object
    asb: object
    dn: object
    sr_a: object
    sd_68: object
    teacher_1: object


def make_as(department, district, code):
    return AssociationFactory(
        establishment=EstablishmentFactory(department=department),
        district=district,
        code=code,
    )


def licensed(association, season, *, sex="F", category="Cadet", created=None, **fields):
    pupil_fields = {"handicap": fields.pop("handicap", False)}
    return LicenceFactory(
        association=association,
        season=season,
        pupil=PupilFactory(sex=sex, **pupil_fields),
        category=category,
        created_at=created or at(2025, 9, 20),
        **fields,
    )


def affiliate(association, season, state="AFFILIATED", girls=100, boys=100):
    extra = (
        {"affiliated_at": at(2025, 9, 15), "fee_affiliation": 100, "fee_contract": 0}
        if state == "AFFILIATED"
        else {}
    )
    return AffiliationFactory(
        association=association,
        season=season,
        state=state,
        girls=girls,
        boys=boys,
        deducted=10,
        people=False,
        **extra,
    )


@pytest.fixture
def federation(db, settings) -> Federation:
    settings.OPUSS_NOW = NOW
    season = SeasonFactory(start_year=2025, is_current=True)
    previous = SeasonFactory(start_year=2024, is_current=False)
    academy_a = AcademyFactory(code="24", name="Strasbourg")
    academy_b = AcademyFactory(code="16", name="Nantes")
    dept_68 = DepartmentFactory(code="68", academy=academy_a, name="Haut-Rhin")
    dept_67 = DepartmentFactory(code="67", academy=academy_a, name="Bas-Rhin")
    dept_44 = DepartmentFactory(code="44", academy=academy_b, name="Loire-Atlantique")
    d1 = DistrictFactory(department=dept_68, label="68-Colmar")
    d2 = DistrictFactory(department=dept_68, label="68-Mulhouse")
    d3 = DistrictFactory(department=dept_67, label="67-Haguenau")
    d4 = DistrictFactory(department=dept_44, label="44-Nantes")
    as1, as2 = make_as(dept_68, d1, "24001"), make_as(dept_68, d2, "24002")
    as3, asb = make_as(dept_67, d3, "24003"), make_as(dept_44, d4, "16001")
    make_as(dept_67, d3, "24004")  # no form yet

    affiliate(as1, season, girls=120, boys=80)
    affiliate(as2, season, state="PENDING")
    affiliate(as3, season, girls=50, boys=50)
    affiliate(asb, season, girls=200, boys=200)

    answered = licensed(as1, season, sport_partage=True)
    licensed(as1, season)
    licensed(as1, season)
    licensed(as1, season, sex="M", category="Junior", handicap=True)
    licensed(as1, season, sex="M", category="Junior")
    licensed(as2, season, category="Benjamin")
    licensed(as3, season, sex="M")
    licensed(as3, season, sex="M")
    for _ in range(4):
        licensed(asb, season)
    # The previous season: two licences before 6 October 2024, one after.
    licensed(as1, previous, created=at(2024, 10, 1))
    licensed(as1, previous, sex="M", created=at(2024, 10, 6))
    licensed(as1, previous, created=at(2024, 10, 20))

    teacher_1 = user_with_role(Role.AS_TEACHER, association=as1)
    request = GuardianRequest.objects.create(
        licence=answered, email="parent@example.fr", created_at=at(2025, 9, 21)
    )
    GuardianResponse.objects.create(
        request=request,
        licence=answered,
        channel="EMAIL",
        data_correct=True,
        image_rights=True,
        rgpd_read=True,
        insurance_read=True,
        shown={},
        answered_at=at(2025, 9, 22),
    )
    volley, _ = Activity.objects.get_or_create(name="Volley Ball")
    for association, level in ((as1, "DISTRICT"), (asb, "DISTRICT")):
        Certification.objects.create(
            pupil=association.licences.first().pupil,
            activity=volley,
            role="REFEREE",
            level=level,
            certified_on=dt.date(2025, 10, 1),
            certifier=teacher_1,
            season=season,
            association=association,
            created_at=at(2025, 10, 1),
        )
    for association, charge, paid in ((as1, "100.00", "-40.00"), (asb, "250.50", "-250.50")):
        LedgerLine.objects.create(
            association=association,
            season=season,
            kind="AFFILIATION",
            label="Affiliation",
            amount=Decimal(charge),
        )
        LedgerLine.objects.create(
            association=association,
            season=season,
            kind="PAYMENT",
            label="Chèque",
            amount=Decimal(paid),
        )
    # The dashboards above the AS read the summary rows: computed as the periodic job does.
    refresh_all()
    return Federation(
        season=season,
        previous=previous,
        academy_a=academy_a,
        academy_b=academy_b,
        dept_68=dept_68,
        dept_67=dept_67,
        dept_44=dept_44,
        d1=d1,
        d2=d2,
        d3=d3,
        as1=as1,
        as2=as2,
        as3=as3,
        asb=asb,
        dn=user_with_role(Role.DN),
        sr_a=user_with_role(Role.SR, academy=academy_a),
        sd_68=user_with_role(Role.SD, department=dept_68),
        teacher_1=teacher_1,
    )
