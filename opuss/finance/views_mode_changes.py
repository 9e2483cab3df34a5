"""The payment-mode change form (circular, section IV): the AS asks from its space, its regional
service decides; both see the request, print it, and (the AS, its SR and DN) open its RIB."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opuss.accounts.enums import STAFF_ROLES
from opuss.accounts.perms import holds_any_role, staff_required
from opuss.affiliations import perms as affiliation_perms
from opuss.affiliations.documents import as_name, french_day
from opuss.affiliations.forms import PasswordConfirmForm
from opuss.affiliations.models import Affiliation
from opuss.associations.listing import association_columns
from opuss.associations.views import association_for
from opuss.content.views import file_response
from opuss.core import clock
from opuss.core.listing import Column, Filter, Listing
from opuss.core.pdf import render_pdf
from opuss.finance import mode_changes, reauth
from opuss.finance.forms_mode_changes import (
    BOX_MENTIONS,
    AcceptForm,
    ModeChangeForm,
    RefuseForm,
)
from opuss.finance.mode_changes import ModeChangeError
from opuss.finance.models import (
    BankAccount,
    ModeChangeKind,
    ModeChangeState,
    PaymentModeChange,
)
from opuss.seasons.models import Season

RELATED = (
    "association__establishment",
    "association__department__academy",
    "season",
    "requested_by",
    "decided_by",
    "mandate",
)


# --- the AS asks --------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def request_page(request, code):
    association = association_for(request, code)
    if not affiliation_perms.can_fill_in(request.user, association):
        raise Http404
    season = Season.objects.current()
    affiliation = Affiliation.objects.filter(association=association, season=season).first()
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = ModeChangeForm(data, files, kinds=mode_changes.offered_kinds(affiliation))
    if request.method == "POST" and form.is_valid():
        try:
            change = mode_changes.request_change(
                association=association,
                season=season,
                actor=request.user,
                kind=form.cleaned_data["kind"],
                rib=form.cleaned_data["rib"],
                note=form.cleaned_data["note"],
            )
        except ModeChangeError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, "Demande transmise au service régional, qui en est averti par e-mail."
            )
            return redirect("mode_changes:detail", pk=change.pk)
    return render(
        request,
        "finance/mode_change_request.html",
        {
            "association": association,
            "season": season,
            "affiliation": affiliation,
            "form": form,
            "reason": mode_changes.not_requestable_reason(affiliation),
            "waiting": mode_changes.waiting_request(association, season),
            "history": PaymentModeChange.objects.filter(association=association).select_related(
                "season"
            ),
        },
    )


# --- the services' list -------------------------------------------------------------------------


@require_GET
@staff_required
def change_list(request):
    listing = Listing(
        request,
        PaymentModeChange.objects.for_user(request.user).select_related(
            "association__establishment", "association__department", "season"
        ),
        columns=[
            *association_columns(
                lambda c: reverse("mode_changes:detail", args=[c.pk]), via="association", label="AS"
            ),
            Column("Saison", lambda c: c.season, "season__start_year"),
            Column("Modification", lambda c: c.get_kind_display(), "kind"),
            Column("État", lambda c: c.get_state_display(), "state"),
            Column("Demandée le", lambda c: c.requested_at, "requested_at"),
            Column("Décidée le", lambda c: c.decided_at, "decided_at"),
            Column("Solde à inscrire en prépaiement", lambda c: c.prepayment_balance),
        ],
        search_fields=["association__code", "association__establishment__name"],
        filters=[
            Filter("etat", "État", "state", ModeChangeState.choices),
            Filter("modification", "Modification", "kind", ModeChangeKind.choices),
        ],
        default_order="-requested_at",
        export_name="changements-mode-de-paiement",
    )
    if listing.export_format:
        return listing.export()
    return render(request, "finance/mode_change_list.html", listing.context())


# --- one request --------------------------------------------------------------------------------


def _change_for(request, pk) -> PaymentModeChange:
    return get_object_or_404(
        PaymentModeChange.objects.for_user(request.user).select_related(*RELATED), pk=pk
    )


def _is_member(request, change) -> bool:
    return affiliation_perms.can_fill_in(request.user, change.association)


def _can_decide(request, change) -> bool:
    return affiliation_perms.can_decide(request.user, change.association)


def _reader(request, pk) -> PaymentModeChange:
    """The AS's members and the services in scope (the SD sees, does not decide)."""
    change = _change_for(request, pk)
    if not (_is_member(request, change) or holds_any_role(request.user, STAFF_ROLES)):
        raise Http404
    return change


