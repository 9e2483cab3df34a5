"""Printed licences and lists: the licence card and its public verification page, the certified
list of an AS's licensees, the services' list of licences in their scope, the AS's adult
licences. Anyone who may not see one gets a 404."""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from opuss.accounts.perms import staff_required
from opuss.affiliations.perms import can_fill_in
from opuss.associations.views import association_for
from opuss.core.export_jobs import deferred
from opuss.core.listing import Column, Filter, Listing, url_of
from opuss.core.pdf import render_pdf
from opuss.core.search import Code
from opuss.licences import adults as adult_services
from opuss.licences import cards
from opuss.licences.enums import AdultKind, LicenceState, Sex
from opuss.licences.models import AdultLicence, Licence
from opuss.licences.views import card_column, licence_columns
from opuss.rules.errors import UnknownSeason
from opuss.rules.season import load_season
from opuss.seasons.models import Season
from opuss.territories.filters import department_filter

# --- the card and its verification ----------------------------------------------------------


@require_GET
def card(request, pk: int):
    """The pupil's own licences, his AS's, the services' in scope."""
    licence = get_object_or_404(
        Licence.objects.for_user(request.user).select_related(
            "pupil", "association__establishment", "season"
        ),
        pk=pk,
    )
    return render_pdf(
        request,
        "licences/pdf/card.html",
        cards.card_context(licence),
        f"licence-{licence.number}-{licence.season}.pdf",
    )


@login_not_required
@require_GET
@never_cache
def verify(request, token: str):
    """Reached by the card's QR code, by anyone: a referee, an organiser."""
    pk = cards.licence_pk_from_token(token)
    if pk is None:
        raise Http404
    licence = get_object_or_404(
        Licence.objects.select_related("pupil", "association__establishment", "season"), pk=pk
    )
    response = render(request, "licences/verify.html", cards.verification_context(licence))
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


# --- lists of licensees ---------------------------------------------------------------------


def _season_asked(request) -> Season:
    """`?saison=2024` (the start year), else the current season."""
    year = request.GET.get("saison", "")
    if year:
        if not year.isdigit():
            raise Http404
        return get_object_or_404(Season, start_year=int(year))
    return Season.objects.current()


@require_GET
def certified_list(request, code: str):
    """For the AS's members and the services in scope: the list the head of establishment
    certifies. A transferred licence is not one of the AS's any more."""
    association = association_for(request, code)
    season = _season_asked(request)
    licences = (
        Licence.objects.for_user(request.user)
        .filter(association=association, season=season, state=LicenceState.ACTIVE)
        .select_related("pupil")
        .order_by("pupil__last_name", "pupil__first_name", "number")
    )
    filename = f"licencies-{season}-AS{association.code}.pdf"
    # A large AS's list takes longer to print than a request may: a task prints it.
    later = deferred(
        request,
        fmt="pdf",
        filename=filename,
        count=licences.count,
        limit=settings.CERTIFIED_LIST_INLINE_MAX,
    )
    if later is not None:
        return later
    return render_pdf(
        request,
        "licences/pdf/certified_list.html",
        cards.certified_list_context(association, season, licences),
        filename,
    )


@require_GET
@staff_required
def region_licences(request):
    season = Season.objects.current()
    queryset = (
        Licence.objects.for_user(request.user)
        .filter(season=season)
        .select_related("pupil", "season", "association")
    )
    categories = _season_categories(season, queryset)
    licences_url = url_of("associations:licences")
    listing = Listing(
        request,
        queryset,
        columns=[
            Column(
                "AS",
                lambda lic: lic.association.code,
                "association__code",
                link=lambda lic: licences_url(lic.association.code),
            ),
            *licence_columns(),
            Column("État", lambda lic: lic.get_state_display(), "state"),
            card_column(),
        ],
        search_fields=[
            Code("association__code"),
            Code("number"),
            "pupil__last_name",
            "pupil__first_name",
        ],
        filters=[
            department_filter(request.user, "association__department__code"),
            Filter("sexe", "Sexe", "pupil__sex", Sex.choices),
            Filter("categorie", "Catégorie", "category", [(c, c) for c in categories]),
        ],
        default_order="association__code",
        export_name=f"licences-{season}",
    )
    if listing.export_format:
        return listing.export()
    return render(request, "licences/region_licences.html", {**listing.context(), "season": season})


