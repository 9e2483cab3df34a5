"""« Rejets et règlements » (the SR for its académie, DN for all): rejected debits, open or
settled; a bank return file imported (preview, then confirmation); a reject entered by hand; a
payment recorded. « Aides nationales » (DN): an aid, set against the AS's debt first. And the
AS's own page: its rejects, how to settle them, its aids. Every action is confirmed before it is
done; out of the user's territory, a debit or an AS does not exist (404)."""

import secrets
from decimal import Decimal

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opuss.accounts.enums import Role
from opuss.accounts.perms import roles_required
from opuss.associations.views import association_for
from opuss.core.listing import Column, Filter, Listing
from opuss.finance import returns, settlement_selectors, settlements
from opuss.finance.models import Aid, DebitState, LedgerKind, LedgerLine
from opuss.finance.settlement_forms import (
    AidForm,
    ImportConfirmForm,
    PaymentForm,
    RejectForm,
    ReturnFileForm,
    SettleForm,
)
from opuss.rules.money import format_eur
from opuss.seasons.models import Season

SESSION_KEY = "return_file_import"
settlers_only = roles_required(*settlement_selectors.SETTLERS)
dn_only = roles_required(Role.DN)


def _debit_link(debit) -> str:
    return reverse("settlements:settle", args=[debit.pk])


# --- the rejects -------------------------------------------------------------------------------


@require_GET
@settlers_only
def rejects(request):
    debits = settlement_selectors.settler_debits(request.user)
    left = settlement_selectors.left_to_settle(debits)
    listing = Listing(
        request,
        settlement_selectors.with_state(debits, left),
        columns=[
            Column("Rejeté le", lambda d: d.rejected_at, "rejected_at", link=_debit_link),
            Column("AS", lambda d: d.association.code, "association__code"),
            Column("Établissement", lambda d: d.association.establishment.name),
            Column("Prélevé le", lambda d: d.batch.collection_date, "batch__collection_date"),
            Column("Montant", lambda d: d.amount, "amount"),
            Column("Motif", lambda d: d.reject_reason),
            Column("Réglé", lambda d: d.settled),
            Column("Reste dû", lambda d: left.get(d.pk)),
            Column("État", lambda d: dict(settlement_selectors.STATES)[d.settlement], "settlement"),
            Column("Référence de bout en bout", lambda d: d.end_to_end_id),
        ],
        search_fields=["association__code", "association__establishment__name", "end_to_end_id"],
        filters=[Filter("etat", "État", "settlement", settlement_selectors.STATES)],
        default_order="-rejected_at",
        export_name="rejets-de-prelevement",
    )
    if listing.export_format:
        return listing.export()
    return render(request, "finance/settlements/rejects.html", listing.context())


@require_GET
@settlers_only
def choose_debit(request):
    """The debits sent to the bank, to mark one as rejected by hand."""
    listing = Listing(
        request,
        settlement_selectors.settler_debits(request.user)
        .filter(state=DebitState.SENT)
        .select_related("association__establishment", "batch"),
        columns=[
            Column(
                "Prélevé le",
                lambda d: d.batch.collection_date,
                "batch__collection_date",
                link=lambda d: reverse("settlements:reject", args=[d.pk]),
            ),
            Column("AS", lambda d: d.association.code, "association__code"),
            Column("Établissement", lambda d: d.association.establishment.name),
            Column("Montant", lambda d: d.amount, "amount"),
            Column("Référence de bout en bout", lambda d: d.end_to_end_id, "end_to_end_id"),
        ],
        search_fields=["association__code", "association__establishment__name", "end_to_end_id"],
        default_order="-batch__collection_date",
        export_name="prelevements-transmis",
    )
    if listing.export_format:
        return listing.export()
    return render(request, "finance/settlements/choose_debit.html", listing.context())


