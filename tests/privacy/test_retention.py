"""`opuss retention`: on the demo's day (6 October 2025), a pupil whose last season ended ten
years ago (2014-2015) is anonymised and keeps his licences; guardians' answers are kept ten years,
never less; `--dry-run` changes nothing."""

import datetime as dt
from io import StringIO

import pytest
from axes.models import AccessLog
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection

from opuss.core.audit import record
from opuss.core.models import AuditEntry
from opuss.guardians.models import GuardianRequest, GuardianResponse
from opuss.licences.models import Basket, BasketLine, ContactMessage, Licence, Pupil
from opuss.privacy import retention
from opuss.privacy.models import RetentionRun
from opuss.privacy.periods import last_season_over, years_before
from tests.factories import UserFactory
from tests.privacy.conftest import NOW, answer, at, old_pupil

pytestmark = pytest.mark.django_db


def database_state() -> dict[str, list]:
    """Every row of every table, to see that nothing changed."""
    state = {}
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            state[table] = sorted(map(repr, cursor.fetchall()))
    return state


def run_retention(*args) -> str:
    out = StringIO()
    call_command("retention", *args, stdout=out)
    return out.getvalue()


def test_a_pupil_past_retention_is_anonymised_and_keeps_his_licences(world):
    pupil = old_pupil(last_season=2014)
    numbers = sorted(pupil.licences.values_list("number", flat=True))
    run_retention()
    pupil.refresh_from_db()
    assert (pupil.last_name, pupil.first_name) == ("ANONYME", "")
    assert pupil.birth_date == dt.date(1998, 1, 1)  # the year stays
    assert pupil.sex == "M"
    assert (pupil.ine, pupil.email, pupil.phone, pupil.guardian_email) == (None, "", "", "")
    assert (pupil.guardian1_phone, pupil.guardian2_phone, pupil.jo_number) == ("", "", "")
    assert pupil.handicap is False
    licences = Licence.objects.filter(pupil=pupil)
    assert sorted(licences.values_list("number", flat=True)) == numbers
    assert set(licences.values_list("category", flat=True)) == {"Cadet"}
    assert set(licences.values_list("guardian_email", flat=True)) == {""}


def test_his_account_is_closed_and_nameless(world):
    pupil = old_pupil(last_season=2014)
    user = pupil.user
    user.email = "paul.ancien@example.fr"
    user.save(update_fields=["email"])
    run_retention()
    user.refresh_from_db()
    assert (user.email, user.last_name, user.first_name, user.is_active) == (
        None,
        "ANONYME",
        "",
        False,
    )
    assert not user.has_usable_password()


def test_a_pupil_within_retention_is_untouched(world):
    pupil = old_pupil(last_season=2015)  # ended 31 August 2016: until 1 September 2026
    run_retention()
    pupil.refresh_from_db()
    assert (pupil.last_name, pupil.birth_date, pupil.ine.startswith("12345678")) == (
        "ANCIEN",
        dt.date(1998, 3, 14),
        True,
    )
    world.a.licence.pupil.refresh_from_db()
    assert world.a.licence.pupil.last_name != "ANONYME"


def test_guardian_answers_younger_than_ten_years_are_kept(world):
    young = answer(world.a.licence, answered_at=at(2015, 10, 7))  # ten years tomorrow
    old = answer(world.b.licence, answered_at=at(2015, 10, 5), email="autre@example.fr")
    run_retention()
    young.refresh_from_db()
    old.refresh_from_db()
    assert (young.guardian_name, young.correction_note) == (
        "Claire Durand",
        "Née le 18 mai, pas le 17",
    )
    assert young.shown["mentions"]
    assert (old.guardian_name, old.correction_note) == ("", "")
    assert "mentions" not in old.shown
    assert (old.image_rights, old.data_correct) == (True, False)  # the answers stay


def test_a_pupil_whose_guardian_answer_is_still_kept_is_not_anonymised(world):
    pupil = old_pupil(last_season=2014)
    answer(pupil.licences.get(season__start_year=2014), answered_at=at(2016, 1, 15))
    run_retention()
    pupil.refresh_from_db()
    assert pupil.last_name == "ANCIEN"


