"""« Vie de l'AS »: the AS's page (its seasons' figures, the deadline, the alert), the entry of one
season's figures by its animateurs, and the services' list of the AS of their territory with
what each lacks."""

from django.contrib import messages
from django.db.models import IntegerField, OuterRef, Subquery
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from opuss.accounts.perms import staff_required
from opuss.association_life import perms, selectors, services
from opuss.association_life.forms import StatisticsForm
from opuss.association_life.models import AssociationStatistics
from opuss.associations.listing import association_columns
from opuss.associations.views import association_for
from opuss.core import clock
from opuss.core.audit import entries_for
from opuss.core.listing import Column, Filter, Listing
from opuss.rules import association_life as rules
from opuss.seasons.models import Season
from opuss.territories.filters import department_filter


def _statistics(association, seasons) -> dict:
    rows = AssociationStatistics.objects.filter(
        association=association, season__in=seasons
    ).prefetch_related("activities")
    return {row.season_id: row for row in rows}


@require_GET
def association_page(request, code: str):
    association = association_for(request, code)
    now = clock.now()
    offered = selectors.offered_seasons(now)
    figures = _statistics(association, [item.season for item in offered])
    seasons = [
        {
            "item": item,
            "statistics": figures.get(item.season.pk),
            "missing": selectors.missing_of(association, item.season),
            "alerted": item.alert_due and selectors.is_concerned(association, item.season),
        }
        for item in offered
    ]
    return render(
        request,
        "association_life/association.html",
        {
            "association": association,
            "seasons": seasons,
            "can_enter": perms.can_enter(request.user, association),
        },
    )


def _offered(label: str):
    for item in selectors.offered_seasons(clock.now()):
        if item.season.label == label:
            return item
    raise Http404


def _initial(association, statistics) -> dict:
    initial = {"phone": association.phone}
    if statistics is None:
        return initial
    return (
        initial
        | {name: getattr(statistics, name) for name in services.FIELDS}
        | {"activities": list(statistics.activities.all())}
    )


@require_http_methods(["GET", "POST"])
def entry(request, code: str, season: str):
    association = association_for(request, code)
    if not perms.can_enter(request.user, association):
        raise Http404
    item = _offered(season)
    statistics = AssociationStatistics.objects.filter(
        association=association, season=item.season
    ).first()
    form = StatisticsForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(association, statistics),
    )
    if request.method == "POST" and item.open and form.is_valid():
        try:
            services.statistics_save(
                actor=request.user,
                association=association,
                season=item.season,
                values=form.cleaned_data,
            )
        except services.StatisticsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Vie de l'AS {item.season} enregistrée.")
            return redirect("association_life:association", code=code)
    return render(
        request,
        "association_life/entry.html",
        {
            "association": association,
            "item": item,
            "form": form if item.open else None,
            "statistics": statistics,
            "audit": entries_for(statistics) if statistics else [],
        },
    )


def _listed_season(request) -> Season:
    """The season asked (?saison=2025-2026), else the one being alerted, else the current."""
    label = request.GET.get("saison", "")
    if label:
        season = next((s for s in Season.objects.all() if s.label == label), None)
        if season is None:
            raise Http404
        return season
    alerted = selectors.alert_seasons(clock.now())
    if alerted:
        return alerted[0]
    return Season.objects.current()


@require_GET
@staff_required
def staff_list(request):
    season = _listed_season(request)
    figures = {
        name: Subquery(
            AssociationStatistics.objects.filter(association=OuterRef("pk"), season=season).values(
                name
            )[:1],
            output_field=IntegerField(),
        )
        for name in services.FIELDS
    }
    queryset = (
        selectors.with_state(selectors.concerned(season, request.user), season)
        .select_related("establishment", "department", "district")
        .annotate(**figures)
    )
    states = dict(selectors.STATE_CHOICES)
    listing = Listing(
        request,
        queryset,
        columns=[
            *association_columns(
                lambda a: reverse("association_life:association", args=[a.code]), district=True
            ),
            Column("Vie de l'AS", lambda a: states[a.life_state], "life_state"),
            Column("Ce qui manque", lambda a: _missing_text(a)),
            Column("Participations", lambda a: a.participations, "participations"),
            Column("Événements", lambda a: a.events, "events"),
            Column("JO formés", lambda a: a.jo_trained, "jo_trained"),
            Column("Sport partagé", lambda a: a.shared_sport, "shared_sport"),
        ],
        search_fields=["code", "establishment__name", "establishment__city"],
        filters=[
            Filter("etat", "Vie de l'AS", "life_state", selectors.STATE_CHOICES),
            department_filter(request.user),
        ],
        default_order="code",
        export_name=f"vie-des-as-{season.label}",
    )
    if listing.export_format:
        return listing.export()
    return render(
        request,
        "association_life/staff_list.html",
        listing.context()
        | {
            "season": season,
            "seasons": Season.objects.all(),
            "alerted": season in selectors.alert_seasons(clock.now()),
        },
    )


def _missing_text(association) -> str:
    found = rules.missing(
        has_statistics=association.has_statistics,
        administrative=rules.AdministrativeData(email=association.email, phone=association.phone),
    )
    return found.text().capitalize() if found else ""
