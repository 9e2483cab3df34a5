"""« Mes exports »: the exports a person asked for that a task builds (opuss.core.export_jobs),
their progress while they are built (the fragment polls every 2 s, htmx) and the file once
ready. Each person sees his own only: anyone else's job is a 404."""

from collections.abc import Iterator

from django.conf import settings
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from opuss.accounts.enums import AS_ROLES, STAFF_ROLES
from opuss.accounts.perms import roles_required
from opuss.core.models import ExportJob

CHUNK = 64 * 1024
SHOWN = 50  # the latest jobs listed (they are deleted after EXPORT_KEEP_DAYS days anyway)

exporters_only = roles_required(*AS_ROLES, *STAFF_ROLES)


def _own_job(request, pk: int) -> ExportJob:
    return get_object_or_404(ExportJob, pk=pk, user=request.user)


@require_GET
@never_cache
@exporters_only
def exports(request):
    return render(
        request,
        "core/exports.html",
        {
            "jobs": ExportJob.objects.filter(user=request.user)[:SHOWN],
            "now": timezone.now(),
            "inline_max_rows": settings.EXPORT_INLINE_MAX_ROWS,
            "certified_list_max": settings.CERTIFIED_LIST_INLINE_MAX,
            "keep_days": settings.EXPORT_KEEP_DAYS,
        },
    )


@require_GET
@never_cache
@exporters_only
def export_status(request, pk: int):
    """One job's line, polled while it is being built."""
    job = _own_job(request, pk)
    return render(request, "core/_export_job.html", {"job": job, "now": timezone.now()})


@require_GET
@never_cache
@exporters_only
def export_download(request, pk: int):
    """The file, to its requester, while it is kept. Behind nginx (EXPORT_ACCEL_REDIRECT set),
    the proxy sends it from its internal location once this view has said yes."""
    job = _own_job(request, pk)
    if job.state != ExportJob.State.DONE or job.expires_at <= timezone.now() or not job.file:
        raise Http404
    if not job.file.storage.exists(job.file.name):
        raise Http404
    if settings.EXPORT_ACCEL_REDIRECT:
        response = HttpResponse(content_type=job.content_type)
        response["X-Accel-Redirect"] = f"{settings.EXPORT_ACCEL_REDIRECT}{job.file.name}"
    else:
        response = StreamingHttpResponse(_chunks(job.file), content_type=job.content_type)
        response["Content-Length"] = job.file.size
    response["Content-Disposition"] = content_disposition_header(True, job.filename)
    return response


def _chunks(field_file) -> Iterator[bytes]:
    """The file read as it is sent, opened only then and closed even if the download stops."""
    with field_file.storage.open(field_file.name, "rb") as stored:
        while chunk := stored.read(CHUNK):
            yield chunk
