"""The circular's « Fiche de modifications » (2025-2026, section IV, « Changement du mode de
paiement des AS à usage des services régionaux ») as a workflow: the AS ticks a box and attaches
its RIB where the box says « Joindre obligatoirement une photocopie du RIB », its regional
service decides (« Toute modification sur le système ne sera réalisée qu'en présence du présent
document »).

    demandée --accepter--> acceptée
        |
        +-----refuser----> refusée

Each service checks, raises ModeChangeError with a French message, runs in one transaction,
leaves an audit entry on the AS and e-mails after commit. One request waits at a time for an AS
and a season (a constraint of the database)."""

from decimal import Decimal
from pathlib import PurePath

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse

from opuss.accounts.enums import Role
from opuss.affiliations.enums import AffiliationState, PaymentMode
from opuss.affiliations.models import Affiliation
from opuss.core import clock
from opuss.core.audit import record
from opuss.core.mail import send_templated_email
from opuss.finance.models import (
    BankAccount,
    LedgerLine,
    ModeChangeKind,
    ModeChangeState,
    PaymentModeChange,
)
from opuss.rules.money import round_money

# The boxes that say « Joindre obligatoirement une photocopie du (nouveau) RIB (de l'AS) »; they
# all lead to direct debit, which the SR accepts once he has entered that RIB's details.
RIB_REQUIRED = frozenset(
    {ModeChangeKind.TO_DEBIT, ModeChangeKind.BANK_CHANGE, ModeChangeKind.NEW_AS}
)
# The mode a box leaves from, where it names one (checked again when the SR decides).
FROM_MODE = {
    ModeChangeKind.TO_DEBIT: PaymentMode.PREPAYMENT,
    ModeChangeKind.TO_PREPAYMENT: PaymentMode.DIRECT_DEBIT,
    ModeChangeKind.BANK_CHANGE: PaymentMode.DIRECT_DEBIT,
    ModeChangeKind.NEW_AS: PaymentMode.DIRECT_DEBIT,
}
# A request is made on a transmitted form: before, the AS chooses its mode in the form itself.
REQUESTABLE_STATES = frozenset({AffiliationState.PENDING, AffiliationState.AFFILIATED})
KIND = "modification"
MODE = "mode de paiement"
MANDATE = "mandat (RUM)"
BALANCE = "solde à inscrire en prépaiement"


class ModeChangeError(Exception):
    """A refused step; the message is shown to the user as it is."""


# --- reading ----------------------------------------------------------------------------------


def affiliation_of(change: PaymentModeChange) -> Affiliation | None:
    return Affiliation.objects.filter(
        association_id=change.association_id, season_id=change.season_id
    ).first()


def waiting_request(association, season) -> PaymentModeChange | None:
    return PaymentModeChange.objects.filter(
        association=association, season=season, state=ModeChangeState.REQUESTED
    ).first()


def offered_kinds(affiliation: Affiliation | None) -> list[str]:
    """The boxes that make sense for the AS now: leaving the mode it is in; a change of bank
    when it has a mandate; a new AS in direct debit when it has none yet."""
    if affiliation is None or affiliation.state not in REQUESTABLE_STATES:
        return []
    has_mandate = BankAccount.objects.filter(association_id=affiliation.association_id).exists()
    if affiliation.payment_mode == PaymentMode.PREPAYMENT:
        return [ModeChangeKind.TO_DEBIT]
    if affiliation.payment_mode == PaymentMode.DIRECT_DEBIT:
        third = ModeChangeKind.BANK_CHANGE if has_mandate else ModeChangeKind.NEW_AS
        return [ModeChangeKind.TO_PREPAYMENT, third]
    return []


def not_requestable_reason(affiliation: Affiliation | None) -> str:
    """Why the AS cannot ask now (empty when it can)."""
    if affiliation is None:
        return "Votre AS n'a pas de formulaire d'affiliation pour cette saison."
    if affiliation.state not in REQUESTABLE_STATES:
        return (
            "Tant que le formulaire d'affiliation n'est pas transmis, le mode de paiement se "
            "choisit dans le formulaire lui-même."
        )
    return ""


