"""What each AS owes (issue #13): the AS's « Finances » page and its statement (PDF), the
services' « Finances des AS », and the accountants' « Comptabilité »."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from opuss.accounts.enums import Role
from opuss.accounts.perms import holds_any_role, roles_required, staff_required
from opuss.affiliations.perms import can_fill_in
from opuss.associations.listing import association_columns
from opuss.associations.models import SportsAssociation
from opuss.associations.views import association_for
from opuss.core.exports import export_response
from opuss.core.listing import Column, Filter, Listing
from opuss.core.pdf import render_pdf
from opuss.core.replica import reads_from_replica
from opuss.finance import selectors, statements
from opuss.territories.filters import department_filter

# --- the AS's page -----------------------------------------------------------------------------


def _readable_account(request, code: str) -> selectors.Account:
    association = association_for(request, code)
    if not selectors.can_read_account(request.user, association):
        raise Http404
    return selectors.account_of(association, selectors.chosen_season(request))


@require_GET
def association_account(request, code: str):
    account = _readable_account(request, code)
    return render(
        request,
        "finance/account.html",
        {
            "account": account,
            "association": account.association,
            "season": account.season,
            "seasons": selectors.seasons_of(account.association),
            "season_param": selectors.SEASON_PARAM,
            "explanations": statements.explanations(account.figures),
            "is_current": account.season.is_current,
            "is_member": can_fill_in(request.user, account.association),
        },
    )


@require_GET
def association_statement(request, code: str):
    account = _readable_account(request, code)
    return render_pdf(
        request,
        "finance/account_statement.html",
        statements.statement_context(account),
        statements.statement_filename(account),
    )


# --- the services' list ------------------------------------------------------------------------


def _account_link(season):
    def link(association) -> str:
        url = reverse("finances:association", args=[association.code])
        return url if season.is_current else f"{url}?{selectors.SEASON_PARAM}={season.label}"

    return link


def _columns(season) -> list[Column]:
    modes = dict(selectors.PAYMENT_MODES)
    return [
        *association_columns(_account_link(season)),
        Column("Mode de paiement", lambda a: modes[a.payment_mode], "payment_mode"),
        Column(
            "Mandat (RUM)", lambda a: a.mandate_state == selectors.WITH_MANDATE, "mandate_state"
        ),
        Column("Facturé", lambda a: a.invoiced, "invoiced"),
        Column("Encaissé", lambda a: a.collected, "collected"),
        Column("Compensé", lambda a: a.compensated, "compensated"),
        Column("Reste à payer", lambda a: a.open, "open"),
        Column("Dette", lambda a: a.debt, "debt"),
        Column("Hors échéancier", lambda a: a.off_schedule, "off_schedule"),
    ]


def _filters(user) -> list[Filter]:
    return [
        department_filter(user),
        Filter("mode", "Mode de paiement", "payment_mode", selectors.PAYMENT_MODES),
        Filter("dette", "En dette", "in_debt", [(selectors.YES, "Oui"), (selectors.NO, "Non")]),
        # Reading 12 of docs/rules.md: what no run collects is listed for the regional service.
        Filter(
            "hors_echeancier",
            "Hors échéancier",
            "has_off_schedule",
            [(selectors.YES, "À régler auprès du service régional"), (selectors.NO, "Aucun")],
        ),
        Filter(
            "mandat",
            "Coordonnées bancaires",
            "mandate_state",
            [
                (selectors.WITHOUT_MANDATE, "Sans coordonnées bancaires"),
                (selectors.WITH_MANDATE, "Mandat enregistré"),
            ],
        ),
    ]


@require_GET
@staff_required
@reads_from_replica
def account_list(request):
    season = selectors.chosen_season(request)
    associations = SportsAssociation.objects.for_user(request.user).select_related(
        "establishment", "department"
    )
    listing = Listing(
        request,
        selectors.with_figures(associations, season),
        columns=_columns(season),
        search_fields=["code", "establishment__name", "establishment__uai", "establishment__city"],
        filters=_filters(request.user),
        default_order="code",
        export_name=f"finances-as-{season.label}",
    )
    if listing.export_format:
        return listing.export()
    return render(
        request,
        "finance/account_list.html",
        listing.context()
        | {
            "season": season,
            "seasons": selectors.seasons_on_file(),
            "season_param": selectors.SEASON_PARAM,
            "kept_params": {selectors.SEASON_PARAM: season.label},
            "table_label": f"Finances des AS, saison {season}",
        },
    )


# --- the accountants' months -------------------------------------------------------------------

REGION_PARAM = "region"
EXPORT_LABELS = [
    "Mois",
    "Code région",
    "Région",
    "Facturé",
    "Prélevé",
    "Rejeté",
    "Réglé par chèque ou virement",
    "Compensé",
    "Encaissé",
    "Reste à payer en fin de mois",
]


def _export_row(row: selectors.MonthRow) -> list:
    m = row.movements
    code = row.academy.code if row.academy else ""
    return [
        row.month,
        code,
        row.territory,
        m.invoiced,
        m.debited,
        m.rejected,
        m.settled,
        m.compensated,
        m.collected,
        m.open_at_end,
    ]


def _chosen_region(request, academies):
    """The région asked for (?region=24), None for all those the accountant keeps."""
    code = request.GET.get(REGION_PARAM, "")
    if not code:
        return None
    return get_object_or_404(academies, code=code)


@require_GET
@roles_required(Role.SR, Role.DN)
@reads_from_replica
def accounting_page(request):
    season = selectors.chosen_season(request)
    academies = selectors.accountant_academies(request.user).order_by("code")
    region = _chosen_region(request, academies)
    books = selectors.accounting(season, [region] if region else academies)
    is_dn = holds_any_role(request.user, (Role.DN,))
    national = region is None and is_dn
    export = request.GET.get("export")
    if export in ("csv", "xlsx"):
        return _accounting_export(books, season, national, export)
    return render(
        request,
        "finance/accounting.html",
        {
            "season": season,
            "seasons": selectors.seasons_on_file(),
            "season_param": selectors.SEASON_PARAM,
            "region_param": REGION_PARAM,
            "academies": academies,
            "region": region,
            "books": books,
            "rows": books.rows(region),
            "total": books.total(region),
            "per_region": [(a, books.total(a)) for a in books.academies] if national else [],
            "national": national,
            "is_dn": is_dn,
            "querystring": request.GET.urlencode(),
            "explanations": statements.MOVEMENT_EXPLANATIONS,
        },
    )


def _accounting_export(books: selectors.Accounting, season, national: bool, fmt: str):
    rows = (_export_row(row) for row in books.detail(national))
    return export_response(f"comptabilite-{season.label}", fmt, EXPORT_LABELS, rows)
