"""The licencié's two pages (seed 000, "COMPÉTITIONS"): "Je peux m'inscrire" and "J'ai
participé". Both read his own entries only."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from opuss.competitions.models import Competition, Entry
from opuss.competitions.selectors import active_licence, with_details
from opuss.core import clock
from opuss.licences.selectors import own_pupil
from opuss.seasons.models import Season


@require_GET
def pupil_open(request):
    pupil = own_pupil(request)
    season = Season.objects.current_or_none()
    licence = active_licence(pupil, season) if season else None
    competitions = []
    if licence is not None:
        entered = set(Entry.objects.filter(pupil=pupil).values_list("competition_id", flat=True))
        competitions = list(
            with_details(Competition.objects.open_to(licence, clock.now())).order_by("date", "name")
        )
        for competition in competitions:
            competition.entered = competition.pk in entered
    return render(
        request,
        "competitions/pupil_open.html",
        {"pupil": pupil, "season": season, "licence": licence, "competitions": competitions},
    )


@require_GET
def pupil_participated(request):
    pupil = own_pupil(request)
    entries = (
        Entry.objects.filter(pupil=pupil)
        .participated()
        .select_related(
            "team",
            "association",
            "competition__activity",
            "competition__season",
            "competition__district",
            "competition__department",
            "competition__academy",
        )
        .order_by("-competition__date", "competition__name")
    )
    return render(
        request, "competitions/pupil_participated.html", {"pupil": pupil, "entries": entries}
    )