def _season_categories(season, queryset) -> list[str]:
    """The categories of the filter: the season's, from its rules file (not a DISTINCT over the
    season's licences on every view, issue #14); read from the licences only for a season
    without a file."""
    try:
        return [category.label for category in load_season(season.label).categories]
    except UnknownSeason:
        return sorted(set(queryset.order_by().values_list("category", flat=True).distinct()))


# --- adult licences -------------------------------------------------------------------------


class AdultOrderForm(forms.Form):
    last_name = forms.CharField(label="Nom", max_length=100)
    first_name = forms.CharField(label="Prénom", max_length=100)
    email = forms.EmailField(label="E-mail")
    kind = forms.ChoiceField(
        label="Qualité",
        choices=[(k.value, k.label) for k in adult_services.ORDERABLE_KINDS],
    )


def _adult_listing(request, association, season) -> Listing:
    return Listing(
        request,
        AdultLicence.objects.for_user(request.user).filter(association=association, season=season),
        columns=[
            Column("Qualité", lambda a: a.get_kind_display(), "kind"),
            Column("Nom", lambda a: a.last_name.upper(), "last_name"),
            Column("Prénom", lambda a: a.first_name, "first_name"),
            Column("E-mail", lambda a: a.email, "email"),
            Column("N° de licence", lambda a: a.number, "number"),
            Column("Prise le", lambda a: a.created_at, "created_at"),
        ],
        search_fields=["last_name", "first_name", "email", "number"],
        filters=[Filter("qualite", "Qualité", "kind", AdultKind.choices)],
        default_order="last_name",
        export_name=f"licences-adultes-{association.code}",
    )


@require_GET
def adults(request, code: str):
    """The AS's adult licensees, for its members and the services in scope."""
    association = association_for(request, code)
    season = _season_asked(request)
    listing = _adult_listing(request, association, season)
    if listing.export_format:
        return listing.export()
    return _adults_page(request, association, season, listing, AdultOrderForm())


def _adults_page(request, association, season, listing, form):
    member = can_fill_in(request.user, association) and season.is_current
    context = {
        **listing.context(),
        "association": association,
        "season": season,
        "member": member,
        "form": form,
    }
    if member:
        context["refusal"] = adult_services.ordering_refusal(association, season)
        context["animateurs_without"] = adult_services.animateurs_without_licence(
            association, season
        )
    return render(request, "licences/adults.html", context)


@require_GET
def adults_pdf(request, code: str):
    association = association_for(request, code)
    season = _season_asked(request)
    adult_licences = (
        AdultLicence.objects.for_user(request.user)
        .filter(association=association, season=season)
        .order_by("last_name", "first_name", "number")
    )
    return render_pdf(
        request,
        "licences/pdf/adults.html",
        cards.adult_list_context(association, season, adult_licences),
        f"licences-adultes-{season}-AS{association.code}.pdf",
    )


def _member_association(request, code):
    association = association_for(request, code)
    if not can_fill_in(request.user, association):
        raise Http404
    return association


@require_POST
def adult_order(request, code: str):
    association = _member_association(request, code)
    season = Season.objects.current()
    form = AdultOrderForm(request.POST)
    if not form.is_valid():
        listing = _adult_listing(request, association, season)
        return _adults_page(request, association, season, listing, form)
    try:
        licence = adult_services.adult_licence_order(
            association=association, season=season, actor=request.user, **form.cleaned_data
        )
    except adult_services.AdultLicenceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Licence adulte n° {licence.number} prise pour {licence.last_name} "
            f"{licence.first_name} ({licence.get_kind_display()}).",
        )
    return redirect("cards:adults", code=association.code)


@require_POST
def adult_animateurs(request, code: str):
    association = _member_association(request, code)
    try:
        created = adult_services.animateur_licences_generate(
            association=association, season=Season.objects.current(), actor=request.user
        )
    except adult_services.AdultLicenceError as error:
        messages.error(request, str(error))
    else:
        if created:
            plural = "s" if len(created) > 1 else ""
            messages.success(
                request, f"{len(created)} licence{plural} d'animateur générée{plural}."
            )
        else:
            messages.info(request, "Chaque animateur de l'AS a déjà sa licence de la saison.")
    return redirect("cards:adults", code=association.code)
