"""The link is e-mailed when a licence is taken, after commit; a missing or wrong address never
blocks a licence; reminders go out after the season's delay, a limited number of times."""

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from opuss.core import clock
from opuss.core.models import AuditEntry
from opuss.guardians import services
from opuss.guardians.models import GuardianRequest
from opuss.licences import services as licence_services
from opuss.rules.season import load_season
from tests.factories import AffiliationFactory, LicenceFactory, SeasonFactory
from tests.guardians.conftest import NOW, PARENT, values

pytestmark = pytest.mark.django_db

RULES = load_season("2025-2026").licences


def test_a_licence_with_a_guardian_email_sends_the_link_after_commit(
    world, licence, django_capture_on_commit_callbacks, settings
):
    settings.SITE_URL = "https://opuss.unss.example/"
    with django_capture_on_commit_callbacks(execute=True):
        request = services.licence_created(licence, world.a.teacher)
        assert mail.outbox == []
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [PARENT]
    assert licence.pupil.first_name in message.subject
    assert "https://opuss.unss.example/reponse/" in message.body
    assert "valable jusqu'au 5 novembre 2025" in message.body
    assert "&#x27;" not in message.body
    assert (request.email, request.sent_at, request.reminders) == (PARENT, NOW, 0)
    assert AuditEntry.objects.filter(action="lien envoyé au responsable légal").exists()


def test_nothing_is_sent_if_the_transaction_rolls_back(
    world, licence, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.licence_created(licence, world.a.teacher)
    assert mail.outbox == []
    for callback in callbacks:  # what the commit would have done
        callback()
    assert len(mail.outbox) == 1


@pytest.mark.parametrize("address", ["", "pas-une-adresse", "  "])
def test_no_or_a_wrong_email_makes_no_request_and_no_error(
    world, address, django_capture_on_commit_callbacks
):
    licence = world.a.licence
    licence.pupil.guardian_email = address
    licence.pupil.save(update_fields=["guardian_email"])
    with django_capture_on_commit_callbacks(execute=True):
        assert services.licence_created(licence, world.a.teacher) is None
    assert not GuardianRequest.objects.exists() and mail.outbox == []


def test_a_season_without_guardian_validation_sends_nothing(world):
    old = LicenceFactory(
        season=SeasonFactory(start_year=2011, is_current=False),
        association=world.a.association,
        number=f"{world.a.association.code}0901",
    )
    old.pupil.guardian_email = PARENT
    old.pupil.save(update_fields=["guardian_email"])
    assert services.licence_created(old, world.a.teacher) is None


def test_validating_a_basket_sends_each_guardian_his_link(
    world, settings, django_capture_on_commit_callbacks
):
    AffiliationFactory(
        association=world.a.association,
        season=world.season,
        state="AFFILIATED",
        affiliated_at=NOW,
        fee_affiliation=100,
        fee_contract=0,
        people=False,
    )
    basket = licence_services.basket_open(
        association=world.a.association, season=world.season, actor=world.a.teacher
    )
    for name, email in [("Durand", PARENT), ("Martin", ""), ("Petit", "faux@")]:
        licence_services.basket_add_new(
            basket=basket,
            actor=world.a.teacher,
            values={
                "last_name": name,
                "first_name": "Léa",
                "sex": "F",
                "birth_date": dt.date(2009, 3, 14),
                "guardian_email": email,
            },
        )
    with django_capture_on_commit_callbacks(execute=True):
        licences = licence_services.basket_validate(
            basket=basket, actor=world.a.teacher, confirmed=list(RULES.checks)
        )
    assert len(licences) == 3 and all(lic.state == "ACTIVE" for lic in licences)
    assert [message.to for message in mail.outbox] == [[PARENT]]


def test_the_licence_stays_active_while_the_answer_is_pending(guardian_request, traveller):
    traveller.shift(dt.timedelta(days=90))
    guardian_request.licence.refresh_from_db()
    assert guardian_request.licence.state == "ACTIVE"
    assert not guardian_request.responses.exists()


# --- reminders -------------------------------------------------------------------------------


def test_no_reminder_before_the_delay(guardian_request, traveller):
    traveller.shift(dt.timedelta(days=RULES.guardian_reminder_days, seconds=-1))
    assert services.reminders_due(clock.now()) == []


def test_a_reminder_goes_out_after_the_delay(
    guardian_request, traveller, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    traveller.shift(dt.timedelta(days=RULES.guardian_reminder_days))
    assert services.reminders_due(clock.now()) == [guardian_request]
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_reminders(clock.now()) == 1
    assert mail.outbox[0].subject.startswith("Rappel")
    guardian_request.refresh_from_db()
    assert guardian_request.reminders == 1
    assert guardian_request.last_reminder_at == clock.now()
    assert services.reminders_due(clock.now()) == []


def test_reminders_stop_after_the_maximum(guardian_request, traveller):
    sent = 0
    for _ in range(services.MAX_REMINDERS + 2):
        traveller.shift(dt.timedelta(days=RULES.guardian_reminder_days))
        sent += services.send_reminders(clock.now())
    assert sent == services.MAX_REMINDERS


def test_no_reminder_once_a_guardian_answered(world, licence, guardian_request, traveller):
    services.record_paper(
        licence=licence,
        actor=world.a.teacher,
        values=values(guardian_name="M. Durand", signed_on=NOW.date()),
    )
    traveller.shift(dt.timedelta(days=RULES.guardian_reminder_days + 1))
    assert services.reminders_due(clock.now()) == []


def test_no_reminder_once_the_season_is_over(guardian_request, traveller):
    traveller.move_to(dt.datetime(2026, 9, 2, 10, 0, tzinfo=NOW.tzinfo))
    assert services.reminders_due(clock.now()) == []


def test_the_daily_command_sends_the_reminders(guardian_request, traveller, capsys):
    traveller.shift(dt.timedelta(days=RULES.guardian_reminder_days))
    call_command("guardian_reminders", "--dry-run")
    assert "1 relance(s) due(s)." in capsys.readouterr().out
    call_command("guardian_reminders")
    assert "1 relance(s) envoyée(s)." in capsys.readouterr().out
    call_command("guardian_reminders")
    assert "0 relance(s) envoyée(s)." in capsys.readouterr().out


def test_a_resend_starts_the_reminders_afresh(world, guardian_request, traveller):
    traveller.shift(dt.timedelta(days=RULES.guardian_reminder_days))
    services.send_reminders(clock.now())
    services.request_resend(licence=guardian_request.licence, actor=world.a.teacher)
    guardian_request.refresh_from_db()
    assert (guardian_request.reminders, guardian_request.last_reminder_at) == (0, None)
    assert services.reminders_due(clock.now()) == []


def test_the_reminders_task_sends_them_too(guardian_request, traveller):
    from opuss.guardians.tasks import send_guardian_reminders

    traveller.shift(dt.timedelta(days=RULES.guardian_reminder_days))
    assert send_guardian_reminders.call() == 1
