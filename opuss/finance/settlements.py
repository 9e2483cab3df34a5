"""When a direct debit goes wrong: the reject that reopens what the AS owes, the payment by
cheque or transfer that settles it, and the national aid set against the debt.

Circular 2025-2026, III.2: « en cas de rejet du prélèvement sur le compte bancaire de l'AS pour
quelque raison que ce soit, une information sera disponible [...] pour les services comptables des
SR. Ces derniers doivent informer l'AS de la situation et soit obtenir des chèques à l'ordre de
l'UNSS, soit obtenir un virement de l'AS vers le compte bancaire de la direction nationale. Les
paiements ainsi réalisés doivent préciser [...] le numéro de l'AS et la mention « Rejet » » ; and
« si une AS est en dette vis-à-vis de l'UNSS nationale, alors l'UNSS nationale appliquera la
compensation de l'aide, afin d'éteindre la dette de l'AS »."""

from collections import defaultdict
from decimal import Decimal

from django.db import models, transaction

from opuss.accounts.enums import Role
from opuss.accounts.models import User
from opuss.associations.models import SportsAssociation
from opuss.core import clock
from opuss.core.audit import record
from opuss.core.mail import send_templated_email
from opuss.finance.ledger import figures_of
from opuss.finance.models import (
    Aid,
    Debit,
    DebitState,
    LedgerKind,
    LedgerLine,
    PaymentMethod,
)
from opuss.rules.money import format_eur, round_money

SETTLING = [LedgerKind.PAYMENT, LedgerKind.COMPENSATION]
MAX_REASON = 200  # Debit.reject_reason


class SettlementError(Exception):
    """A payment or an aid that cannot be recorded; the message says why, in French."""


# --- rejects ----------------------------------------------------------------------------------


@transaction.atomic
def debit_reject(*, debit: Debit, reason: str, actor=None) -> bool:
    """The debit rejected by the bank: its amount is owed again (a REJECT line), the SR's
    accountants and the AS are told. False, and nothing done, when it was rejected already."""
    rejected = _reject(debit, reason, actor, source="saisi par le service")
    if rejected is not None:
        _notify([rejected])
    return rejected is not None


@transaction.atomic
def debits_reject(*, rejects: list[tuple[Debit, str]], actor, source: str) -> list[Debit]:
    """The rejects of a bank return file (`source` names it), each debit with its reason; one
    e-mail per académie and per AS for the whole file. Those already rejected are skipped."""
    done = [_reject(debit, reason, actor, source) for debit, reason in rejects]
    rejected = [debit for debit in done if debit is not None]
    _notify(rejected)
    return rejected


