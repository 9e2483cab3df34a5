"""The JO of an AS (its animateurs, and the services of its territory) and of a territory (SD,
SR, DN): certifications and officiated events, and the forms to add them."""

from django.contrib import messages
from django.db.models import Case, IntegerField, Value, When
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from opuss.accounts.perms import staff_required
from opuss.associations.views import association_for
from opuss.core.listing import Column, Filter, Listing
from opuss.jo import perms, services
from opuss.jo.enums import JoLevel, JoRole
from opuss.jo.forms import CertifyForm, OfficiatingForm
from opuss.jo.ladder import LEVELS
from opuss.jo.models import Certification, Officiating
from opuss.licences.models import Licence
from opuss.seasons.models import Season
from opuss.territories.filters import department_filter

LEVEL_RANK = Case(
    *(When(level=level, then=Value(rank)) for rank, level in enumerate(LEVELS)),
    output_field=IntegerField(),
)


def _pupil_columns() -> list[Column]:
    return [
        Column(
            "Nom",
            lambda row: row.pupil.last_name.upper(),
            "pupil__last_name",
            link=lambda row: reverse("licences:pupil_detail", args=[row.pupil_id]),
        ),
        Column("Prénom", lambda row: row.pupil.first_name, "pupil__first_name"),
        Column("N° JO", lambda row: row.pupil.jo_number, "pupil__jo_number"),
    ]


def _association_column() -> Column:
    return Column(
        "AS",
        lambda row: row.association.code,
        "association__code",
        link=lambda row: reverse("jo:association", args=[row.association.code]),
    )


def _jo_columns() -> list[Column]:
    return [
        Column("Activité", lambda row: row.activity, "activity__name"),
        Column("Rôle", lambda row: row.get_role_display(), "role"),
        Column("Niveau", lambda row: row.get_level_display(), "level_rank"),
    ]


def certification_listing(request, queryset, *, export_name: str, territory: bool) -> Listing:
    columns = [
        *_pupil_columns(),
        *([_association_column()] if territory else []),
        *_jo_columns(),
        Column("Date", lambda c: c.certified_on, "certified_on"),
        Column("Certifié par", lambda c: c.certifier.display_name, "certifier__last_name"),
        Column("Saison", lambda c: c.season, "season__start_year"),
    ]
    return Listing(
        request,
        queryset.select_related("pupil", "activity", "certifier", "season", "association").annotate(
            level_rank=LEVEL_RANK
        ),
        columns=columns,
        search_fields=[
            "pupil__last_name",
            "pupil__first_name",
            "pupil__jo_number",
            "activity__name",
        ],
        filters=_filters(request, territory),
        default_order="-certified_on",
        export_name=export_name,
    )


def officiating_listing(request, queryset, *, export_name: str, territory: bool) -> Listing:
    columns = [
        *_pupil_columns(),
        *([_association_column()] if territory else []),
        Column("Événement", lambda o: o.title, "title"),
        Column("Date", lambda o: o.held_on, "held_on"),
        Column("Lieu", lambda o: o.place, "place"),
        *_jo_columns(),
        Column("Saisi par", lambda o: o.recorded_by.display_name, "recorded_by__last_name"),
    ]
    return Listing(
        request,
        queryset.select_related("pupil", "activity", "recorded_by", "association").annotate(
            level_rank=LEVEL_RANK
        ),
        columns=columns,
        search_fields=["pupil__last_name", "pupil__first_name", "title", "place", "activity__name"],
        filters=_filters(request, territory),
        default_order="-held_on",
        export_name=export_name,
    )


def _filters(request, territory: bool) -> list[Filter]:
    filters = [
        Filter("role", "Rôle", "role", JoRole.choices),
        Filter("niveau", "Niveau", "level", JoLevel.choices),
    ]
    if territory:
        filters.append(department_filter(request.user, path="association__department__code"))
    return filters


def _render_listing(request, listing: Listing, context: dict):
    if listing.export_format:
        return listing.export()
    return render(request, "jo/listing.html", listing.context() | context)


def _association_tabs(association, current: str) -> list[dict]:
    return [
        {
            "label": "Certifications",
            "url": reverse("jo:association", args=[association.code]),
            "current": current == "certifications",
        },
        {
            "label": "Événements encadrés",
            "url": reverse("jo:association_events", args=[association.code]),
            "current": current == "events",
        },
    ]


def _staff_tabs(current: str) -> list[dict]:
    return [
        {
            "label": "Certifications",
            "url": reverse("jo:staff"),
            "current": current == "certifications",
        },
        {
            "label": "Événements encadrés",
            "url": reverse("jo:staff_events"),
            "current": current == "events",
        },
    ]


@require_GET
def association_certifications(request, code: str):
    association = association_for(request, code)
    listing = certification_listing(
        request,
        Certification.objects.for_user(request.user).filter(association=association),
        export_name=f"jo-certifications-{association.code}",
        territory=False,
    )
    can_write = bool(perms.levels_for(request.user, association))
    return _render_listing(
        request,
        listing,
        {
            "heading": "Jeunes Officiels : certifications",
            "association": association,
            "tabs": _association_tabs(association, "certifications"),
            "actions": [
                {
                    "label": "Certifier un élève",
                    "url": reverse("jo:association_certify", args=[association.code]),
                }
            ]
            if can_write
            else [],
        },
    )


