"""The regional service's side (the departmental service sees, does not decide): the worklist of
the season's affiliations, the check of a form, sending it back, bank details, affiliating."""

from django.contrib import messages
from django.db.models import Count, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from opuss.accounts.perms import staff_required
from opuss.affiliations import perms, selectors, services
from opuss.affiliations.enums import AffiliationState, BankDetailsState
from opuss.affiliations.forms import BankDetailsForm, PasswordConfirmForm, SendBackForm
from opuss.affiliations.models import Affiliation
from opuss.associations.listing import association_columns
from opuss.core.audit import entries_for
from opuss.core.listing import Column, Filter, Listing
from opuss.finance import reauth
from opuss.finance.models import BankAccount
from opuss.finance.services import BankDetailsError, bank_details_set
from opuss.seasons.models import Season


@require_GET
@staff_required
def worklist(request):
    season = Season.objects.current()
    affiliations = Affiliation.objects.for_user(request.user).filter(season=season)
    counts = affiliations.aggregate(
        **{state.value: Count("pk", filter=Q(state=state)) for state in AffiliationState},
        new=Count("pk", filter=Q(state=AffiliationState.PENDING, seen_by_sr_at__isnull=True)),
    )
    listing = Listing(
        request,
        selectors.with_bank_details_state(affiliations).select_related(
            "association__establishment", "association__department", "association__district"
        ),
        columns=[
            *association_columns(
                lambda a: reverse("affiliations:review", args=[a.pk]),
                via="association",
                label="AS",
                district=True,
            ),
            Column("État", lambda a: a.get_state_display(), "state"),
            Column(
                "Nouveau", lambda a: a.state == AffiliationState.PENDING and a.seen_by_sr_at is None
            ),
            Column("Transmise le", lambda a: a.transmitted_at, "transmitted_at"),
            Column("Affiliée le", lambda a: a.affiliated_at, "affiliated_at"),
            Column("Cotisation", lambda a: a.fee_total),
            Column(
                "Coordonnées bancaires",
                lambda a: BankDetailsState(a.bank_details_state).label,
                "bank_details_state",
            ),
        ],
        search_fields=[
            "association__code",
            "association__establishment__name",
            "association__establishment__uai",
        ],
        filters=[
            Filter("etat", "État", "state", AffiliationState.choices),
            Filter(
                "banque", "Coordonnées bancaires", "bank_details_state", BankDetailsState.choices
            ),
        ],
        default_order="association__code",
        export_name=f"affiliations-{season}",
    )
    if listing.export_format:
        return listing.export()
    return render(
        request,
        "affiliations/worklist.html",
        {
            **listing.context(),
            "season": season,
            "counts": counts,
            "states": AffiliationState,
            "not_started": _not_started(request.user, season),
        },
    )


def _not_started(user, season) -> int:
    from opuss.associations.models import SportsAssociation

    return SportsAssociation.objects.for_user(user).exclude(affiliations__season=season).count()


def _affiliation_for(request, pk) -> Affiliation:
    return get_object_or_404(
        Affiliation.objects.for_user(request.user).select_related(
            "association__establishment",
            "association__department__academy",
            "season",
            "bank_account",
        ),
        pk=pk,
    )


def _decider(request, pk) -> Affiliation:
    affiliation = _affiliation_for(request, pk)
    if not perms.can_decide(request.user, affiliation.association):
        raise Http404
    return affiliation


@require_GET
@staff_required
def review(request, pk):
    return _review_page(request, _affiliation_for(request, pk))


def _review_page(request, affiliation, bank_form=None):
    """The SR's page; `bank_form` is the bank details as typed, shown back with their errors."""
    can_decide = perms.can_decide(request.user, affiliation.association)
    if can_decide:
        services.mark_seen_by_sr(affiliation)
    prefetch_related_objects([affiliation], "officers", "animateurs__activities", "sections")
    current_bank = BankAccount.objects.current_for(affiliation.association)
    bank_unlocked = can_decide and reauth.password_confirmed(request)
    if bank_form is None and bank_unlocked:
        bank_form = _bank_form(current_bank)
    return render(
        request,
        "affiliations/review.html",
        {
            "affiliation": affiliation,
            "association": affiliation.association,
            "can_decide": can_decide,
            "fee": selectors.fee_of(affiliation),
            "missing": selectors.missing_items(affiliation),
            "send_back_form": SendBackForm(),
            "bank_unlocked": bank_unlocked,
            "bank_form": bank_form,
            "password_form": None if bank_unlocked else PasswordConfirmForm(),
            "reauth_minutes": reauth.WINDOW_MINUTES,
            "current_bank": current_bank,
            "needs_bank": selectors.needs_bank_details(affiliation),
            "audit": entries_for(affiliation, affiliation.association),
        },
    )


def _bank_form(current_bank) -> BankDetailsForm:
    """The current account in full: only here, after the SR confirmed his password."""
    if current_bank is None:
        return BankDetailsForm()
    return BankDetailsForm(
        initial={
            "holder": current_bank.holder,
            "iban": current_bank.formatted_iban,
            "bic": current_bank.bic,
        }
    )


@require_POST
@staff_required
def send_back(request, pk):
    affiliation = _decider(request, pk)
    form = SendBackForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        services.affiliation_send_back(affiliation=affiliation, actor=request.user, comment=comment)
    except services.AffiliationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Formulaire renvoyé à l'AS {affiliation.association.code}.")
    return redirect("affiliations:review", pk=pk)


@require_POST
@staff_required
def affiliate(request, pk):
    affiliation = _decider(request, pk)
    try:
        services.affiliation_affiliate(
            affiliation=affiliation,
            actor=request.user,
            verified=request.POST.get("verified") == "on",
        )
    except services.AffiliationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"AS {affiliation.association.code} affiliée.")
    return redirect("affiliations:review", pk=pk)


@require_POST
@staff_required
def bank_password(request, pk):
    """« Confirmer mon mot de passe » before the bank details are shown in full or changed."""
    affiliation = _decider(request, pk)
    reauth.confirm_from_post(
        request,
        about=affiliation.association,
        opened="les coordonnées bancaires sont visibles et modifiables",
        closed="les coordonnées bancaires restent masquées",
    )
    return redirect(reverse("affiliations:review", args=[pk]) + "#coordonnees-bancaires")


@require_POST
@staff_required
def bank_details(request, pk):
    affiliation = _decider(request, pk)
    if not reauth.password_confirmed(request):
        messages.error(
            request,
            "Coordonnées bancaires non modifiées : confirmez d'abord votre mot de passe "
            f"(la confirmation vaut {reauth.WINDOW_MINUTES} minutes).",
        )
        return redirect(reverse("affiliations:review", args=[pk]) + "#coordonnees-bancaires")
    form = BankDetailsForm(request.POST)
    if form.is_valid():
        try:
            bank_details_set(
                association=affiliation.association, actor=request.user, **form.cleaned_data
            )
        except BankDetailsError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Coordonnées bancaires enregistrées.")
            return redirect("affiliations:review", pk=pk)
    else:
        return _review_page(request, affiliation, bank_form=form)
    return redirect("affiliations:review", pk=pk)
