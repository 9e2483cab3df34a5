"""`opuss retention`: erases or anonymises what has passed its period (opuss.privacy.periods).

Each step selects the rows due at a given moment, then treats them in batches: one transaction
and one audit entry per batch, hung on the run (RetentionRun). Everything is done in bulk
(QuerySet.update / delete): no model's save() runs, so the step that erases a guardian's answer
goes past the refusal the answer opposes to any change (it is the only change an answer ever
gets, and only after its ten years). Nothing here ever deletes a licence."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from auditlog.models import LogEntry
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.contrib.sessions.models import Session
from django.db import models, transaction
from django.db.models import Exists, OuterRef, Q

from opuss.accounts.models import User, UserSession
from opuss.core.audit import record
from opuss.core.models import AuditEntry, ExportJob
from opuss.guardians.models import GuardianResponse
from opuss.licences.enums import BasketState
from opuss.licences.models import BasketLine, ContactMessage, ImportJob, Licence, Pupil
from opuss.privacy import anonymisation, periods
from opuss.privacy.models import RetentionRun
from opuss.privacy.periods import Period, last_season_over, years_before

BATCH = 500
ERASED_SHOWN = {"erased": "Contenu effacé après les dix ans de conservation de la réponse."}
DATABASE_SESSIONS = {
    "django.contrib.sessions.backends.db",
    "django.contrib.sessions.backends.cached_db",
}


@dataclass(frozen=True)
class Step:
    period: Period
    label: str  # the rows treated, as the command prints them
    done: str  # "effacées": what happened to them
    todo: str  # "à effacer": what would happen to them
    due: Callable[[datetime], list[tuple[type[models.Model], models.QuerySet]]]
    apply: Callable[[type[models.Model], list], None]


# --- what is due ------------------------------------------------------------------------------


def answers_due(now: datetime):
    return [
        (
            GuardianResponse,
            GuardianResponse.objects.filter(keep_until__lte=now).exclude(shown__has_key="erased"),
        )
    ]


def pupils_due(now: datetime):
    """Pupils whose last licence's season ended ten years ago or more, and none of whose
    licences still has a guardian's answer within its ten years."""
    last_start = last_season_over(now.date(), periods.PUPIL_IDENTITY.years)
    recent = Licence.objects.filter(pupil=OuterRef("pk"), season__start_year__gt=last_start)
    kept = GuardianResponse.objects.filter(licence__pupil=OuterRef("pk"), keep_until__gt=now)
    due = (
        Pupil.objects.filter(licences__isnull=False)
        .exclude(Exists(recent))
        .exclude(Exists(kept))
        .exclude(last_name=anonymisation.ANONYMOUS, first_name="")
        .distinct()
    )
    return [(Pupil, due)]


def accounts_due(now: datetime):
    cutoff = years_before(now, periods.INACTIVE_ACCOUNTS.years)
    unused = Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff)
    return [(User, User.objects.filter(unused).exclude(password__startswith="!"))]


def messages_due(now: datetime):
    cutoff = years_before(now, periods.CONTACT_MESSAGES.years)
    return [(ContactMessage, ContactMessage.objects.filter(sent_at__lt=cutoff))]


def basket_lines_due(now: datetime):
    cutoff = years_before(now, periods.ABANDONED_BASKETS.years)
    lines = BasketLine.objects.filter(basket__state=BasketState.OPEN, basket__created_at__lt=cutoff)
    return [(BasketLine, lines)]


def access_logs_due(now: datetime):
    cutoff = years_before(now, periods.ACCESS_LOGS.years)
    return [
        (model, model.objects.filter(attempt_time__lt=cutoff))
        for model in (AccessLog, AccessFailureLog, AccessAttempt)
    ]


def sessions_due(now: datetime):
    if settings.SESSION_ENGINE not in DATABASE_SESSIONS:
        return []  # sessions live elsewhere, and expire there
    alive = Session.objects.filter(session_key=OuterRef("session_key"), expire_date__gte=now)
    return [
        (Session, Session.objects.filter(expire_date__lt=now)),
        (UserSession, UserSession.objects.exclude(Exists(alive))),
    ]


def exports_due(now: datetime):
    return [(ExportJob, ExportJob.objects.filter(expires_at__lte=now))]


def imports_due(now: datetime):
    cutoff = now - timedelta(days=periods.IMPORT_JOB_DAYS)
    return [(ImportJob, ImportJob.objects.filter(created_at__lt=cutoff))]


def audit_due(now: datetime):
    cutoff = years_before(now, periods.AUDIT.years)
    return [
        (AuditEntry, AuditEntry.objects.filter(at__lt=cutoff)),
        (LogEntry, LogEntry.objects.filter(timestamp__lt=cutoff)),
    ]


