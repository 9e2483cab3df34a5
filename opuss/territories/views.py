"""Districts, managed by the departmental service for its department and the regional service
for its académie (DN everywhere): the list, a new district, a district's label and
coordinators."""

from django.contrib import messages
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from opuss.accounts.perms import staff_required
from opuss.core.audit import entries_for
from opuss.core.listing import Column, Listing
from opuss.territories import perms, services
from opuss.territories.filters import department_filter
from opuss.territories.forms import DistrictForm
from opuss.territories.models import District


class CoordinatorNames:
    """The coordinators' names of every listed district, read in one query on first use (the
    page and the export both ask; a prefetch would not survive the export's iterator)."""

    def __init__(self, districts) -> None:
        self.districts = districts
        self.names: dict[int, list[str]] | None = None

    def __call__(self, district) -> str:
        if self.names is None:
            self.names = {}
            links = District.coordinators.through.objects.filter(
                district__in=self.districts.values("pk")
            ).select_related("user")
            for link in links.order_by("user__last_name", "user__first_name"):
                self.names.setdefault(link.district_id, []).append(link.user.display_name)
        return ", ".join(self.names.get(district.pk, []))


@require_GET
@staff_required
def district_list(request):
    departments = perms.managed_departments(request.user)
    districts = (
        District.objects.for_user(request.user)
        .filter(department__in=departments)
        .select_related("department")
        .annotate(association_count=Count("associations"))
    )
    listing = Listing(
        request,
        districts,
        columns=[
            Column(
                "Libellé",
                lambda d: d.label,
                "label",
                link=lambda d: reverse("territories:district_edit", args=[d.pk]),
            ),
            Column("Département", lambda d: d.department, "department__code"),
            Column("Coordonnateurs", CoordinatorNames(districts)),
            Column("Nombre d'AS", lambda d: d.association_count, "association_count"),
        ],
        search_fields=["label"],
        filters=[
            department_filter(request.user, departments=departments)
        ],
        default_order="label",
        export_name="districts",
    )
    if listing.export_format:
        return listing.export()
    return render(request, "territories/district_list.html", listing.context())


@require_http_methods(["GET", "POST"])
@staff_required
def district_create(request):
    departments = perms.managed_departments(request.user)
    if request.method == "POST":
        form = DistrictForm(request.POST, departments=departments)
        if form.is_valid():
            try:
                district = services.district_create(
                    actor=request.user,
                    department=form.cleaned_data["department"],
                    label=form.cleaned_data["label"],
                    coordinators=form.cleaned_data["coordinators"],
                )
            except services.DistrictError as error:
                form.add_error(error.field, str(error))
            else:
                messages.success(request, f"District « {district.label} » créé.")
                return redirect("territories:district_list")
    else:
        # ?department=<pk>: the coordinators of that department (htmx refreshes them).
        form = DistrictForm(
            departments=departments,
            initial={"department": request.GET.get("department") or None},
        )
    return render(request, "territories/district_form.html", {"form": form, "district": None})


@require_http_methods(["GET", "POST"])
@staff_required
def district_edit(request, pk: int):
    district = get_object_or_404(
        District.objects.for_user(request.user).select_related("department__academy"), pk=pk
    )
    if not perms.can_manage_district(request.user, district):
        raise Http404
    if request.method == "POST":
        form = DistrictForm(request.POST, departments=None, district=district)
        if form.is_valid():
            try:
                services.district_update(
                    actor=request.user,
                    district=district,
                    label=form.cleaned_data["label"],
                    coordinators=form.cleaned_data["coordinators"],
                )
            except services.DistrictError as error:
                form.add_error(error.field, str(error))
            else:
                messages.success(request, f"District « {district.label} » enregistré.")
                return redirect("territories:district_edit", pk=district.pk)
    else:
        form = DistrictForm(
            departments=None,
            district=district,
            initial={"label": district.label, "coordinators": list(district.coordinators.all())},
        )
    return render(
        request,
        "territories/district_form.html",
        {
            "form": form,
            "district": district,
            "associations": district.associations.select_related("establishment"),
            "audit": entries_for(district),
        },
    )
