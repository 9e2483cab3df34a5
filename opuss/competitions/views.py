"""The services' pages (SD, SR, DN): their competitions, a new one, its settings, its entries and,
after it, who took part."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from opuss.accounts.perms import staff_required
from opuss.competitions import perms, services
from opuss.competitions.enums import COMPETITION_LEVEL_CHOICES, CompetitionState
from opuss.competitions.forms import CompetitionForm, ParticipationForm, initial_of
from opuss.competitions.models import Competition, Entry, Team
from opuss.competitions.selectors import CategoryNames, with_details, with_territory
from opuss.core import clock
from opuss.core.audit import entries_for
from opuss.core.listing import Column, Filter, Listing
from opuss.seasons.models import Season
from opuss.sport.models import Activity


def _competition_for(request, pk: int) -> Competition:
    return get_object_or_404(with_details(Competition.objects.for_user(request.user)), pk=pk)


@require_GET
@staff_required
def manage(request):
    now = clock.now()
    competitions = with_territory(
        Competition.objects.for_user(request.user)
        .with_state(now)
        .annotate(entry_count=Count("entries"))
    )
    activities = Activity.objects.filter(
        pk__in=Competition.objects.for_user(request.user).values("activity")
    )
    listing = Listing(
        request,
        competitions,
        columns=[
            Column("Date", lambda c: c.date, "date"),
            Column(
                "Intitulé",
                lambda c: c.name,
                "name",
                link=lambda c: reverse("competitions:detail", args=[c.pk]),
            ),
            Column("Activité", lambda c: c.activity, "activity__name"),
            Column("Catégories", CategoryNames(competitions)),
            Column("Sexe", lambda c: c.get_sex_display(), "sex"),
            Column("Niveau", lambda c: c.get_level_display(), "level"),
            Column("Territoire", lambda c: c.territory_label),
            Column("Date limite d'inscription", lambda c: c.entry_deadline, "entry_deadline"),
            Column("Inscrits", lambda c: c.entry_count, "entry_count"),
            Column("État", lambda c: CompetitionState(c.state).label, "state"),
        ],
        search_fields=["name", "place", "activity__name"],
        filters=[
            Filter("niveau", "Niveau", "level", COMPETITION_LEVEL_CHOICES),
            Filter(
                "activite", "Activité", "activity__pk", [(str(a.pk), a.name) for a in activities]
            ),
            Filter("etat", "État", "state", CompetitionState.choices),
        ],
        default_order="-date",
        export_name="competitions",
    )
    if listing.export_format:
        return listing.export()
    return render(
        request,
        "competitions/manage.html",
        listing.context() | {"can_create": bool(perms.levels_for(request.user))},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def create(request):
    season = Season.objects.current_or_none()
    form = CompetitionForm(
        request.POST if request.method == "POST" else None, user=request.user, season=season
    )
    if request.method == "POST" and form.is_valid():
        try:
            competition = services.competition_create(actor=request.user, values=form.cleaned_data)
        except services.CompetitionError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, f"Compétition « {competition.name} » créée.")
            return redirect("competitions:detail", pk=competition.pk)
    return render(request, "competitions/form.html", {"form": form, "competition": None})


@require_http_methods(["GET", "POST"])
@staff_required
def edit(request, pk: int):
    competition = _competition_for(request, pk)
    if not perms.can_manage(request.user, competition):
        raise Http404
    form = CompetitionForm(
        request.POST if request.method == "POST" else None,
        user=request.user,
        season=competition.season,
        competition=competition,
        initial=initial_of(competition),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.competition_update(
                actor=request.user, competition=competition, values=form.cleaned_data
            )
        except services.CompetitionError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, f"Compétition « {competition.name} » enregistrée.")
            return redirect("competitions:detail", pk=competition.pk)
    return render(
        request,
        "competitions/form.html",
        {"form": form, "competition": competition, "audit": entries_for(competition)},
    )


def _entries(competition):
    return (
        Entry.objects.filter(competition=competition, team__isnull=True)
        .select_related("pupil", "licence", "association__establishment")
        .order_by("association__code", "pupil__last_name", "pupil__first_name")
    )


def _teams(competition):
    return (
        Team.objects.filter(competition=competition)
        .select_related("association__establishment")
        .prefetch_related("members__pupil")
        .order_by("association__code", "name")
    )


@require_GET
@staff_required
def detail(request, pk: int):
    competition = _competition_for(request, pk)
    now = clock.now()
    return render(
        request,
        "competitions/detail.html",
        {
            "competition": competition,
            "entries": _entries(competition),
            "entry_count": Entry.objects.filter(competition=competition).count(),
            "teams": _teams(competition) if competition.is_team else [],
            "entries_open": competition.entries_open(now),
            "results_open": competition.results_open(now),
            "can_manage": perms.can_manage(request.user, competition),
            "audit": entries_for(competition),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def record(request, pk: int):
    competition = _competition_for(request, pk)
    if not perms.can_manage(request.user, competition):
        raise Http404
    results_open = competition.results_open(clock.now())
    rows = _teams(competition) if competition.is_team else _entries(competition)
    form = ParticipationForm(request.POST if request.method == "POST" else None, rows=rows)
    if request.method == "POST":
        if not results_open:
            messages.error(
                request,
                "La participation se saisit à partir du jour de la compétition.",
            )
            return redirect("competitions:record", pk=competition.pk)
        if form.is_valid():
            try:
                changed = services.participation_record(
                    actor=request.user, competition=competition, results=form.results()
                )
            except services.CompetitionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"Participation enregistrée ({changed} modification{'s' * (changed > 1)}).",
                )
                return redirect("competitions:detail", pk=competition.pk)
    return render(
        request,
        "competitions/record.html",
        {"competition": competition, "form": form, "results_open": results_open},
    )