# --- what is done -----------------------------------------------------------------------------


def erase_answers(model, pks: list) -> None:
    # GuardianResponseQuerySet.update refuses every change; this one is the end of the ten years.
    models.QuerySet.update(
        GuardianResponse.objects.filter(pk__in=pks),
        guardian_name="",
        correction_note="",
        shown=ERASED_SHOWN,
    )
    content_type = ContentType.objects.get_for_model(GuardianResponse)
    LogEntry.objects.filter(content_type=content_type, object_id__in=pks).update(
        changes=None, changes_text="", serialized_data=None
    )


def anonymise_pupils(model, pks: list) -> None:
    anonymisation.anonymise_pupils(pks)


def close_accounts(model, pks: list) -> None:
    # Django signs a session with the password hash: a new one ends every session of these
    # accounts at their next request.
    User.objects.filter(pk__in=pks).update(password=make_password(None))
    UserSession.objects.filter(user__in=pks).delete()


def delete(model, pks: list) -> None:
    model._base_manager.filter(pk__in=pks).delete()


def delete_exports(model, pks: list) -> None:
    jobs = ExportJob.objects.filter(pk__in=pks)
    files = [(job.file.storage, job.file.name) for job in jobs if job.file]
    jobs.delete()
    for storage, name in files:  # after the commit: a rolled-back batch keeps its files
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))


STEPS = (
    Step(
        periods.GUARDIAN_ANSWERS,
        "Réponses des responsables légaux",
        "effacées",
        "à effacer",
        answers_due,
        erase_answers,
    ),
    Step(
        periods.PUPIL_IDENTITY,
        "Licenciés",
        "anonymisés",
        "à anonymiser",
        pupils_due,
        anonymise_pupils,
    ),
    Step(
        periods.INACTIVE_ACCOUNTS,
        "Comptes inactifs",
        "fermés",
        "à fermer",
        accounts_due,
        close_accounts,
    ),
    Step(
        periods.CONTACT_MESSAGES,
        "Traces de messages",
        "supprimées",
        "à supprimer",
        messages_due,
        delete,
    ),
    Step(
        periods.ABANDONED_BASKETS,
        "Lignes de paniers jamais validés",
        "supprimées",
        "à supprimer",
        basket_lines_due,
        delete,
    ),
    Step(
        periods.ACCESS_LOGS,
        "Journaux de connexion",
        "supprimés",
        "à supprimer",
        access_logs_due,
        delete,
    ),
    Step(periods.SESSIONS, "Sessions expirées", "supprimées", "à supprimer", sessions_due, delete),
    Step(
        periods.EXPORTS,
        "Exports préparés en arrière-plan",
        "supprimés",
        "à supprimer",
        exports_due,
        delete_exports,
    ),
    Step(
        periods.IMPORTS,
        "Listes d'élèves importées",
        "supprimées",
        "à supprimer",
        imports_due,
        delete,
    ),
    Step(
        periods.AUDIT,
        "Entrées du journal",
        "supprimées",
        "à supprimer",
        audit_due,
        delete,
    ),
)


# --- the run ----------------------------------------------------------------------------------


def counts_due(now: datetime) -> dict[str, int]:
    """What a run would treat now, by step: `--dry-run` prints it and changes nothing."""
    return {
        step.period.key: sum(queryset.count() for _, queryset in step.due(now)) for step in STEPS
    }


def run(now: datetime) -> RetentionRun:
    retention_run = RetentionRun.objects.create(started_at=now)
    counts = {}
    for step in STEPS:
        counts[step.period.key] = 0
        for model, queryset in step.due(now):
            pks = list(queryset.values_list("pk", flat=True))
            for start in range(0, len(pks), BATCH):
                batch = pks[start : start + BATCH]
                _treat(retention_run, step, model, batch)
                counts[step.period.key] += len(batch)
    retention_run.counts = counts
    retention_run.save(update_fields=["counts"])
    return retention_run


def action_of(step: Step) -> str:
    return f"conservation : {step.label.lower()} {step.done}"


def _treat(retention_run: RetentionRun, step: Step, model, pks: list) -> None:
    with transaction.atomic():
        step.apply(model, pks)
        record(
            actor=None,
            action=action_of(step),
            obj=retention_run,
            after={
                "catégorie": step.period.key,
                "objets": model._meta.label_lower,
                "nombre": len(pks),
                # A session's key is its secret: it is never written down.
                "identifiants": [] if model is Session else [str(pk) for pk in pks],
            },
        )
