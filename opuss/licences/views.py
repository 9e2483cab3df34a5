from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from opuss.affiliations.perms import can_decide
from opuss.associations.views import association_for
from opuss.core.listing import Column, Filter, Listing, url_of
from opuss.core.search import Code
from opuss.licences.enums import Sex
from opuss.licences.models import UNIT_SALE, Licence, Pupil
from opuss.licences.selectors import latest_licence
from opuss.seasons.models import Season


@require_GET
def pupil_detail(request, pk: int):
    pupil = get_object_or_404(Pupil.objects.for_user(request.user), pk=pk)
    licence = latest_licence(pupil)
    licences = list(
        pupil.licences.select_related(
            "association__establishment", "association__department", "season"
        )
    )
    return render(
        request,
        "licences/pupil_detail.html",
        {
            "pupil": pupil,
            "licence": licence,
            "association": licence.association if licence else None,
            "licences": licences,
            # The SR (and DN) correct a licence (memento: « modifiée par le Service Régional »).
            "correctable": [lic for lic in licences if can_decide(request.user, lic.association)],
        },
    )


def licence_columns() -> list[Column]:
    """The columns of a list of licences: who, born when, which category, taken when."""
    pupil_url = url_of("licences:pupil_detail")
    return [
        Column(
            "N° de licence",
            lambda lic: lic.number,
            "number",
            link=lambda lic: pupil_url(lic.pupil_id),
        ),
        Column("Nom", lambda lic: lic.pupil.last_name.upper(), "pupil__last_name"),
        Column("Prénom", lambda lic: lic.pupil.first_name, "pupil__first_name"),
        Column("Sexe", lambda lic: lic.pupil.get_sex_display(), "pupil__sex"),
        Column("Né(e) le", lambda lic: lic.pupil.birth_date, "pupil__birth_date"),
        Column("Catégorie", lambda lic: lic.category, "category"),
        Column("Saison", lambda lic: lic.season, "season__start_year"),
        Column("Prise le", lambda lic: lic.created_at, "created_at"),
        Column("À l'unité", lambda lic: UNIT_SALE if lic.unit_sale else "", "unit_sale"),
    ]


def card_column() -> Column:
    card_url = url_of("cards:card")
    return Column("Carte", lambda lic: "PDF", link=lambda lic: card_url(lic.pk))


@require_GET
def association_licences(request, code: str):
    """The AS's licensees with the date and time of their licence (memento 2011-2012)."""
    association = association_for(request, code)
    # Each season probed through the (AS, season) index: no DISTINCT over the AS's licences.
    seasons = list(Season.objects.filter(
        Exists(Licence.objects.filter(association=association, season=OuterRef("pk")))
    ))
    queryset = Licence.objects.filter(association=association).select_related("pupil", "season")
    listing = Listing(
        request,
        queryset,
        columns=[*licence_columns(), card_column()],
        search_fields=[Code("number"), "pupil__last_name", "pupil__first_name"],
        filters=[
            Filter(
                "saison",
                "Saison",
                "season__start_year",
                [(str(s.start_year), s.label) for s in seasons],
            ),
            Filter("sexe", "Sexe", "pupil__sex", Sex.choices),
        ],
        default_order="pupil__last_name",
        export_name=f"licencies-{association.code}",
    )
    if listing.export_format:
        return listing.export()
    return render(
        request,
        "licences/association_licences.html",
        {
            **listing.context(),
            "association": association,
        },
    )
