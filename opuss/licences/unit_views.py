"""« Licence à l'unité (CNED) »: the regional service (and DN) licenses a pupil of
télé-enseignement in an AS of its territory, which pays the season's unit price (circular
2025-2026, III.2). The pupil's data as the basket asks them, a confirmation that says what the
AS will be charged, then the licence at once."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from opuss.accounts.enums import Role
from opuss.accounts.perms import roles_required
from opuss.affiliations.perms import can_decide
from opuss.associations.models import SportsAssociation
from opuss.licences import services
from opuss.licences.forms import UnitLicenceForm
from opuss.rules.money import format_eur
from opuss.seasons.models import Season

REVIEW, EDIT, CREATE = "", "edit", "create"


@require_http_methods(["GET", "POST"])
@roles_required(Role.SR, Role.DN)
def unit_licence(request):
    season = Season.objects.current()
    if request.method == "GET":
        # From an AS's page: its code typed in advance, looked up only when posted.
        form = UnitLicenceForm(initial={"association": request.GET.get("as", "")})
        return _form_page(request, season, form)
    form = UnitLicenceForm(request.POST)
    if not form.is_valid():
        return _form_page(request, season, form)
    association = _decided(request, form.cleaned_data["association"])
    refusal = services.licensing_refusal(association, season)
    if refusal:
        form.add_error("association", refusal)
        return _form_page(request, season, form)
    action = request.POST.get("action", REVIEW)
    if action == EDIT:
        return _form_page(request, season, form)
    try:
        line = services.unit_licence_line(
            association=association, season=season, values=form.cleaned_data
        )
    except services.LicenceError as error:
        form.add_error(error.field or "birth_date", str(error))
        return _form_page(request, season, form)
    if action == CREATE:
        return _create(request, season, form, line)
    return _review_page(request, season, form, line)


def _decided(request, association: SportsAssociation) -> SportsAssociation:
    """Only an AS of the user's territory, where he decides: another's does not exist for him."""
    if not SportsAssociation.objects.for_user(request.user).filter(pk=association.pk).exists():
        raise Http404
    if not can_decide(request.user, association):
        raise Http404
    return association


def _create(request, season, form, line):
    association = form.cleaned_data["association"]
    try:
        licence = services.license_unit(
            association=association, season=season, actor=request.user,
            values=form.cleaned_data, confirmed=request.POST.getlist("checks"),
        )
    except services.LicenceError as error:
        return _review_page(request, season, form, line, error=str(error))
    messages.success(
        request,
        f"Licence à l'unité n° {licence.number} prise pour {licence.pupil} à l'AS "
        f"{association.code} ; {format_eur(services.unit_licence_price(season))} "
        "portés au compte de l'AS. Le lien de validation part au responsable légal.",
    )
    return redirect("licences:pupil_detail", pk=licence.pupil_id)


def _form_page(request, season, form):
    return render(request, "licences/unit_licence.html", {
        "season": season, "form": form, "price": services.unit_licence_price(season),
    })


def _review_page(request, season, form, line, error=""):
    warnings = services.line_warnings([line], request.user)[line.pk]
    return render(request, "licences/unit_licence_review.html", {
        "season": season,
        "form": form,
        "association": form.cleaned_data["association"],
        "line": line,
        "price": services.unit_licence_price(season),
        "checks": services.required_checks(season),
        "warnings": warnings,
        "duplicates_check": services.DUPLICATES_CHECK
        if services.probable_duplicates([line]) else "",
        "error": error,
        "create": CREATE,
        "edit": EDIT,
    })