def balance_to_prepay(association, season) -> Decimal:
    """« Montant du solde à inscrire en prépaiement »: the AS's charges of the season that no
    direct debit has taken yet, which it will now pay through its SR."""
    lines = LedgerLine.objects.filter(association=association, season=season)
    return round_money(lines.not_debited().balance())  # SQLite sums in floating point


def new_mandate_since_request(change: PaymentModeChange) -> BankAccount | None:
    """The mandate the SR entered since the AS asked (a new account: a new RUM), if any."""
    current = BankAccount.objects.current_for(change.association)
    if current is None or current.pk == change.mandate_at_request_id:
        return None
    return current


def awaits_new_mandate(association) -> bool:
    """A request towards direct debit waits and the SR has not entered its RIB yet: entering
    it records a new mandate even if the details are those on file (the AS signs it anew)."""
    waiting = PaymentModeChange.objects.filter(
        association=association, state=ModeChangeState.REQUESTED, kind__in=RIB_REQUIRED
    ).first()
    return waiting is not None and new_mandate_since_request(waiting) is None


def decidable_by(user):
    """The requests this person decides: those of his académie for an SR, all for DN (who
    manages Corsica and the AEFE, as for affiliations)."""
    roles = user.role_assignments_cached
    if any(a.role == Role.DN for a in roles):
        return PaymentModeChange.objects.all()
    academies = [a.academy_id for a in roles if a.role == Role.SR]
    return PaymentModeChange.objects.filter(association__department__academy_id__in=academies)


# --- the AS asks --------------------------------------------------------------------------------


@transaction.atomic
def request_change(
    *, association, season, actor, kind: str, rib=None, note=""
) -> PaymentModeChange:
    affiliation = Affiliation.objects.filter(association=association, season=season).first()
    reason = not_requestable_reason(affiliation)
    if reason:
        raise ModeChangeError(reason)
    if kind not in offered_kinds(affiliation):
        raise ModeChangeError(
            f"« {ModeChangeKind(kind).label} » ne correspond pas au mode de paiement de votre AS "
            f"({affiliation.get_payment_mode_display().lower()})."
        )
    if kind in RIB_REQUIRED and not rib:
        raise ModeChangeError("Joignez obligatoirement une photocopie du RIB de l'AS.")
    waiting = waiting_request(association, season)
    if waiting is not None:
        raise _already_waiting(waiting)
    change = PaymentModeChange(
        association=association,
        season=season,
        kind=kind,
        note=note.strip(),
        requested_at=clock.now(),
        requested_by=actor,
        mandate_at_request=BankAccount.objects.current_for(association),
    )
    if kind in RIB_REQUIRED:
        change.rib.save(_rib_name(association, rib.name), rib, save=False)
    try:
        with transaction.atomic():
            change.save()
    except IntegrityError:  # another request was saved at the same moment
        change.rib.delete(save=False)
        raise _already_waiting(waiting_request(association, season)) from None
    record(
        actor=actor,
        action="changement de mode de paiement demandé",
        obj=association,
        after={KIND: change.get_kind_display()},
    )
    academy = association.department.academy
    send_templated_email(
        "finance/email/mode_change_requested", _mail_context(change), [academy.email]
    )
    return change


def _already_waiting(waiting) -> ModeChangeError:
    when = f" (demande du {waiting.requested_at:%d/%m/%Y})" if waiting else ""
    return ModeChangeError(
        f"Une demande de changement du mode de paiement attend déjà le service régional{when} : "
        "une seule à la fois."
    )


def _rib_name(association, uploaded: str) -> str:
    """A stored name that says whose RIB it is, whatever the uploaded file was called."""
    return f"rib-AS{association.code}{PurePath(uploaded).suffix.lower()}"


# --- the SR decides -----------------------------------------------------------------------------


