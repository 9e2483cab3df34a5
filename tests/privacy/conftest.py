"""A pupil with something of every kind the federation holds on him, on the demo's day (the
project's clock and the real one both at 6 October 2025, 10:00 in Paris)."""

import datetime as dt
import itertools
from zoneinfo import ZoneInfo

import pytest
import time_machine
from axes.models import AccessLog
from django.utils import timezone

from opuss.accounts.enums import Role
from opuss.accounts.models import UserSession
from opuss.competitions.models import Entry
from opuss.core.audit import record
from opuss.finance.models import LedgerLine
from opuss.guardians.models import GuardianRequest, GuardianResponse
from opuss.jo.models import Certification, Officiating, QuizAttempt
from opuss.licences.models import Basket, BasketLine, ContactMessage, RenewalRequest
from opuss.sport.models import Activity
from tests.competitions.factories import competition
from tests.factories import LicenceFactory, PupilFactory, SeasonFactory, user_with_role

PARIS = ZoneInfo("Europe/Paris")
SEQUENCE = itertools.count(1)
NOW = dt.datetime(2025, 10, 6, 10, 0, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def demo_day(settings):
    settings.OPUSS_NOW = NOW.replace(tzinfo=None).isoformat()
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def at(year, month, day) -> dt.datetime:
    return dt.datetime(year, month, day, 12, 0, tzinfo=PARIS)


def shown(licence) -> dict:
    """What the guardian's page showed (opuss.guardians.mentions.shown_for, shortened: that one
    needs the season's rules file, and old seasons have none)."""
    return {
        "licence": [["Licencié(e)", str(licence.pupil)], ["N° de licence", licence.number]],
        "mentions": [{"key": "rgpd", "title": "Mention sur le RGPD", "text": "Aux fins de…"}],
        "ia_sport_plus": None,
    }


def answer(licence, *, answered_at, guardian_name="Claire Durand", email="parent@example.fr"):
    request = GuardianRequest.objects.create(
        licence=licence, email=email, created_at=answered_at, sent_at=answered_at
    )
    return GuardianResponse.objects.create(
        request=request,
        licence=licence,
        channel="EMAIL",
        guardian_name=guardian_name,
        data_correct=False,
        correction_note="Née le 18 mai, pas le 17",
        image_rights=True,
        rgpd_read=True,
        insurance_read=True,
        shown=shown(licence),
        answered_at=answered_at,
    )


def old_pupil(*, last_season: int, **fields):
    """A pupil licensed up to the season starting `last_season` (and the one before)."""
    n = next(SEQUENCE)
    pupil = PupilFactory(
        last_name="ANCIEN",
        first_name="Paul",
        sex="M",
        birth_date=dt.date(1998, 3, 14),
        ine=f"12345678{n:02d}A",
        email="paul.ancien@example.fr",
        phone="0601020304",
        guardian_email="parent.ancien@example.fr",
        guardian1_phone="0611111111",
        guardian2_phone="0622222222",
        jo_number=f"10000{n:02d}",
        handicap=True,
        **fields,
    )
    for start_year in (last_season - 1, last_season):
        LicenceFactory(
            pupil=pupil,
            season=SeasonFactory(start_year=start_year, is_current=False),
            category="Cadet",
            guardian_email="parent.ancien@example.fr",
            created_at=at(start_year, 9, 20),
        )
    return pupil


@pytest.fixture
def full_pupil(world):
    """Side A's pupil with a row of each kind about him."""
    licence = world.a.licence
    pupil = licence.pupil
    pupil.guardian_email = "parent@example.fr"
    pupil.save(update_fields=["guardian_email"])
    teacher = world.a.teacher
    answer(licence, answered_at=at(2025, 9, 25))
    basket = Basket.objects.create(
        association=licence.association, season=licence.season, created_by=teacher
    )
    BasketLine.objects.create(
        basket=basket,
        source="NEW",
        last_name=pupil.last_name,
        first_name=pupil.first_name,
        sex=pupil.sex,
        birth_date=pupil.birth_date,
        guardian_email="parent@example.fr",
        licence=licence,
    )
    RenewalRequest.objects.create(
        pupil=pupil,
        association=licence.association,
        season=SeasonFactory(start_year=2026, is_current=False),
        message="Je veux continuer le hand",
        created_at=at(2025, 9, 30),
    )
    ContactMessage.objects.create(
        pupil=pupil,
        association=licence.association,
        recipient="l'AS",
        subject="Horaires du mercredi",
        sent_at=at(2025, 10, 1),
    )
    activity = Activity.objects.get(name="Cross country")
    Entry.objects.create(
        competition=competition(name="Cross départemental"),
        pupil=pupil,
        licence=licence,
        association=licence.association,
        entered_by=teacher,
        entered_at=at(2025, 10, 2),
        attendance="PRESENT",
        rank=3,
    )
    Certification.objects.create(
        pupil=pupil,
        activity=activity,
        role="REFEREE",
        level="DISTRICT",
        certified_on=dt.date(2025, 10, 3),
        certifier=teacher,
        season=licence.season,
        association=licence.association,
        created_at=at(2025, 10, 3),
    )
    Officiating.objects.create(
        pupil=pupil,
        title="Cross du district",
        held_on=dt.date(2025, 10, 4),
        place="Colmar",
        activity=activity,
        role="REFEREE",
        level="DISTRICT",
        recorded_by=teacher,
        season=licence.season,
        association=licence.association,
        created_at=at(2025, 10, 4),
    )
    QuizAttempt.objects.create(
        pupil=pupil,
        role="REFEREE",
        level="DISTRICT",
        seed=1,
        questions=[
            {
                "id": 7,
                "text": "Combien de joueurs au hand ?",
                "explanation": "",
                "choices": [
                    {"id": 1, "text": "Sept", "correct": True},
                    {"id": 2, "text": "Six", "correct": False},
                ],
            }
        ],
        answers={"7": [1]},
        right=1,
        total=1,
        started_at=at(2025, 10, 5),
        submitted_at=at(2025, 10, 5),
    )
    LedgerLine.objects.create(
        association=licence.association,
        season=licence.season,
        kind="MAIF_INDIVIDUAL",
        label=f"MAIF individuelle – licence {licence.number}",
        amount="0.97",
        licence=licence,
        at=at(2025, 9, 20),
    )
    sr = user_with_role(Role.SR, academy=licence.association.department.academy)
    record(
        actor=sr,
        action="licence corrigée",
        obj=licence,
        before={"category": "Minime"},
        after={"category": "Cadet"},
    )
    AccessLog.objects.create(
        username=licence.number, ip_address="192.0.2.17", user_agent="Firefox", path_info="/"
    )
    UserSession.objects.create(
        user=pupil.user, session_key="k" * 32, device="Firefox sous Linux", ip_address="192.0.2.0"
    )
    return pupil


@pytest.fixture
def now():
    return timezone.localtime(NOW)
