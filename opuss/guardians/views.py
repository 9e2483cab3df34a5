"""The guardians' answers as the AS and the federation's services follow them: the state per
licence, the response rate, "Renvoyer", the paper form."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opuss.accounts.perms import staff_required
from opuss.associations.listing import association_columns
from opuss.associations.models import SportsAssociation
from opuss.associations.views import association_for
from opuss.core.listing import Column, Filter, Listing
from opuss.guardians import perms, services
from opuss.guardians.enums import GuardianState
from opuss.guardians.forms import PaperForm
from opuss.guardians.mentions import digest, shown_for
from opuss.guardians.models import GuardianResponse
from opuss.guardians.selectors import (
    associations_with_rate,
    correction_counts,
    percent,
    with_guardian_state,
)
from opuss.licences.models import Licence
from opuss.rules.season import load_season
from opuss.seasons.models import Season
from opuss.territories.filters import department_filter


def _current_season():
    return Season.objects.current_or_none()


def _image_rights(licence) -> str:
    """A guardian's refusal prevails over another's consent."""
    if licence.guardian_state != GuardianState.ANSWERED:
        return "—"
    return "refusé" if licence.image_refused else "accordé"


def _correction_handled(licence):
    """When the regional service marked the guardian's correction request « traitée »."""
    if not licence.correction_note:
        return ""
    return licence.correction_handled_at or "pas encore"


@require_GET
def association_page(request, code: str):
    association = association_for(request, code)
    season = _current_season()
    licences = Licence.objects.filter(association=association, season=season)
    listing = Listing(
        request,
        with_guardian_state(licences.select_related("pupil")),
        columns=[
            Column("N° de licence", lambda lic: lic.number, "number"),
            Column("Nom", lambda lic: lic.pupil.last_name.upper(), "pupil__last_name"),
            Column("Prénom", lambda lic: lic.pupil.first_name, "pupil__first_name"),
            Column("E-mail du responsable", lambda lic: lic.guardian_address),
            Column(
                "Validation",
                lambda lic: GuardianState(lic.guardian_state).label,
                "guardian_state",
            ),
            Column("Droit à l'image", _image_rights),
            Column("Correction demandée", lambda lic: lic.correction_note or ""),
            Column("Correction traitée le", _correction_handled),
        ],
        search_fields=["number", "pupil__last_name", "pupil__first_name"],
        filters=[Filter("etat", "Validation", "guardian_state", GuardianState.choices)],
        default_order="pupil__last_name",
        export_name=f"responsables-{association.code}",
    )
    if listing.export_format:
        return listing.export()
    answered, total = services.response_rate(licences)
    context = listing.context()
    context["lines"] = [
        {"licence": licence, "cells": cells}
        for licence, cells in zip(context["page_obj"], context["rows"], strict=True)
    ]
    enabled = season is not None and services.validation_enabled(season)
    return render(
        request,
        "guardians/association.html",
        context
        | {
            "association": association,
            "season": season,
            "answered": answered,
            "total": total,
            "rate": percent(answered, total),
            "enabled": enabled,
            "reminder_days": (
                load_season(season.label).licences.guardian_reminder_days if enabled else None
            ),
            "max_reminders": services.MAX_REMINDERS,
            "can_resend": perms.can_resend(request.user, association),
            "can_record_paper": perms.can_record_paper(request.user, association),
        },
    )


def _licence_of(request, association, licence_pk: int) -> Licence:
    return get_object_or_404(
        Licence.objects.for_user(request.user).select_related(
            "pupil", "season", "association__establishment"
        ),
        pk=licence_pk,
        association=association,
    )


@require_POST
def resend(request, code: str, licence_pk: int):
    association = association_for(request, code)
    if not perms.can_resend(request.user, association):
        raise Http404
    licence = _licence_of(request, association, licence_pk)
    try:
        sent = services.request_resend(
            licence=licence, actor=request.user, email=request.POST.get("email", "").strip()
        )
    except services.GuardianError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Un nouveau lien a été envoyé à {sent.email}.")
    return redirect("guardians:association", code=code)


@require_POST
def resend_all(request, code: str):
    association = association_for(request, code)
    if not perms.can_resend(request.user, association):
        raise Http404
    season = _current_season()
    if season is None:
        raise Http404
    try:
        count = services.association_resend(
            association=association, season=season, actor=request.user
        )
    except services.GuardianError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{count} lien{'s' if count > 1 else ''} renvoyé{'s' if count > 1 else ''} "
            f"aux responsables légaux de l'AS {association.code} qui n'ont pas répondu.",
        )
    if request.POST.get("retour") == "services":
        return redirect("guardians:staff")
    return redirect("guardians:association", code=code)


@require_http_methods(["GET", "POST"])
def paper(request, code: str, licence_pk: int):
    association = association_for(request, code)
    if not perms.can_record_paper(request.user, association):
        raise Http404
    licence = _licence_of(request, association, licence_pk)
    shown = shown_for(licence)
    form = PaperForm(request.POST if request.method == "POST" else None, shown=shown)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["shown_digest"] != digest(shown):
            form.add_error(None, "La licence vient d'être modifiée : vérifiez-la à nouveau.")
        else:
            try:
                services.record_paper(licence=licence, actor=request.user, values=form.cleaned_data)
            except services.GuardianError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"Formulaire papier de {licence.pupil} enregistré. Conservez la "
                    "feuille signée dix ans au sein de l'AS.",
                )
                return redirect("guardians:association", code=code)
    return render(
        request,
        "guardians/paper.html",
        {
            "association": association,
            "licence": licence,
            "shown": shown,
            "form": form,
            "responses": licence.guardian_responses.select_related("recorded_by"),
        },
    )


@require_GET
@staff_required
def staff_rates(request):
    """The response rate of each AS of the territory (SD, SR, DN)."""
    season = _current_season()
    associations = associations_with_rate(
        SportsAssociation.objects.for_user(request.user).select_related(
            "establishment", "department"
        ),
        season,
    )
    listing = Listing(
        request,
        associations,
        columns=[
            *association_columns(lambda a: reverse("guardians:association", args=[a.code])),
            Column("Licences", lambda a: a.licence_total, "licence_total"),
            Column("Réponses", lambda a: a.licence_answered, "licence_answered"),
            Column("Taux", lambda a: _percent_text(a.licence_answered, a.licence_total)),
        ],
        search_fields=["code", "establishment__name", "establishment__city"],
        filters=[department_filter(request.user)],
        default_order="code",
        export_name="responsables-legaux",
    )
    if listing.export_format:
        return listing.export()
    context = listing.context()
    answered, total = services.response_rate(
        Licence.objects.for_user(request.user).filter(season=season)
    )
    corrections = correction_counts(
        GuardianResponse.objects.for_user(request.user).filter(licence__season=season)
    )
    context["lines"] = [
        {
            "association": association,
            "cells": cells,
            "can_resend": perms.is_regional(request.user, association),
        }
        for association, cells in zip(context["page_obj"], context["rows"], strict=True)
    ]
    return render(
        request,
        "guardians/staff.html",
        context
        | {
            "season": season,
            "answered": answered,
            "total": total,
            "rate": percent(answered, total),
            "corrections": corrections,
        },
    )


def _percent_text(answered: int, total: int) -> str:
    value = percent(answered, total)
    return "—" if value is None else f"{value} %"
