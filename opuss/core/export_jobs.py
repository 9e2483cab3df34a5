"""Exports too big for one request, built by a task: a list's XLSX of more than
EXPORT_INLINE_MAX_ROWS rows, an AS's certified list of more than CERTIFIED_LIST_INLINE_MAX
licences. (A CSV never needs one: it is streamed, opuss.core.exports.)

The page that exports asks `deferred(…)`: below the threshold it answers None and the page
builds the file as before; above it a job is recorded (who, the list's address with its search,
filters and sort) and the person is sent to « Mes exports ». The task then replays that same GET
as the job's requester: the page runs again with his account, so his scope (`for_user`) and
his rights are applied again, and inside the replay `deferred(…)` answers None, so the page
builds the file, which the task keeps in the default storage under a private path. The list
counts its rows as they are written (`counting`), which « Mes exports » shows while it polls.

The file is handed out by `core:export_download` to its requester only, until `expires_at`;
`opuss retention` then deletes the job and its file (opuss.privacy.periods.EXPORTS)."""

import logging
from collections.abc import Callable, Iterable, Iterator
from datetime import timedelta
from importlib import import_module
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.humanize.templatetags.humanize import intcomma
from django.core.files import File
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import FileResponse, HttpRequest, HttpResponseBase, QueryDict
from django.shortcuts import redirect
from django.urls import resolve
from django.utils import timezone
from django_htmx.middleware import HtmxDetails
from django_tasks import task

from opuss.core.models import ExportJob

logger = logging.getLogger(__name__)

PROGRESS_EVERY = 500  # rows between two updates of the job's progress
PENDING = (ExportJob.State.QUEUED, ExportJob.State.RUNNING)


class ExportFailed(Exception):
    pass


def running_job(request) -> ExportJob | None:
    """The job this request is the replay of, None for a person's own request."""
    return getattr(request, "export_job", None)


def deferred(
    request, *, fmt: str, filename: str, count: Callable[[], int], limit: int
) -> HttpResponseBase | None:
    """The redirect to « Mes exports » when this export of `count()` rows goes to a task (more
    than `limit`); None when the page builds it now: small enough, or it is the task's replay
    (whose total it records)."""
    job = running_job(request)
    total = count()
    if job is not None:
        ExportJob.objects.filter(pk=job.pk).update(rows_total=total)
        job.rows_total = total
        return None
    if total <= limit:
        return None
    return _start(request, fmt, filename, total)


def _start(request, fmt: str, filename: str, total: int) -> HttpResponseBase:
    query = request.GET.urlencode()
    job = ExportJob.objects.filter(
        user=request.user, path=request.path, query=query, format=fmt, state__in=PENDING
    ).first()
    if job is None:
        now = timezone.now()
        job = ExportJob.objects.create(
            user=request.user,
            path=request.path,
            query=query,
            format=fmt,
            filename=filename,
            rows_total=total,
            created_at=now,
            expires_at=now + timedelta(days=settings.EXPORT_KEEP_DAYS),
        )
        transaction.on_commit(lambda: build_export.enqueue(job.pk))
    messages.info(
        request,
        f"{intcomma(total)} lignes : l'export {filename} est préparé en arrière-plan. "
        "Il apparaîtra ci-dessous dès qu'il sera prêt.",
    )
    return redirect("core:exports")


def counting(job: ExportJob, rows: Iterable[Any]) -> Iterator[Any]:
    """`rows` as they are, the job's progress updated every PROGRESS_EVERY rows."""
    done = 0
    for done, row in enumerate(rows, start=1):
        yield row
        if done % PROGRESS_EVERY == 0:
            ExportJob.objects.filter(pk=job.pk).update(rows_done=done)
    ExportJob.objects.filter(pk=job.pk).update(rows_done=done)


# --- the task -----------------------------------------------------------------------------------


@task()
def build_export(job_pk: int) -> str:
    """Replays the job's request as its requester and keeps what the page answered."""
    job = ExportJob.objects.select_related("user").get(pk=job_pk)
    if job.state != ExportJob.State.QUEUED:
        return job.state  # enqueued twice: the first run has it
    _set_state(job, ExportJob.State.RUNNING)
    try:
        response = replay(job)
        _keep(job, response)
    except Exception:
        # No personal data in the log: the job's id says which one, its row says the rest.
        logger.exception("export job %s failed", job.pk)
        _set_state(job, ExportJob.State.FAILED, finished_at=timezone.now())
        raise
    return job.state


def _set_state(job: ExportJob, state: str, **fields) -> None:
    job.state = state
    for name, value in fields.items():
        setattr(job, name, value)
    job.save(update_fields=["state", *fields])


def replay(job: ExportJob) -> HttpResponseBase:
    """The list's GET, run again as the job's requester (no middleware: the view's own checks
    and its `for_user` decide what he gets, as they did when he asked)."""
    request = _request_of(job)
    match = resolve(job.path)
    request.resolver_match = match
    response = match.func(request, *match.args, **match.kwargs)
    if response.status_code != 200:
        raise ExportFailed(f"the page answered {response.status_code}")
    return response


def _request_of(job: ExportJob) -> HttpRequest:
    site = urlsplit(settings.SITE_URL)
    request = HttpRequest()
    request.method = "GET"
    request.path = request.path_info = job.path
    request.GET = QueryDict(job.query)
    request.META = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": job.path,
        "QUERY_STRING": job.query,
        "HTTP_HOST": site.netloc,
        "SERVER_NAME": site.hostname or "localhost",
        "SERVER_PORT": str(site.port or (443 if site.scheme == "https" else 80)),
    }
    request.user = job.user
    # A session of its own, empty and never saved: the person's widest role for what the
    # templates show (the scope does not depend on it).
    request.session = import_module(settings.SESSION_ENGINE).SessionStore()
    request.htmx = HtmxDetails(request)  # type: ignore[attr-defined]
    request.export_job = job  # type: ignore[attr-defined]
    return request


def _keep(job: ExportJob, response: HttpResponseBase) -> None:
    """The page's file into the job's: a large XLSX comes as a temporary file, never held in
    memory; a PDF (WeasyPrint builds it in memory anyway) as bytes."""
    # Not response.close(): it would signal the end of a request (and close the connection).
    if isinstance(response, FileResponse):
        with response.file_to_stream as stream:
            job.file.save(job.filename, File(stream), save=False)
    else:
        job.file.save(job.filename, ContentFile(response.content), save=False)  # type: ignore[attr-defined]
    _set_state(
        job,
        ExportJob.State.DONE,
        file=job.file,
        content_type=response["Content-Type"],
        rows_done=job.rows_total,
        finished_at=timezone.now(),
    )
