from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection, transaction
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from opuss.accounts.perms import staff_required
from opuss.accounts.roles import ACTIVE_ROLE_SESSION_KEY, active_assignment, home_url
from opuss.associations.models import SportsAssociation
from opuss.core import source
from opuss.core.caching import kept
from opuss.core.replica import reads_from_replica
from opuss.core.scope import scope_of
from opuss.core.tasks_selectors import season_counts, staff_tasks
from opuss.dashboards.selectors import refreshed, season_summary
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


@dataclass(frozen=True)
class DepartmentRow:
    code: str
    label: str
    academy: str
    associations: int


# The departments and their AS change once in a while: a new AS shows within this time.
DEPARTMENTS_SECONDS = 300


def departments_of(user) -> list[DepartmentRow]:
    """The services' home's departments with their AS, kept per scope (101 rows and a count
    over 10,000 AS for DN on every view, issue #14)."""
    scope = scope_of(user)
    key = "national" if scope.national else ";".join(
        f"{level.value}={','.join(map(str, sorted(ids)))}"
        for level, ids in sorted(scope.ids.items())
    )

    def read() -> list[DepartmentRow]:
        rows = (
            Department.objects.for_user(user)
            .select_related("academy")
            .annotate(association_count=Count("associations"))  # one join: no repeats
        )
        return [DepartmentRow(d.code, str(d), str(d.academy), d.association_count) for d in rows]

    return kept(["territories"], f"core:departments:{key}", read, DEPARTMENTS_SECONDS)


@require_GET
@staff_required
@reads_from_replica
def staff_home(request):
    """The home of the departmental, regional and national services: their territory at a glance."""
    season = Season.objects.current_or_none()
    departments = departments_of(request.user)
    counts = season_counts(request.user, season) if season else None
    # The licence counts of the whole territory: from the dashboards' summary rows, refreshed
    # every 15 minutes (docs/rules.md « Tableaux de bord »), not the season's licences.
    figures_at = refreshed(season).refreshed_at if season else None
    summary = season_summary(request.user, season) if season else {}
    if counts is not None:
        counts["unanswered"] = summary["guardians_unanswered"]
    return render(
        request,
        "core/staff_home.html",
        {
            "season": season,
            "season_counts": counts,
            "tasks": staff_tasks(request.user, season, counts) if season else [],
            "departments": departments,
            "association_count": SportsAssociation.objects.for_user(request.user).count(),
            "licence_count": summary.get("licences", 0),
            "figures_at": figures_at,
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
def legal_notice(request):
    return render(request, "core/legal_notice.html", {"host": settings.LEGAL_HOST})


@login_not_required
@require_GET
def accessibility(request):
    return render(request, "core/accessibility.html")


@login_not_required
@require_GET
def source_code(request):
    return render(
        request,
        "core/source.html",
        {
            "source_url": settings.SOURCE_URL,
            "version": source.version(),
            "archive_name": source.archive_name(),
        },
    )


@login_not_required
@require_GET
def source_archive(request):
    response = HttpResponse(source.source_archive(), content_type="application/gzip")
    response["Content-Disposition"] = f'attachment; filename="{source.archive_name()}"'
    return response


# Not inside the request's transaction: with the database down, opening it would fail before
# the view could say so.
@transaction.non_atomic_requests
@login_not_required
@require_GET
@never_cache
def health(request):
    """For the proxy or the monitoring: 200 "ok" when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse(
            "base de données injoignable", status=503, content_type="text/plain; charset=utf-8"
        )
    return HttpResponse("ok", content_type="text/plain")