def _decider(request, pk) -> PaymentModeChange:
    change = _change_for(request, pk)
    if not _can_decide(request, change):
        raise Http404
    return change


@require_GET
def detail(request, pk):
    change = _reader(request, pk)
    can_decide = _can_decide(request, change)
    waiting = change.state == ModeChangeState.REQUESTED
    affiliation = mode_changes.affiliation_of(change)
    confirmed = reauth.password_confirmed(request)
    is_member = _is_member(request, change)
    context = {
        "change": change,
        "association": change.association,
        "affiliation": affiliation,
        "is_member": is_member,
        "can_decide": can_decide,
        "rib_open": is_member or (can_decide and confirmed),
        "password_form": None if confirmed else PasswordConfirmForm(),
        "reauth_minutes": reauth.WINDOW_MINUTES,
        "needs_mandate": change.kind in mode_changes.RIB_REQUIRED,
        "current_mandate": BankAccount.objects.current_for(change.association),
    }
    if can_decide and waiting:
        context |= {
            "new_mandate": mode_changes.new_mandate_since_request(change),
            "balance": mode_changes.balance_to_prepay(change.association, change.season)
            if change.kind == ModeChangeKind.TO_PREPAYMENT
            else None,
            "accept_form": AcceptForm(),
            "refuse_form": RefuseForm(),
        }
    return render(request, "finance/mode_change_detail.html", context)


@require_GET
def rib(request, pk):
    """The RIB attached, for the AS and those who decide (its SR, DN). It shows the whole IBAN,
    so the service opens it as it sees the bank form: with its password confirmed in the last
    minutes."""
    change = _change_for(request, pk)
    is_member = _is_member(request, change)
    if not (is_member or _can_decide(request, change)) or not change.rib:
        raise Http404
    if not is_member and not reauth.password_confirmed(request):
        messages.error(
            request,
            "Le RIB montre l'IBAN en entier : confirmez d'abord votre mot de passe, puis "
            "ouvrez-le.",
        )
        return redirect(reverse("mode_changes:detail", args=[pk]) + "#rib")
    return file_response(change.rib, change.rib.name.rsplit("/", 1)[-1])


@require_POST
def confirm_password(request, pk):
    """« Confirmer mon mot de passe » before the RIB and the bank details are shown in full."""
    change = _decider(request, pk)
    reauth.confirm_from_post(
        request,
        about=change.association,
        opened="le RIB et les coordonnées bancaires sont visibles",
        closed="le RIB reste fermé",
    )
    return redirect(reverse("mode_changes:detail", args=[pk]) + "#rib")


@require_POST
def accept(request, pk):
    change = _decider(request, pk)
    form = AcceptForm(request.POST)
    form.is_valid()
    try:
        mode_changes.accept(
            change=change, actor=request.user, confirmed=form.cleaned_data.get("confirmed", False)
        )
    except ModeChangeError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Changement accepté : l'AS {change.association.code} est en "
            f"« {mode_changes.affiliation_of(change).get_payment_mode_display().lower()} ».",
        )
    return redirect("mode_changes:detail", pk=pk)


@require_POST
def refuse(request, pk):
    change = _decider(request, pk)
    form = RefuseForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    try:
        mode_changes.refuse(change=change, actor=request.user, comment=comment)
    except ModeChangeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Demande refusée ; l'AS {change.association.code} est avertie.")
    return redirect("mode_changes:detail", pk=pk)


@require_GET
def form_pdf(request, pk):
    """The « Fiche de modifications » as the circular lays it out, the boxes ticked."""
    change = _reader(request, pk)
    establishment = change.association.establishment
    return render_pdf(
        request,
        "finance/mode_change_pdf.html",
        {
            "change": change,
            "association": change.association,
            "establishment": establishment,
            "as_name": as_name(establishment),
            "boxes": [(kind, kind == change.kind, BOX_MENTIONS[kind]) for kind in ModeChangeKind],
            "printed_on": french_day(clock.now()),
            "requested_on": french_day(change.requested_at),
            "decided_on": french_day(change.decided_at),
        },
        f"fiche-de-modifications-AS{change.association.code}-{change.pk}.pdf",
    )
