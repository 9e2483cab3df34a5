"""The affiliation's printed documents (PDF) for the current season: the form as filled in, the
pre-filled SEPA mandate, the membership invoice. Anyone who may not print one gets a 404."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from opuss.accounts.enums import STAFF_ROLES
from opuss.accounts.perms import holds_any_role
from opuss.affiliations import documents, perms
from opuss.affiliations.enums import AffiliationState
from opuss.affiliations.models import Affiliation
from opuss.associations.views import association_for
from opuss.core.pdf import render_pdf
from opuss.finance import reauth
from opuss.finance.models import BankAccount
from opuss.seasons.models import Season


def _affiliation_for_reader(request, code) -> Affiliation:
    """The season's affiliation of the AS, for its members and the services in scope."""
    affiliation = get_object_or_404(
        Affiliation.objects.for_user(request.user).select_related(
            "association__establishment",
            "association__department__academy",
            "season",
            "bank_account",
        ),
        association__code=code,
        season=Season.objects.current(),
    )
    if not (
        perms.can_fill_in(request.user, affiliation.association)
        or holds_any_role(request.user, STAFF_ROLES)
    ):
        raise Http404
    return affiliation


@require_GET
def form_pdf(request, code):
    affiliation = _affiliation_for_reader(request, code)
    return render_pdf(
        request,
        "affiliations/pdf/form.html",
        documents.form_context(affiliation),
        f"affiliation-{affiliation.season}-AS{code}.pdf",
    )


@require_GET
def mandate_pdf(request, code):
    """For the AS, which signs it, and for the service that entered its bank details. It carries
    the full IBAN, so the service prints it as it sees the bank form: with its password confirmed
    in the last minutes."""
    association = association_for(request, code)
    is_member = perms.can_fill_in(request.user, association)
    if not (is_member or perms.can_decide(request.user, association)):
        raise Http404
    bank_account = BankAccount.objects.current_for(association)
    if bank_account is None:
        raise Http404
    if not is_member and not reauth.password_confirmed(request):
        return _confirm_password_first(request, association)
    return render_pdf(
        request,
        "affiliations/pdf/mandate.html",
        documents.mandate_context(association, bank_account),
        f"mandat-sepa-{bank_account.rum}.pdf",
    )


def _confirm_password_first(request, association):
    affiliation = (
        Affiliation.objects.for_user(request.user)
        .filter(association=association)
        .order_by("-season__start_year")
        .first()
    )
    if affiliation is None:
        raise Http404
    messages.error(
        request,
        "Le mandat montre l'IBAN en entier : confirmez d'abord votre mot de passe, puis "
        "imprimez-le.",
    )
    review = reverse("affiliations:review", args=[affiliation.pk])
    return redirect(f"{review}#coordonnees-bancaires")


@require_GET
def invoice_pdf(request, code):
    affiliation = _affiliation_for_reader(request, code)
    if affiliation.state != AffiliationState.AFFILIATED:
        raise Http404
    return render_pdf(
        request,
        "affiliations/pdf/invoice.html",
        documents.invoice_context(affiliation),
        f"facture-{affiliation.invoice_number or code}.pdf",
    )