def _settler_debit(request, pk: int, state: str):
    return get_object_or_404(
        settlement_selectors.settler_debits(request.user)
        .filter(state=state)
        .select_related("association__establishment", "batch__season", "bank_account"),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@settlers_only
def reject(request, pk: int):
    """A reject entered by hand: the reason, then the confirmation."""
    debit = _settler_debit(request, pk, DebitState.SENT)
    form = RejectForm(request.POST or None)
    context = {"debit": debit, "form": form}
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["confirmed"]:
            return render(request, "finance/settlements/reject_confirm.html", context)
        settlements.debit_reject(debit=debit, reason=form.reason, actor=request.user)
        messages.success(
            request,
            f"Le prélèvement de l'AS {debit.association.code} est enregistré comme rejeté : "
            "le service régional et l'AS sont prévenus.",
        )
        return redirect("settlements:settle", pk=debit.pk)
    return render(request, "finance/settlements/reject.html", context)


@require_http_methods(["GET", "POST"])
@settlers_only
def settle(request, pk: int):
    """A rejected debit, and the payment that settles it."""
    debit = _settler_debit(request, pk, DebitState.REJECTED)
    left = settlement_selectors.left_to_settle(
        settlement_selectors.settler_debits(request.user).filter(pk=debit.pk)
    )[debit.pk]
    initial = {
        "amount": left or None,
        "reference": settlements.default_reference(debit.association, rejected=True),
    }
    form = SettleForm(request.POST or None, initial=initial)
    context = {
        "debit": debit,
        "form": form,
        "left": left,
        "lines": debit.lines.order_by("at", "pk"),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["confirmed"]:
            return render(request, "finance/settlements/payment_confirm.html", context)
        try:
            settlements.payment_record(
                association=debit.association,
                season=debit.batch.season,
                amount=data["amount"],
                method=data["method"],
                reference=data["reference"],
                actor=request.user,
                debit=debit,
            )
        except settlements.SettlementError as error:
            form.add_error("amount", str(error))
        else:
            messages.success(request, "Le règlement est enregistré.")
            return redirect("settlements:settle", pk=debit.pk)
    return render(request, "finance/settlements/settle.html", context)


@require_http_methods(["GET", "POST"])
@settlers_only
def payment(request):
    """A payment for what no run collects (« hors échéancier »), or a prepayment."""
    season = Season.objects.current()
    form = PaymentForm(request.POST or None, user=request.user)
    context = {
        "form": form,
        "season": season,
        "off_schedule": settlement_selectors.off_schedule(request.user, season),
    }
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["confirmed"]:
            return render(request, "finance/settlements/payment_confirm.html", context)
        settlements.payment_record(
            association=data["association"],
            season=season,
            amount=data["amount"],
            method=data["method"],
            reference=data["reference"],
            actor=request.user,
        )
        messages.success(
            request, f"Le règlement de l'AS {data['association'].code} est enregistré."
        )
        return redirect("settlements:rejects")
    return render(request, "finance/settlements/payment.html", context)


# --- the bank's return file --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@settlers_only
def import_file(request):
    form = ReturnFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            parsed = returns.read_return_file(_read_bounded(upload))
        except returns.ReturnFileError as error:
            form.add_error("file", str(error))
        else:
            return _preview(request, parsed, upload.name)
    return render(request, "finance/settlements/import.html", {"form": form})


def _read_bounded(upload) -> bytes:
    """At most one byte more than the limit: read_return_file refuses what is bigger."""
    return upload.read(returns.MAX_BYTES + 1)


def _preview(request, parsed: returns.ReturnFile, filename: str):
    lines = returns.preview(parsed.returned, settlement_selectors.settler_debits(request.user))
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "id": token,
        "source": f"fichier {parsed.format} {parsed.message_id}".strip(),
        "returned": [line.returned.to_json() for line in lines],
    }
    to_reject = [line for line in lines if line.outcome == returns.Outcome.REJECT]
    return render(
        request,
        "finance/settlements/import_preview.html",
        {
            "parsed": parsed,
            "filename": filename,
            "groups": returns.grouped(lines),
            "to_reject": to_reject,
            "total": sum((line.debit.amount for line in to_reject), Decimal("0.00")),
            "form": ImportConfirmForm(initial={"preview": token}),
        },
    )


@require_POST
@settlers_only
def import_confirm(request):
    pending = request.session.get(SESSION_KEY) or {}
    form = ImportConfirmForm(request.POST)
    if not form.is_valid() or pending.get("id") != form.cleaned_data["preview"]:
        messages.error(
            request,
            "Cet aperçu n'est plus valable (un autre import l'a remplacé) : "
            "importez le fichier à nouveau.",
        )
        return redirect("settlements:import")
    returned = [returns.ReturnedDebit.from_json(values) for values in pending["returned"]]
    lines = returns.preview(returned, settlement_selectors.settler_debits(request.user))
    rejected = settlements.debits_reject(
        rejects=[
            (line.debit, line.returned.reason)
            for line in lines
            if line.outcome == returns.Outcome.REJECT
        ],
        actor=request.user,
        source=pending["source"],
    )
    del request.session[SESSION_KEY]
    count = len(rejected)
    text = (
        f"{count} prélèvement{'s' if count > 1 else ''} enregistré{'s' if count > 1 else ''} "
        "comme rejeté" + ("s" if count > 1 else "")
    )
    (messages.success if count else messages.warning)(
        request, f"{text} : les services régionaux et les AS concernés sont prévenus."
    )
    return redirect("settlements:rejects")


# --- national aids -----------------------------------------------------------------------------


@require_GET
@dn_only
def aids(request):
    listing = Listing(
        request,
        Aid.objects.for_user(request.user).select_related(
            "association__establishment", "season", "created_by"
        ),
        columns=[
            Column("Le", lambda a: a.at, "at"),
            Column("AS", lambda a: a.association.code, "association__code"),
            Column("Établissement", lambda a: a.association.establishment.name),
            Column("Aide", lambda a: a.label, "label"),
            Column("Montant de l'aide", lambda a: a.amount, "amount"),
            Column("Compensé sur la dette", lambda a: a.compensated, "compensated"),
            Column("Versé à l'AS", lambda a: a.paid_out),
            Column("Saisie par", lambda a: str(a.created_by)),
        ],
        search_fields=["association__code", "association__establishment__name", "label"],
        default_order="-at",
        export_name="aides-nationales",
    )
    if listing.export_format:
        return listing.export()
    return render(request, "finance/settlements/aids.html", listing.context())


@require_http_methods(["GET", "POST"])
@dn_only
def aid_create(request):
    season = Season.objects.current()
    form = AidForm(request.POST or None, user=request.user)
    context = {"form": form, "season": season}
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if not data["confirmed"]:
            debt, compensated = settlements.compensation(
                data["association"], season, data["amount"]
            )
            context |= {
                "debt": debt,
                "compensated": compensated,
                "paid_out": data["amount"] - compensated,
            }
            return render(request, "finance/settlements/aid_confirm.html", context)
        aid = settlements.aid_pay(
            association=data["association"],
            season=season,
            label=data["label"],
            amount=data["amount"],
            actor=request.user,
        )
        messages.success(request, _aid_summary(aid))
        return redirect("settlements:aids")
    return render(request, "finance/settlements/aid.html", context)


def _aid_summary(aid: Aid) -> str:
    return (
        f"Aide « {aid.label} » de {format_eur(aid.amount)} à l'AS {aid.association.code} : "
        f"{format_eur(aid.compensated)} compensés sur sa dette, "
        f"{format_eur(aid.paid_out)} à lui verser."
    )


# --- the AS's page -------------------------------------------------------------------------------


@require_GET
def association(request, code: str):
    """The AS's rejects (and how to settle them) and its national aids: for its members and
    the services of its territory."""
    association = association_for(request, code)
    debits = association.debits.all()
    left = settlement_selectors.left_to_settle(debits)
    reject_list = settlement_selectors.rejected(debits).order_by("-rejected_at", "-pk")
    return render(
        request,
        "finance/settlements/association.html",
        {
            "association": association,
            "rejects": [(debit, left[debit.pk]) for debit in reject_list],
            "aids": association.aids.select_related("season").order_by("-at", "-pk"),
            "payments": LedgerLine.objects.filter(
                association=association, kind=LedgerKind.PAYMENT
            ).order_by("-at", "-pk"),
            "reference": settlements.default_reference(association, rejected=True),
            "can_settle": settlement_selectors.can_settle(request.user, association),
        },
    )
