"""`opuss periodic`: the registry's due jobs are enqueued once per slot, through django-tasks
(run at once by the tests' immediate backend, by `opuss db_worker` in production)."""

from datetime import datetime, time
from io import StringIO
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.base import Task

from opuss.core.models import PeriodicRun
from opuss.core.periodic import JOBS, Daily, Every, PeriodicJob, enqueue_due

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
CALLS: list[str] = []


@task()
def note_call() -> int:
    CALLS.append("called")
    return len(CALLS)


DAILY = PeriodicJob("test-daily", "Test quotidien", f"{__name__}.note_call", Daily(time(7, 0)))
QUARTER = PeriodicJob("test-quarter", "Test", f"{__name__}.note_call", Every(15))


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()


def at(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2025, 10, day, hour, minute, tzinfo=PARIS)


def test_a_due_job_is_enqueued_once_in_its_slot() -> None:
    [enqueued] = enqueue_due(at(6, 10), (DAILY,))

    assert enqueued.slot == at(6, 7)
    assert CALLS == ["called"]
    assert enqueue_due(at(6, 10, 5), (DAILY,)) == []
    assert enqueue_due(at(6, 23, 59), (DAILY,)) == []
    assert CALLS == ["called"]
    run = PeriodicRun.objects.get(job="test-daily")
    assert run.slot == at(6, 7)
    assert run.result_id


def test_a_job_not_due_is_not_enqueued() -> None:
    enqueue_due(at(5, 8), (DAILY,))  # yesterday's slot

    assert enqueue_due(at(6, 6, 59), (DAILY,)) == []  # today's is at 7:00
    assert CALLS == ["called"]
    assert [e.slot for e in enqueue_due(at(6, 7), (DAILY,))] == [at(6, 7)]


def test_missed_slots_are_caught_up_once() -> None:
    enqueue_due(at(1, 8), (DAILY,))

    assert len(enqueue_due(at(6, 8), (DAILY,))) == 1  # five days later: once, not five times
    assert len(CALLS) == 2


def test_a_job_every_quarter_of_an_hour() -> None:
    assert [e.slot for e in enqueue_due(at(6, 10, 7), (QUARTER,))] == [at(6, 10)]
    assert enqueue_due(at(6, 10, 14), (QUARTER,)) == []
    assert [e.slot for e in enqueue_due(at(6, 10, 15), (QUARTER,))] == [at(6, 10, 15)]


def test_each_job_keeps_its_own_slot() -> None:
    enqueue_due(at(6, 10), (DAILY,))

    assert [e.job for e in enqueue_due(at(6, 10, 1), (DAILY, QUARTER))] == [QUARTER]


def test_every_registered_job_is_a_task_without_arguments() -> None:
    names = [job.name for job in JOBS]
    assert len(names) == len(set(names))
    assert {"guardian-reminders", "retention", "sepa-batch"} <= set(names)
    for job in JOBS:
        assert isinstance(import_string(job.task), Task), job.task


def test_the_command_enqueues_the_due_jobs_then_nothing(settings) -> None:
    settings.OPUSS_NOW = "2025-10-06T12:00:00"
    out = StringIO()
    call_command("periodic", stdout=out)
    assert "guardian-reminders : mise en file (créneau du 06/10/2025 à 07:00)" in out.getvalue()
    assert "retention : mise en file (créneau du 06/10/2025 à 02:30)" in out.getvalue()

    again = StringIO()
    call_command("periodic", stdout=again)
    assert again.getvalue() == "Aucune tâche périodique à lancer.\n"


def test_the_command_lists_the_jobs_and_their_last_slot(settings) -> None:
    settings.OPUSS_NOW = "2025-10-06T12:00:00"
    call_command("periodic", stdout=StringIO())
    out = StringIO()

    call_command("periodic", "--list", stdout=out)

    assert (
        "guardian-reminders : chaque jour à 07:00 — Relances des responsables légaux sans "
        "réponse (dernier : 06/10/2025 à 07:00)"
    ) in out.getvalue()