def test_dry_run_says_what_would_be_done_and_changes_nothing(world):
    old_pupil(last_season=2014)
    answer(world.b.licence, answered_at=at(2015, 10, 5))
    before = database_state()
    output = run_retention("--dry-run")
    assert database_state() == before
    assert "Licenciés à anonymiser : 1" in output
    assert "Réponses des responsables légaux à effacer : 1" in output
    assert "rien n'a été modifié" in output


def test_each_batch_is_one_audit_entry_on_the_run(world, monkeypatch):
    monkeypatch.setattr(retention, "BATCH", 2)
    pupils = [old_pupil(last_season=2013) for _ in range(3)]
    run_retention()
    retention_run = RetentionRun.objects.get()
    assert retention_run.counts["pupil_identity"] == 3
    entries = AuditEntry.objects.filter(
        object_type="privacy.retentionrun", action="conservation : licenciés anonymisés"
    )
    assert sorted(entry.after["nombre"] for entry in entries) == [1, 2]
    anonymised = {pk for entry in entries for pk in entry.after["identifiants"]}
    assert anonymised == {str(pupil.pk) for pupil in pupils}


def test_a_second_run_finds_nothing_more_to_do(world):
    old_pupil(last_season=2014)
    run_retention()
    assert "Licenciés à anonymiser : 0" in run_retention("--dry-run")


def test_the_audit_log_forgets_the_values_that_named_him(world):
    pupil = old_pupil(last_season=2014)
    entry = record(
        actor=None,
        action="licencié corrigé",
        obj=pupil,
        before={"last_name": "ANCIEN"},
        after={"last_name": "ANCIENS"},
        at=at(2016, 1, 10),
    )
    run_retention()
    entry.refresh_from_db()
    assert (entry.object_repr, entry.before, entry.after) == ("ANONYME", {}, {})


def test_his_copies_in_baskets_and_guardian_addresses_are_erased(world):
    pupil = old_pupil(last_season=2014)
    licence = pupil.licences.get(season__start_year=2014)
    line = BasketLine.objects.create(
        basket=Basket.objects.create(
            association=licence.association,
            season=licence.season,
            created_by=world.a.teacher,
            state="VALIDATED",
        ),
        source="NEW",
        last_name="ANCIEN",
        first_name="Paul",
        sex="M",
        birth_date=dt.date(1998, 3, 14),
        ine="1234567890A",
        guardian_email="parent.ancien@example.fr",
        licence=licence,
    )
    requests = [
        GuardianRequest.objects.create(licence=licence, email=email, created_at=at(2014, 9, 20))
        for email in ("pere@example.fr", "mere@example.fr")
    ]
    run_retention()
    line.refresh_from_db()
    assert (line.last_name, line.ine, line.guardian_email) == ("ANONYME", "", "")
    assert line.birth_date == dt.date(1998, 1, 1)
    for request in requests:
        request.refresh_from_db()
        assert request.email == f"anonyme-{request.pk}@anonyme.invalid"


def test_answers_are_erased_only_through_retention(world):
    """The erasure goes past the answer's own refusal to change; nothing else may."""
    from opuss.guardians.models import EvidenceChange

    response = answer(world.a.licence, answered_at=at(2015, 10, 5))
    with pytest.raises(EvidenceChange):
        GuardianResponse.objects.filter(pk=response.pk).update(guardian_name="")
    run_retention()
    assert GuardianResponse.objects.get(pk=response.pk).guardian_name == ""


