"""The periodic jobs, in one registry: what runs, and when.

`opuss periodic`, run every few minutes by a systemd timer (ops/systemd/opuss-periodic.timer)
or cron, enqueues through django-tasks each job whose slot has come and was not enqueued yet;
the task workers (`opuss db_worker`) run them. The last slot enqueued is recorded per job in
the database (PeriodicRun), so that a second run in the same slot enqueues nothing, two runs at
once enqueue a job once, and a slot missed while the timer was stopped is caught up once (not
once per missed slot).

To add a job: a django-tasks task without arguments that judges dates on `opuss.core.clock`
and is idempotent, and one `PeriodicJob` line in `JOBS`."""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Q
from django.utils.module_loading import import_string

from opuss.core.models import PeriodicRun

# The federation's schedules are in French time, whatever the servers' time zone.
PARIS = ZoneInfo("Europe/Paris")


@dataclass(frozen=True)
class Daily:
    """Once a day, at `at` (Paris time)."""

    at: time

    def slot(self, now: datetime) -> datetime:
        """The latest start of a slot at or before `now`."""
        local = now.astimezone(PARIS)
        today = datetime.combine(local.date(), self.at, tzinfo=PARIS)
        return today if local >= today else today - timedelta(days=1)

    def __str__(self) -> str:
        return f"chaque jour à {self.at:%H:%M}"


@dataclass(frozen=True)
class Every:
    """Every `minutes` minutes, counted from midnight (Paris time)."""

    minutes: int

    def slot(self, now: datetime) -> datetime:
        local = now.astimezone(PARIS)
        elapsed = local.hour * 60 + local.minute
        start = elapsed - elapsed % self.minutes
        return datetime.combine(local.date(), time(start // 60, start % 60), tzinfo=PARIS)

    def __str__(self) -> str:
        return f"toutes les {self.minutes} minutes"


@dataclass(frozen=True)
class PeriodicJob:
    name: str  # "guardian-reminders": the key of its PeriodicRun
    label: str  # what it does, in French
    task: str  # the dotted path of a django-tasks task taking no argument
    schedule: Daily | Every

    def enqueue(self) -> str:
        """Enqueues the task; the id of its result."""
        return str(import_string(self.task).enqueue().id)


JOBS: tuple[PeriodicJob, ...] = (
    PeriodicJob(
        "retention",
        "Durées de conservation : effacement et anonymisation (docs/privacy.md)",
        "opuss.privacy.tasks.apply_retention",
        Daily(time(2, 30)),
    ),
    PeriodicJob(
        "sepa-batch",
        "Lot SEPA du jour limite et pré-notifications, si la DN ne l'a pas généré",
        "opuss.finance.tasks.generate_due_batch",
        Daily(time(6, 0)),
    ),
    PeriodicJob(
        "guardian-reminders",
        "Relances des responsables légaux sans réponse",
        "opuss.guardians.tasks.send_guardian_reminders",
        Daily(time(7, 0)),
    ),
    PeriodicJob(
        "statistics-alerts",
        "Alerte « Vie de l'AS » non renseignée, à partir de la date de la saison (début avril)",
        "opuss.association_life.tasks.send_statistics_alerts_task",
        Daily(time(7, 30)),
    ),
    PeriodicJob(
        "figures",
        "Chiffres des tableaux de bord de la saison en cours",
        "opuss.dashboards.tasks.refresh_current_figures",
        Every(15),
    ),
    PeriodicJob(
        "figures-all-seasons",
        "Chiffres des tableaux de bord de toutes les saisons",
        "opuss.dashboards.tasks.refresh_all_figures",
        Daily(time(3, 0)),
    ),
)


@dataclass(frozen=True)
class Enqueued:
    job: PeriodicJob
    slot: datetime
    result_id: str


def enqueue_due(now: datetime, jobs: tuple[PeriodicJob, ...] = JOBS) -> list[Enqueued]:
    """Enqueues each job whose current slot was not enqueued yet; what was enqueued."""
    return [enqueued for job in jobs if (enqueued := _enqueue_if_due(job, now)) is not None]


def _enqueue_if_due(job: PeriodicJob, now: datetime) -> Enqueued | None:
    slot = job.schedule.slot(now)
    with transaction.atomic():
        run, _ = PeriodicRun.objects.get_or_create(job=job.name)
        # A conditional UPDATE claims the slot: of two runs at once, one enqueues.
        claimed = (
            PeriodicRun.objects.filter(pk=run.pk)
            .filter(Q(slot__isnull=True) | Q(slot__lt=slot))
            .update(slot=slot, enqueued_at=now)
        )
        if not claimed:
            return None
        # In the same transaction: the claim stands only if the task is in the queue.
        result_id = job.enqueue()
        PeriodicRun.objects.filter(pk=run.pk).update(result_id=result_id)
    return Enqueued(job, slot, result_id)


def last_runs() -> dict[str, PeriodicRun]:
    return {run.job: run for run in PeriodicRun.objects.all()}
