"""« Données personnelles »: the public notice, and a pupil's data for himself (his space) or his
guardian (the signed validation link), as JSON and as PDF."""

from django.contrib.auth.decorators import login_not_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from opuss.core import clock
from opuss.core.pdf import render_pdf
from opuss.licences.selectors import own_pupil
from opuss.privacy import links, services
from opuss.privacy.periods import PERIODS
from opuss.privacy.selectors import CONTROLLER, pupil_data

PUPIL, GUARDIAN = "licencié", "responsable légal"


@login_not_required
@require_GET
def notice(request):
    return render(request, "privacy/notice.html", {"periods": PERIODS, "controller": CONTROLLER})


@require_GET
@never_cache
def pupil_page(request):
    pupil = own_pupil(request)
    data = pupil_data(pupil, now=clock.now())
    return render(request, "privacy/pupil_data.html", {"pupil": pupil, "data": data})


@require_GET
def pupil_json(request):
    return _json(request, own_pupil(request), by=PUPIL)


@require_GET
def pupil_pdf(request):
    return _pdf(request, own_pupil(request), by=PUPIL)


@login_not_required
@require_GET
def guardian_json(request, token: str):
    return _json(request, _guardian_pupil(token), by=GUARDIAN)


@login_not_required
@require_GET
def guardian_pdf(request, token: str):
    return _pdf(request, _guardian_pupil(token), by=GUARDIAN)


def _guardian_pupil(token: str):
    try:
        request = links.request_for_download(token, today=clock.now().date())
    except (links.LinkRefused, links.PupilOfAge):
        raise Http404 from None
    return request.licence.pupil


def _json(request, pupil, *, by: str):
    now = clock.now()
    services.download_recorded(pupil=pupil, actor=request.user, by=by, fmt="JSON")
    response = JsonResponse(
        pupil_data(pupil, now=now),
        encoder=DjangoJSONEncoder,
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )
    return _attachment(response, f"donnees-personnelles-opuss-{now:%Y-%m-%d}.json")


def _pdf(request, pupil, *, by: str):
    now = clock.now()
    services.download_recorded(pupil=pupil, actor=request.user, by=by, fmt="PDF")
    filename = f"donnees-personnelles-opuss-{now:%Y-%m-%d}.pdf"
    context = {"data": pupil_data(pupil, now=now)}
    return _attachment(render_pdf(request, "privacy/pdf/data.html", context, filename), filename)


def _attachment(response, filename: str):
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # A pupil's whole file: no cache, private or shared, may keep a copy.
    response["Cache-Control"] = "no-store"
    return response
