"""The services' follow-up of guardians' correction requests (a guardian answered that the
licence's data are wrong): the list of the territory's requests, to handle or handled, and each
request with « Marquer comme traitée » for the regional service, which corrects licences."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from opuss.accounts.perms import staff_required
from opuss.core.listing import Column, Filter, Listing
from opuss.guardians import perms, services
from opuss.guardians.enums import CorrectionState
from opuss.guardians.models import GuardianResponse
from opuss.guardians.selectors import correction_requests
from opuss.seasons.models import Season
from opuss.territories.filters import department_filter


def _requests_for(user):
    """The correction requests the user sees (his territory), with what their pages show."""
    return correction_requests(GuardianResponse.objects.for_user(user)).select_related(
        "licence__pupil",
        "licence__association__establishment",
        "licence__association__department",
        "handling__handled_by",
    )


def _handling(response):
    """The request's CorrectionHandling, None while it is to handle."""
    return getattr(response, "handling", None)


def _handled_at(response):
    handling = _handling(response)
    return handling.handled_at if handling else None


def _handled_by(response) -> str:
    handling = _handling(response)
    return str(handling.handled_by) if handling else ""


@require_GET
@staff_required
def correction_list(request):
    season = Season.objects.current_or_none()
    listing = Listing(
        request,
        _requests_for(request.user).filter(licence__season=season),
        columns=[
            Column(
                "Demandée le",
                lambda r: r.answered_at,
                "answered_at",
                link=lambda r: reverse("guardians:correction", args=[r.pk]),
            ),
            Column("N° de licence", lambda r: r.licence.number, "licence__number"),
            Column("Nom", lambda r: r.licence.pupil.last_name.upper(), "licence__pupil__last_name"),
            Column("Prénom", lambda r: r.licence.pupil.first_name, "licence__pupil__first_name"),
            Column("AS", lambda r: r.licence.association.code, "licence__association__code"),
            Column("Correction demandée", lambda r: r.correction_note),
            Column("État", lambda r: CorrectionState(r.correction_state).label, "correction_state"),
            Column("Traitée le", _handled_at, "handling__handled_at"),
            Column("Traitée par", _handled_by),
        ],
        search_fields=[
            "licence__number",
            "licence__pupil__last_name",
            "licence__pupil__first_name",
            "licence__association__code",
        ],
        filters=[
            Filter("etat", "État", "correction_state", CorrectionState.choices),
            department_filter(request.user, "licence__association__department__code"),
        ],
        default_order="-answered_at",
        export_name=f"corrections-demandees-{season or ''}".rstrip("-"),
    )
    if listing.export_format:
        return listing.export()
    return render(request, "guardians/corrections.html", listing.context() | {"season": season})


def _request_for(request, pk: int) -> GuardianResponse:
    return get_object_or_404(_requests_for(request.user), pk=pk)


@require_GET
@staff_required
def correction_detail(request, pk: int):
    response = _request_for(request, pk)
    return render(
        request,
        "guardians/correction.html",
        {
            "response": response,
            "licence": response.licence,
            "shown": response.shown,
            "handling": _handling(response),
            "can_handle": perms.can_handle_correction(request.user, response.licence.association),
        },
    )


@require_POST
@staff_required
def correction_handle(request, pk: int):
    response = _request_for(request, pk)
    if not perms.can_handle_correction(request.user, response.licence.association):
        raise Http404
    try:
        services.correction_handled(response=response, actor=request.user)
    except services.GuardianError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Demande de correction de la licence {response.licence.number} marquée comme traitée.",
        )
    return redirect("guardians:correction", pk=pk)