@require_GET
def association_officiatings(request, code: str):
    association = association_for(request, code)
    listing = officiating_listing(
        request,
        Officiating.objects.for_user(request.user).filter(association=association),
        export_name=f"jo-evenements-{association.code}",
        territory=False,
    )
    can_write = bool(perms.levels_for(request.user, association))
    return _render_listing(
        request,
        listing,
        {
            "heading": "Jeunes Officiels : événements encadrés",
            "association": association,
            "tabs": _association_tabs(association, "events"),
            "actions": [
                {
                    "label": "Saisir un événement encadré",
                    "url": reverse("jo:association_record", args=[association.code]),
                }
            ]
            if can_write
            else [],
        },
    )


@require_GET
@staff_required
def staff_certifications(request):
    listing = certification_listing(
        request,
        Certification.objects.for_user(request.user),
        export_name="jo-certifications",
        territory=True,
    )
    return _render_listing(
        request,
        listing,
        {
            "heading": "Jeunes Officiels : certifications de mon territoire",
            "tabs": _staff_tabs("certifications"),
            "actions": [{"label": "Certifier un élève", "url": reverse("jo:staff_certify")}],
        },
    )


@require_GET
@staff_required
def staff_officiatings(request):
    listing = officiating_listing(
        request,
        Officiating.objects.for_user(request.user),
        export_name="jo-evenements",
        territory=True,
    )
    return _render_listing(
        request,
        listing,
        {
            "heading": "Jeunes Officiels : événements encadrés de mon territoire",
            "tabs": _staff_tabs("events"),
            "actions": [
                {"label": "Saisir un événement encadré", "url": reverse("jo:staff_record")}
            ],
        },
    )


# --- the forms ----------------------------------------------------------------------------


def _season_licences(queryset):
    return queryset.filter(season=Season.objects.current_or_none())


def _certify(request, form) -> str:
    certification = services.certify(actor=request.user, **form.cleaned_data)
    return (
        f"{certification.pupil} est certifié {certification.get_role_display()} en "
        f"{certification.activity}, niveau {certification.get_level_display()} "
        f"(JO N° {certification.pupil.jo_number})."
    )


def _record(request, form) -> str:
    officiating = services.record_officiating(actor=request.user, **form.cleaned_data)
    return f"Événement « {officiating.title} » enregistré pour {officiating.pupil}."


CERTIFY = {
    "form_class": CertifyForm,
    "write": _certify,
    "heading": "Certifier un Jeune Officiel",
    "submit": "Certifier",
    "intro": "Un élève certifié pour la première fois reçoit son numéro Jeune Officiel. Une "
    "certification ne se supprime pas : vérifiez-la avant de l'enregistrer.",
}
RECORD = {
    "form_class": OfficiatingForm,
    "write": _record,
    "heading": "Saisir un événement encadré par un Jeune Officiel",
    "submit": "Enregistrer l'événement",
    "intro": "L'événement apparaît dans l'espace de l'élève, rubrique « J.O. ».",
}


def _jo_form(
    request, what: dict, *, licences, levels, by_number: bool, back_url: str, association=None
):
    if not levels:
        raise Http404
    form = what["form_class"](
        request.POST if request.method == "POST" else None,
        licences=licences,
        levels=levels,
        by_number=by_number,
    )
    if request.method == "POST" and form.is_valid():
        try:
            message = what["write"](request, form)
        except services.JoError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(request, message)
            return redirect(back_url)
    return render(
        request,
        "jo/form.html",
        {
            "form": form,
            "association": association,
            "back_url": back_url,
            "heading": what["heading"],
            "submit": what["submit"],
            "intro": what["intro"],
        },
    )


@require_http_methods(["GET", "POST"])
def association_certify(request, code: str):
    association = association_for(request, code)
    return _jo_form(
        request,
        CERTIFY,
        licences=_season_licences(Licence.objects.filter(association=association)),
        levels=perms.levels_for(request.user, association),
        by_number=False,
        back_url=reverse("jo:association", args=[association.code]),
        association=association,
    )


@require_http_methods(["GET", "POST"])
def association_record(request, code: str):
    association = association_for(request, code)
    return _jo_form(
        request,
        RECORD,
        licences=_season_licences(Licence.objects.filter(association=association)),
        levels=perms.levels_for(request.user, association),
        by_number=False,
        back_url=reverse("jo:association_events", args=[association.code]),
        association=association,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def staff_certify(request):
    return _jo_form(
        request,
        CERTIFY,
        licences=_season_licences(Licence.objects.for_user(request.user)),
        levels=perms.staff_levels(request.user),
        by_number=True,
        back_url=reverse("jo:staff"),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def staff_record(request):
    return _jo_form(
        request,
        RECORD,
        licences=_season_licences(Licence.objects.for_user(request.user)),
        levels=perms.staff_levels(request.user),
        by_number=True,
        back_url=reverse("jo:staff_events"),
    )
