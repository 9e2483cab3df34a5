"""« Tableau de bord »: the figures of a territory, one page per level (DN national, an SR's
académie, an SD's department, an AS its own), each unit below it one click away. Which unit may
be opened is `for_user`'s answer: out of scope is a 404."""

from dataclasses import dataclass
from typing import Any

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from opuss.accounts.enums import AS_ROLES, Role
from opuss.accounts.roles import active_assignment
from opuss.associations.models import SportsAssociation
from opuss.core.exports import export_response
from opuss.core.replica import reads_from_replica
from opuss.dashboards.selectors import kept_figures
from opuss.dashboards.tables import UNIT_COLUMNS, Links, all_tables
from opuss.seasons.models import Season
from opuss.territories.levels import Territory, TerritoryLevel
from opuss.territories.models import Academy, Department, District

# The query parameters that open a unit, from the most precise, with how each is found.
UNIT_PARAMS = ("as", "district", "departement", "academie")


@dataclass(frozen=True)
class Chosen:
    territory: Territory
    unit: Any
    home: Territory  # the person's own territory (his role's)


def _home(assignment) -> tuple[Territory, Any]:
    if assignment.role == Role.DN:
        return Territory.national(), None
    if assignment.role == Role.SR:
        return Territory.of(assignment.academy), assignment.academy
    if assignment.role == Role.SD:
        return Territory.of(assignment.department), assignment.department
    return Territory.of(assignment.association), assignment.association


def _unit(user, param: str, value: str):
    """The unit named in the URL, among those the user sees; 404 otherwise."""
    if param == "as":
        found = SportsAssociation.objects.for_user(user).filter(code=value)
    elif param == "district":
        found = District.objects.for_user(user).filter(pk=int(value) if value.isdigit() else 0)
    elif param == "departement":
        found = Department.objects.for_user(user).filter(code=value)
    else:
        found = Academy.objects.for_user(user).filter(code=value)
    unit = found.select_related(*(["establishment"] if param == "as" else [])).first()
    if unit is None:
        raise Http404
    return unit


def chosen_territory(request) -> Chosen:
    assignment = active_assignment(request)
    if assignment is None or assignment.role == Role.PUPIL:
        raise Http404
    home, home_unit = _home(assignment)
    # An AS sees its own figures only, never its district's or department's.
    allowed = ("as",) if assignment.role in AS_ROLES else UNIT_PARAMS
    for param in allowed:
        value = request.GET.get(param, "").strip()
        if value:
            unit = _unit(request.user, param, value)
            return Chosen(Territory.of(unit), unit, home)
    return Chosen(home, home_unit, home)


def chosen_season(request) -> Season:
    label = request.GET.get("saison", "")
    if not label:
        return Season.objects.current()
    season = Season.objects.filter(start_year=int(label[:4]) if label[:4].isdigit() else 0).first()
    if season is None or season.label != label:
        raise Http404
    return season


@require_GET
@reads_from_replica
def dashboard(request):
    chosen = chosen_territory(request)
    season = chosen_season(request)
    figures = kept_figures(chosen.territory, season, unit=chosen.unit)
    links = Links(
        territory=chosen.territory,
        unit=chosen.unit,
        whole_scope=chosen.territory == chosen.home,
        current_season=season.is_current,
        season_year=season.start_year,
    )
    url = reverse("dashboards:dashboard")
    order = request.GET.get("tri", "")
    tables = all_tables(figures, links, url, order)
    wanted = request.GET.get("export")
    if wanted in {"csv", "xlsx"}:
        table = next((t for t in tables if t.key == request.GET.get("tableau")), None)
        if table is None:
            raise Http404
        name = f"tableau-de-bord-{table.key}-{season.label}"
        return export_response(name, wanted, table.labels, iter(table.export_rows()))
    query = request.GET.copy()
    for key in ("export", "tableau", "tri"):
        query.pop(key, None)
    staff = chosen.home.level != TerritoryLevel.ASSOCIATION
    return render(
        request,
        "dashboards/dashboard.html",
        {
            "figures": figures,
            "tables": tables,
            "season": season,
            "seasons": Season.objects.all(),
            "querystring": query.urlencode(),
            "order": order,
            "unit_columns": UNIT_COLUMNS,
            "is_home": chosen.territory == chosen.home,
            "academies": Academy.objects.for_user(request.user) if staff else [],
            "departments": Department.objects.for_user(request.user).select_related("academy")
            if staff
            else [],
        },
    )
