from functools import partial

from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from opuss.accounts.enums import AS_ROLES
from opuss.accounts.perms import staff_required
from opuss.affiliations.enums import AffiliationState
from opuss.affiliations.models import Affiliation
from opuss.affiliations.selectors import affiliation_summary, season_affiliation
from opuss.associations.home import home_figures
from opuss.associations.models import SportsAssociation
from opuss.associations.selectors import kept_association
from opuss.core import clock
from opuss.core.listing import Column, Filter, Listing
from opuss.core.search import Code
from opuss.core.tasks_selectors import association_tasks
from opuss.licences.models import Licence
from opuss.seasons.models import Season
from opuss.territories.enums import EstablishmentType
from opuss.territories.filters import department_filter


def association_for(request, code: str) -> SportsAssociation:
    """The AS `code` if the user's scope covers it, else a 404. An animateur's or a secretary's
    own AS is known from the roles every request reads, and kept with its territories
    (issue #14)."""
    for assignment in getattr(request.user, "role_assignments_cached", ()):
        if assignment.role in AS_ROLES and assignment.association.code == code:
            return kept_association(assignment.association_id)
    return get_object_or_404(
        SportsAssociation.objects.for_user(request.user).select_related(
            "establishment", "department__academy", "district"
        ),
        code=code,
    )


NO_FORM = "NONE"
AFFILIATION_STATES = dict(AffiliationState.choices) | {NO_FORM: "Aucun formulaire"}


def with_affiliation_state(season):
    """The state of the AS's affiliation of the season, NO_FORM when it has not started one."""
    state = Affiliation.objects.filter(association=OuterRef("pk"), season=season).values("state")
    return Coalesce(Subquery(state[:1]), Value(NO_FORM))


@require_GET
@staff_required
def association_list(request):
    season = Season.objects.current_or_none()
    queryset = (
        SportsAssociation.objects.for_user(request.user)
        .select_related("establishment", "department", "district")
        .annotate(affiliation_state=with_affiliation_state(season))
    )
    # Each AS's licences are counted for the page's AS only (issue #14), unless the list is
    # sorted by that count or exported whole.
    counted_by_row = request.GET.get("tri", "").lstrip("-") == "licence_count" or bool(
        request.GET.get("export")
    )
    if counted_by_row:
        queryset = queryset.annotate(
            licence_count=Count("licences", filter=Q(licences__season=season))
        )
    listing = Listing(
        request,
        queryset,
        columns=[
            Column(
                "Code",
                lambda a: a.code,
                "code",
                link=lambda a: reverse("associations:detail", args=[a.code]),
            ),
            Column("Établissement", lambda a: a.establishment, "establishment__name"),
            Column("UAI", lambda a: a.establishment.uai, "establishment__uai"),
            Column("Type", lambda a: a.establishment.get_type_display(), "establishment__type"),
            Column("Département", lambda a: a.department, "department__code"),
            Column("District", lambda a: a.district, "district__label"),
            Column(f"Licences {season or ''}".strip(), lambda a: a.licence_count, "licence_count"),
            Column(
                f"Affiliation {season or ''}".strip(),
                lambda a: AFFILIATION_STATES[a.affiliation_state],
                "affiliation_state",
            ),
        ],
        search_fields=[
            Code("code"),
            "establishment__name",
            "establishment__uai",
            "establishment__city",
        ],
        filters=[
            Filter("type", "Type", "establishment__type", EstablishmentType.choices),
            department_filter(request.user),
            Filter(
                "affiliation", "Affiliation", "affiliation_state", list(AFFILIATION_STATES.items())
            ),
        ],
        default_order="code",
        export_name="associations",
        prepare=None if counted_by_row else partial(_count_licences, season=season),
    )
    if listing.export_format:
        return listing.export()
    return render(request, "associations/list.html", listing.context())


def _count_licences(associations: list, season) -> None:
    """`licence_count` of these AS (a page of the list): one grouped query."""
    counts = dict(
        Licence.objects.filter(season=season, association__in=associations)
        .order_by()
        .values_list("association")
        .annotate(count=Count("pk"))
    )
    for association in associations:
        association.licence_count = counts.get(association.pk, 0)


@require_GET
def association_detail(request, code: str):
    association = association_for(request, code)
    season = Season.objects.current_or_none()
    affiliation = season_affiliation(association, season)
    figures = home_figures(association, season, clock.now())
    tasks = association_tasks(
        request.user, association, season, affiliation=affiliation, figures=figures
    )
    return render(
        request,
        "associations/detail.html",
        {
            **affiliation_summary(request.user, association, season, affiliation),
            "tasks": tasks,
            "association": association,
            "season": season,
            "figures": figures,
        },
    )