def test_old_contact_messages_and_access_logs_are_deleted(world):
    pupil = world.a.licence.pupil
    for sent_at in (at(2024, 10, 5), at(2024, 10, 7)):
        ContactMessage.objects.create(
            pupil=pupil,
            association=world.a.association,
            recipient="l'AS",
            subject="Bonjour",
            sent_at=sent_at,
        )
    for day in (5, 7):
        log = AccessLog.objects.create(username="x", user_agent="", path_info="/")
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=at(2024, 10, day))
    run_retention()
    assert list(ContactMessage.objects.values_list("sent_at", flat=True)) == [at(2024, 10, 7)]
    assert list(AccessLog.objects.values_list("attempt_time", flat=True)) == [at(2024, 10, 7)]


def test_an_account_unused_for_three_years_loses_its_password(world):
    unused = UserFactory(password=make_password("un-mot-de-passe-solide"))
    unused.last_login = at(2022, 10, 5)
    unused.save(update_fields=["last_login"])
    recent = UserFactory(password=make_password("un-mot-de-passe-solide"))
    recent.last_login = at(2022, 10, 7)
    recent.save(update_fields=["last_login"])
    run_retention()
    unused.refresh_from_db()
    recent.refresh_from_db()
    assert not unused.has_usable_password() and unused.is_active
    assert recent.has_usable_password()


def test_lines_of_a_basket_never_validated_go_after_a_year(world):
    basket = Basket.objects.create(
        association=world.a.association, season=world.season, created_by=world.a.teacher
    )
    Basket.objects.filter(pk=basket.pk).update(created_at=at(2024, 10, 1))
    BasketLine.objects.create(
        basket=basket,
        source="NEW",
        last_name="JAMAIS",
        first_name="Licencié",
        sex="F",
        birth_date=dt.date(2010, 1, 2),
    )
    run_retention()
    assert not BasketLine.objects.filter(basket=basket).exists()


def test_audit_entries_older_than_ten_years_are_deleted(world):
    old = record(actor=None, action="ancienne", obj=world.a.licence, at=at(2015, 10, 5))
    kept = record(actor=None, action="récente", obj=world.a.licence, at=at(2015, 10, 7))
    run_retention()
    assert not AuditEntry.objects.filter(pk=old.pk).exists()
    assert AuditEntry.objects.filter(pk=kept.pk).exists()


def test_licences_are_never_deleted(world):
    old_pupil(last_season=1990)
    count = Licence.objects.count()
    run_retention()
    assert Licence.objects.count() == count
    assert Pupil.objects.count() == Pupil.objects.filter(licences__isnull=False).distinct().count()


@pytest.mark.parametrize(
    ("today", "last_start"),
    [
        (dt.date(2025, 10, 6), 2014),  # 2014-2015 ended on 31 August 2015: ten years are over
        (dt.date(2025, 9, 1), 2014),
        (dt.date(2025, 8, 31), 2013),  # one more day for 2014-2015
        (dt.date(2026, 1, 1), 2014),
    ],
)
def test_the_last_season_whose_ten_years_are_over(today, last_start):
    assert last_season_over(today, 10) == last_start


def test_years_before_keeps_the_day_and_handles_29_february():
    assert years_before(NOW, 10) == NOW.replace(year=2015)
    leap = dt.datetime(2024, 2, 29, 12, 0)
    assert years_before(leap, 1) == dt.datetime(2023, 2, 28, 12, 0)


def test_expired_sessions_and_their_records_are_deleted(world):
    from django.contrib.sessions.models import Session

    from opuss.accounts.models import UserSession

    for key, expires in (("expiree", at(2025, 10, 5)), ("vivante", at(2025, 10, 20))):
        Session.objects.create(session_key=key, session_data="", expire_date=expires)
        UserSession.objects.create(user=world.a.pupil, session_key=key)
    run_retention()
    assert list(Session.objects.values_list("session_key", flat=True)) == ["vivante"]
    assert list(UserSession.objects.values_list("session_key", flat=True)) == ["vivante"]
    entry = AuditEntry.objects.get(after__objets="sessions.session")
    assert entry.after["identifiants"] == []  # a session key is a secret


def test_every_step_names_its_audit_action_within_the_columns_length():
    longest = AuditEntry._meta.get_field("action").max_length
    for step in retention.STEPS:
        assert len(retention.action_of(step)) <= longest