@transaction.atomic
def accept(*, change: PaymentModeChange, actor, confirmed: bool) -> PaymentModeChange:
    """Irreversible: the AS's mode changes and, towards direct debit, the mandate the SR entered
    since the request is the one its debits are taken under (a first debit of a new mandate is a
    FRST). Leaving direct debit records what the AS still owes, to pay through its SR."""
    _check_waiting(change)
    if not confirmed:
        raise ModeChangeError(
            "Cochez la case de confirmation : accepter le changement est définitif."
        )
    affiliation = affiliation_of(change)
    if affiliation is None or affiliation.payment_mode != FROM_MODE[change.kind]:
        raise ModeChangeError(
            "Le mode de paiement de l'AS n'est plus celui de la demande : refusez-la."
        )
    mandate = None
    if change.kind in RIB_REQUIRED:
        mandate = new_mandate_since_request(change)
        if mandate is None:
            raise ModeChangeError(_bank_details_first(change))
    balance = None
    if change.kind == ModeChangeKind.TO_PREPAYMENT:
        balance = balance_to_prepay(change.association, change.season)
    _decide(
        change,
        actor,
        ModeChangeState.ACCEPTED,
        prepayment_balance=balance,
        mandate=mandate,
    )
    before = _mode_facts(affiliation)
    affiliation.payment_mode = (
        PaymentMode.PREPAYMENT
        if change.kind == ModeChangeKind.TO_PREPAYMENT
        else PaymentMode.DIRECT_DEBIT
    )
    affiliation.bank_account = mandate
    affiliation.save(update_fields=["payment_mode", "bank_account", "updated_at"])
    after = _mode_facts(affiliation) | ({BALANCE: str(balance)} if balance is not None else {})
    record(
        actor=actor,
        action="changement de mode de paiement accepté",
        obj=change.association,
        before=before,
        after=after | {KIND: change.get_kind_display()},
    )
    _tell_the_as(change)
    return change


def _bank_details_first(change: PaymentModeChange) -> str:
    if change.kind == ModeChangeKind.BANK_CHANGE:
        return (
            "Saisissez d'abord les coordonnées du nouveau RIB dans le dossier d'affiliation : "
            "le changement de banque crée un nouveau mandat (RUM)."
        )
    return (
        "Saisissez d'abord les coordonnées bancaires du RIB joint dans le dossier d'affiliation "
        "(un nouveau mandat, depuis la demande)."
    )


@transaction.atomic
def refuse(*, change: PaymentModeChange, actor, comment: str) -> PaymentModeChange:
    _check_waiting(change)
    comment = comment.strip()
    if not comment:
        raise ModeChangeError("Indiquez à l'AS pourquoi sa demande est refusée.")
    _decide(change, actor, ModeChangeState.REFUSED, decision_comment=comment)
    affiliation = affiliation_of(change)
    record(
        actor=actor,
        action="changement de mode de paiement refusé",
        obj=change.association,
        # Nothing changes: the entry says what was asked, in which mode the AS stays, and why.
        after={KIND: change.get_kind_display()}
        | (_mode_facts(affiliation) if affiliation else {})
        | {"commentaire": comment},
    )
    _tell_the_as(change)
    return change


def _check_waiting(change: PaymentModeChange) -> None:
    if change.state != ModeChangeState.REQUESTED:
        raise ModeChangeError(f"Cette demande est déjà « {change.get_state_display().lower()} ».")


def _decide(change: PaymentModeChange, actor, state: str, **fields) -> None:
    """The one place a request's state changes: the UPDATE applies only to a waiting request,
    so two agents deciding at once cannot both succeed."""
    fields |= {"state": state, "decided_at": clock.now(), "decided_by": actor}
    updated = PaymentModeChange.objects.filter(
        pk=change.pk, state=ModeChangeState.REQUESTED
    ).update(**fields)
    if updated != 1:
        raise ModeChangeError(
            "La demande vient d'être décidée par quelqu'un d'autre : rechargez la page."
        )
    for name, value in fields.items():
        setattr(change, name, value)


def _mode_facts(affiliation: Affiliation) -> dict:
    mandate = affiliation.bank_account
    return {
        MODE: affiliation.get_payment_mode_display() or "—",
        MANDATE: mandate.rum if mandate else "—",
    }


def _tell_the_as(change: PaymentModeChange) -> None:
    """The decision, to the AS's address and to the person who asked."""
    to = [change.association.email, change.requested_by.email]
    send_templated_email(
        "finance/email/mode_change_decided", _mail_context(change), list(dict.fromkeys(to))
    )


def _mail_context(change: PaymentModeChange) -> dict:
    """The request and its page, on SITE_URL: the e-mail is read outside any request."""
    path = reverse("mode_changes:detail", args=[change.pk])
    return {"change": change, "url": settings.SITE_URL.rstrip("/") + path}
