from django.contrib.auth.decorators import login_not_required
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from opuss.accounts.perms import staff_required
from opuss.accounts.roles import ACTIVE_ROLE_SESSION_KEY, active_assignment, home_url
from opuss.associations.models import SportsAssociation
from opuss.licences.models import Licence
from opuss.seasons.models import Season
from opuss.territories.models import Department


@login_not_required
@require_GET
def home(request):
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return redirect(home_url(active_assignment(request)))


@require_POST
def switch_role(request):
    wanted = int(request.POST.get("assignment", "0") or 0)
    if not any(a.pk == wanted for a in request.user.role_assignments_cached):
        raise Http404
    request.session[ACTIVE_ROLE_SESSION_KEY] = wanted
    return redirect("core:home")


@require_GET
@staff_required
def staff_home(request):
    """The home of the departmental, regional and national services: their territory at a glance."""
    season = Season.objects.current_or_none()
    departments = (
        Department.objects.for_user(request.user)
        .select_related("academy")
        .annotate(association_count=Count("associations", distinct=True))
    )
    licences = Licence.objects.for_user(request.user).filter(season=season)
    return render(
        request,
        "core/staff_home.html",
        {
            "season": season,
            "departments": departments,
            "association_count": SportsAssociation.objects.for_user(request.user).count(),
            "licence_count": licences.count(),
        },
    )


@login_not_required
@require_GET
def terms(request):
    return render(request, "core/terms.html")


@login_not_required
@require_GET
def cookies(request):
    return render(request, "core/cookies.html")


@login_not_required
@require_GET
def health(request):
    return HttpResponse("ok", content_type="text/plain")
