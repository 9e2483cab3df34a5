"""The AS's pages: the competitions open to its pupils, entering them ("par l'intermédiaire de
son enseignant EPS", seed 000) or a team before the deadline, withdrawing them."""

from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opuss.associations.views import association_for
from opuss.competitions import perms, services
from opuss.competitions.forms import EntriesForm, TeamForm
from opuss.competitions.models import Competition, Entry, Team
from opuss.competitions.selectors import (
    association_entries,
    association_teams,
    judged_licences,
    with_details,
)
from opuss.core import clock
from opuss.licences.models import Licence
from opuss.seasons.models import Season


@require_GET
def association_page(request, code: str):
    association = association_for(request, code)
    now = clock.now()
    reachable = with_details(Competition.objects.reaching(association))
    open_competitions = reachable.entries_open(now).annotate(
        entered=Count("entries", filter=Q(entries__association=association))
    )
    season = Season.objects.current_or_none()
    entries = (
        Entry.objects.filter(association=association, competition__season=season)
        .select_related("pupil", "team", "competition__activity")
        .order_by("-competition__date", "competition__name", "team__name", "pupil__last_name")
    )
    return render(
        request,
        "competitions/association.html",
        {
            "association": association,
            "season": season,
            "competitions": open_competitions.order_by("entry_deadline", "date"),
            "entries": entries,
            "can_enter": perms.is_member(request.user, association),
        },
    )


def _competition_of(association, pk: int) -> Competition:
    """Only a competition of the AS's territory exists under its code."""
    return get_object_or_404(with_details(Competition.objects.reaching(association)), pk=pk)


def _member_association(request, code: str):
    association = association_for(request, code)
    if not perms.is_member(request.user, association):
        raise Http404
    return association


@require_http_methods(["GET", "POST"])
def enter(request, code: str, pk: int):
    association = _member_association(request, code)
    competition = _competition_of(association, pk)
    now = clock.now()
    entries_open = competition.entries_open(now)
    if request.method == "POST" and not entries_open:
        messages.error(
            request,
            f"Les inscriptions à cette compétition sont closes depuis {competition.deadline_text}.",
        )
        return redirect("competitions:enter", code=code, pk=pk)
    judged = judged_licences(competition, association, now)
    entered = set(Entry.objects.filter(competition=competition).values_list("pupil_id", flat=True))
    eligible = (
        Licence.objects.filter(
            pk__in=[
                lic.pk
                for lic, verdict in judged
                if verdict.eligible and lic.pupil_id not in entered
            ]
        )
        .select_related("pupil")
        .order_by("pupil__last_name", "pupil__first_name")
    )
    form_class = TeamForm if competition.is_team else EntriesForm
    form = form_class(request.POST if request.method == "POST" else None, licences=eligible)
    if (
        request.method == "POST"
        and form.is_valid()
        and _save(request, form, competition, association)
    ):
        return redirect("competitions:enter", code=code, pk=pk)
    return render(
        request,
        "competitions/enter.html",
        {
            "association": association,
            "competition": competition,
            "entries_open": entries_open,
            "form": form,
            "eligible_count": eligible.count(),
            "refused": [
                (lic, verdict)
                for lic, verdict in judged
                if not verdict.eligible and lic.pupil_id not in entered
            ],
            "entries": association_entries(competition, association),
            "teams": association_teams(competition, association) if competition.is_team else [],
        },
    )


def _save(request, form, competition, association) -> bool:
    licences = list(form.cleaned_data["licences"])
    try:
        if competition.is_team:
            team = services.team_create(
                actor=request.user,
                competition=competition,
                association=association,
                name=form.cleaned_data["name"],
                licences=licences,
            )
            messages.success(request, f"Équipe « {team.name} » inscrite ({len(licences)} élèves).")
        else:
            services.entries_create(
                actor=request.user,
                competition=competition,
                association=association,
                licences=licences,
            )
            plural = "s" * (len(licences) > 1)
            messages.success(request, f"{len(licences)} élève{plural} inscrit{plural}.")
    except services.CompetitionError as error:
        form.add_error(error.field if error.field in form.fields else None, str(error))
        return False
    return True


@require_POST
def withdraw(request, code: str, pk: int):
    association = _member_association(request, code)
    entry = get_object_or_404(
        Entry.objects.filter(association=association).select_related("competition", "pupil"),
        pk=pk,
    )
    try:
        services.entry_withdraw(actor=request.user, entry=entry)
    except services.CompetitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{entry.pupil} n'est plus inscrit à {entry.competition.name}.")
    return redirect("competitions:enter", code=code, pk=entry.competition_id)


@require_POST
def withdraw_team(request, code: str, pk: int):
    association = _member_association(request, code)
    team = get_object_or_404(
        Team.objects.filter(association=association).select_related("competition"), pk=pk
    )
    competition_id = team.competition_id
    try:
        services.team_withdraw(actor=request.user, team=team)
    except services.CompetitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"L'équipe « {team.name} » est retirée de la compétition.")
    return redirect("competitions:enter", code=code, pk=competition_id)