def _reject(debit: Debit, reason: str, actor, source: str) -> Debit | None:
    locked = (
        Debit.objects.select_for_update(of=("self",))
        .select_related("batch__season", "association__department__academy")
        .get(pk=debit.pk)
    )
    if locked.state == DebitState.REJECTED:
        return None
    now = clock.now()
    locked.state = DebitState.REJECTED
    locked.rejected_at = now
    locked.reject_reason = (reason.strip() or "motif non communiqué")[:MAX_REASON]
    locked.save(update_fields=["state", "rejected_at", "reject_reason"])
    LedgerLine.objects.create(
        association=locked.association,
        season=locked.batch.season,
        kind=LedgerKind.REJECT,
        label=f"Rejet du prélèvement du {locked.batch.collection_date:%d/%m/%Y}",
        amount=locked.amount,
        at=now,
        debit=locked,
        reference=locked.end_to_end_id,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    record(
        actor=actor,
        action="prélèvement rejeté",
        obj=locked.association,
        after={
            "prélèvement": locked.end_to_end_id,
            "montant": format_eur(locked.amount),
            "motif": locked.reject_reason,
            "source": source,
        },
    )
    return locked


def _notify(rejected: list[Debit]) -> None:
    """The SR's accountants (the académie's SR accounts and its service address) once per
    académie, and each AS once, whatever the number of its rejects."""
    by_academy, by_association = defaultdict(list), defaultdict(list)
    for debit in rejected:
        by_academy[debit.association.department.academy].append(debit)
        by_association[debit.association].append(debit)
    for academy, debits in by_academy.items():
        send_templated_email(
            "finance/email/rejects_sr",
            {"academy": academy, "debits": debits, "total": _total(debits)},
            sr_addresses(academy),
        )
    for association, debits in by_association.items():
        send_templated_email(
            "finance/email/rejects_as",
            {
                "association": association,
                "debits": debits,
                "total": _total(debits),
                "reference": default_reference(association, rejected=True),
            },
            as_addresses(association),
        )


def _total(debits) -> Decimal:
    return sum((debit.amount for debit in debits), Decimal("0.00"))


def sr_addresses(academy) -> list[str]:
    people = User.objects.filter(
        is_active=True, role_assignments__role=Role.SR, role_assignments__academy=academy
    ).values_list("email", flat=True)
    return _unique([*people, academy.email])


def as_addresses(association) -> list[str]:
    secretaries = User.objects.filter(
        is_active=True,
        role_assignments__role=Role.AS_SECRETARY,
        role_assignments__association=association,
    ).values_list("email", flat=True)
    return _unique([association.email, *secretaries])


def _unique(addresses) -> list[str]:
    return list(dict.fromkeys(address for address in addresses if address))


# --- payments ---------------------------------------------------------------------------------


def default_reference(association, rejected: bool) -> str:
    """What the circular asks the AS to write on the cheque or the transfer: « le numéro de
    l'AS et la mention « Rejet » »."""
    return f"{association.code} Rejet" if rejected else association.code


def unsettled(debit: Debit) -> Decimal:
    """What is left of a rejected debit once the payments made for it are counted."""
    paid = debit.lines.filter(kind__in=SETTLING).aggregate(total=models.Sum("amount"))["total"]
    return debit.amount + (paid or Decimal("0.00"))


def _amount(amount) -> Decimal:
    value = round_money(Decimal(amount))
    if value <= 0:
        raise SettlementError("Le montant doit être positif.")
    return value


@transaction.atomic
def payment_record(
    *, association, season, amount, method: str, reference: str, actor, debit=None
) -> LedgerLine:
    """A cheque or a transfer received through the SR: for a rejected debit (never more than
    what is left of it), or for what no run collects (« hors échéancier », a prepayment)."""
    amount = _amount(amount)
    if method not in PaymentMethod.values:
        raise SettlementError("Choisissez le moyen de paiement : chèque ou virement.")
    if debit is not None:
        debit = _rejected_debit_of(association, debit, amount)
        season = debit.batch.season
    method_label = "chèque" if method == PaymentMethod.CHEQUE else "virement"
    what = f" du rejet du prélèvement du {debit.batch.collection_date:%d/%m/%Y}" if debit else ""
    line = LedgerLine.objects.create(
        association=association,
        season=season,
        kind=LedgerKind.PAYMENT,
        label=f"Règlement par {method_label}{what}",
        amount=-amount,
        at=clock.now(),
        debit=debit,
        payment_method=method,
        reference=reference.strip() or default_reference(association, debit is not None),
        created_by=actor,
    )
    record(
        actor=actor,
        action="règlement enregistré",
        obj=association,
        after={
            "montant": format_eur(amount),
            "moyen de paiement": PaymentMethod(method).label,
            "référence": line.reference,
            "prélèvement rejeté": debit.end_to_end_id if debit else "",
        },
    )
    return line


def _rejected_debit_of(association, debit: Debit, amount: Decimal) -> Debit:
    locked = (
        Debit.objects.select_for_update(of=("self",))
        .select_related("batch__season")
        .get(pk=debit.pk)
    )
    if locked.association_id != association.pk or locked.state != DebitState.REJECTED:
        raise SettlementError("Ce prélèvement n'est pas un rejet de cette AS.")
    left = unsettled(locked)
    if amount > left:
        raise SettlementError(
            f"Il ne reste que {format_eur(max(left, Decimal('0.00')))} à régler sur ce rejet : "
            "enregistrez le surplus comme un règlement hors échéancier."
        )
    return locked


# --- national aids and compensation -----------------------------------------------------------


def compensation(association, season, amount: Decimal) -> tuple[Decimal, Decimal]:
    """The AS's debt of the season now, and what an aid of `amount` sets off against it."""
    debt = figures_of(association, season).debt
    return debt, min(amount, debt)


@transaction.atomic
def aid_pay(*, association, season, label: str, amount, actor) -> Aid:
    """A national aid to the AS: its debt of the season at this moment is set off first
    (compensation, a COMPENSATION line), the rest is paid out. The AS is told both."""
    amount = _amount(amount)
    label = label.strip()
    if not label:
        raise SettlementError("Nommez l'aide (solidarité, kilomètres…).")
    # One aid at a time per AS: two aids at once could set off the same debt twice.
    SportsAssociation.objects.select_for_update().get(pk=association.pk)
    debt, compensated = compensation(association, season, amount)
    now = clock.now()
    aid = Aid.objects.create(
        association=association,
        season=season,
        label=label,
        amount=amount,
        compensated=compensated,
        at=now,
        created_by=actor,
    )
    if compensated > 0:
        LedgerLine.objects.create(
            association=association,
            season=season,
            kind=LedgerKind.COMPENSATION,
            label=f"Compensation sur l'aide « {label} »",
            amount=-compensated,
            at=now,
            aid=aid,
            created_by=actor,
        )
    record(
        actor=actor,
        action="aide nationale versée",
        obj=association,
        after={
            "aide": label,
            "montant de l'aide": format_eur(amount),
            "dette de l'AS": format_eur(debt),
            "compensé sur la dette": format_eur(compensated),
            "versé à l'AS": format_eur(aid.paid_out),
        },
    )
    send_templated_email(
        "finance/email/aid_as", {"aid": aid, "debt": debt}, as_addresses(association)
    )
    return aid
