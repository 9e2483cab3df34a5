"""A pupil list of more than `importing.IMMEDIATE_LINES` lines is read and checked by a task, not
in the request (up to `importing.MAX_ROWS`, 3,000, a lycée's whole list): the upload records an
ImportJob with the file and sends the AS to the job's page, which polls its progress (htmx,
every 2 seconds) and shows the preview once it is ready; « Ajouter au panier » then adds it as
it adds a short file's (issue #14)."""

import logging

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django_tasks import task

from opuss.licences import importing
from opuss.licences.models import ImportJob

logger = logging.getLogger(__name__)

UNEXPECTED = (
    "Le fichier n'a pas pu être vérifié à la suite d'une erreur : importez-le à nouveau, ou "
    "découpez-le."
)


def start(*, association, season, actor, upload: UploadedFile, content: bytes) -> ImportJob:
    job = ImportJob.objects.create(
        association=association, season=season, created_by=actor,
        filename=(upload.name or "")[:200], content=content,
    )
    transaction.on_commit(lambda: preview_import.enqueue(job.pk))
    return job


@task()
def preview_import(job_id: int) -> str:
    """Reads the job's file and decides each row against the federation, as the preview of a
    short file does, its progress written as it goes."""
    job = ImportJob.objects.select_related("association", "season", "created_by").get(pk=job_id)
    if job.state != ImportJob.State.QUEUED:
        return job.state  # enqueued twice: the first run has it
    _update(job, state=ImportJob.State.RUNNING)
    try:
        _preview(job)
    except importing.ImportFileError as error:
        _update(job, state=ImportJob.State.FAILED, error=str(error), content=b"")
    except Exception:
        # No personal data in the log: the job's id says which one, its row says the rest.
        logger.exception("import job %s failed", job.pk)
        _update(job, state=ImportJob.State.FAILED, error=UNEXPECTED, content=b"")
        raise
    return job.state


def _preview(job: ImportJob) -> None:
    parsed = importing.rows_of(bytes(job.content))
    _update(job, lines_total=len(parsed.rows))
    rows = importing.preview(
        parsed.rows, association=job.association, season=job.season, actor=job.created_by,
        progress=lambda done, total: _update(job, lines_done=done, lines_total=total),
    )
    _update(job, state=ImportJob.State.DONE, content=b"", lines_done=job.lines_total, preview={
        "rows": [row.to_preview_json() for row in rows],
        "columns": parsed.columns,
        "ignored": parsed.ignored,
    })


def _update(job: ImportJob, **fields) -> None:
    """Written at once, outside any longer transaction: the page polling it sees it."""
    for name, value in fields.items():
        setattr(job, name, value)
    ImportJob.objects.filter(pk=job.pk).update(**fields)


def parsed_file(job: ImportJob) -> importing.ParsedFile:
    """The job's preview, as the preview page of a short file shows it."""
    return importing.ParsedFile(
        rows=[importing.ImportRow.from_json(values) for values in job.preview["rows"]],
        columns=job.preview["columns"],
        ignored=job.preview["ignored"],
    )
