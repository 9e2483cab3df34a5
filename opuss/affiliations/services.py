"""Writes on affiliations. Each service checks, raises AffiliationError with a French message,
runs in one transaction, saves what it changes, leaves an audit entry with its author, and sends
its e-mails after commit.

The workflow (circular 2025-2026, part II):
    brouillon --transmettre--> en attente --affilier--> affiliée
                                   |  ^
                          renvoyer v  | transmettre
                                 renvoyée
"""

from django.db import models, transaction

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment, User
from opuss.affiliations import selectors
from opuss.affiliations.enums import AffiliationState, PaymentMode
from opuss.affiliations.models import Affiliation, Officer
from opuss.associations.signals import forget_associations
from opuss.core import clock
from opuss.core.audit import record, snapshot
from opuss.core.mail import send_templated_email
from opuss.finance import ledger

TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "transmit": (
        frozenset({AffiliationState.DRAFT, AffiliationState.RETURNED}),
        AffiliationState.PENDING,
    ),
    "send_back": (frozenset({AffiliationState.PENDING}), AffiliationState.RETURNED),
    "affiliate": (frozenset({AffiliationState.PENDING}), AffiliationState.AFFILIATED),
}
ACTION_LABELS = {
    "transmit": "transmettre au SR",
    "send_back": "renvoyer à l'AS",
    "affiliate": "affilier",
}
EDITABLE_STATES = frozenset({AffiliationState.DRAFT, AffiliationState.RETURNED})
FORM_FIELDS = [
    "siret",
    "establishment_type",
    "boys",
    "girls",
    "deducted",
    "eps_teachers",
    "as_animateurs",
    "outside_animateurs",
    "forfaits_as",
    "postes_eps",
    "eps_trainees",
    "insurance",
    "insurer_name",
    "payment_mode",
    "contract_type",
]
ENROLMENT_FIELDS = ["establishment_type", "boys", "girls", "deducted"]


class AffiliationError(Exception):
    """A refused step of the workflow; the message is shown to the user as it is."""


# --- opening a season's form --------------------------------------------------------------


def affiliation_open_for(*, association, season, actor) -> Affiliation:
    """The AS's form for the season, created on first opening with last season's values
    ("ceux de l'année précédente sont rappelés")."""
    existing = Affiliation.objects.filter(association=association, season=season).first()
    if existing is not None:
        return existing
    state = selectors.affiliation_open(season)
    if not state.open:
        raise AffiliationError(state.message)
    with transaction.atomic():
        affiliation = Affiliation.objects.create(
            association=association,
            season=season,
            establishment_type=association.establishment.type,
        )
        _recall_previous(affiliation)
        record(
            actor=actor,
            action="affiliation ouverte",
            obj=affiliation,
            after=snapshot(affiliation, FORM_FIELDS),
        )
    return affiliation


def _recall_previous(affiliation: Affiliation) -> None:
    previous = (
        Affiliation.objects.filter(
            association=affiliation.association,
            season__start_year=affiliation.season.start_year - 1,
        )
        .prefetch_related("officers", "animateurs__activities", "sections")
        .first()
    )
    if previous is None:
        return
    for name in FORM_FIELDS:
        setattr(affiliation, name, getattr(previous, name))
    affiliation.save()
    for officer in previous.officers.all():
        officer.pk, officer.affiliation = None, affiliation
        officer.save()
    for animateur in previous.animateurs.all():
        activities = list(animateur.activities.all())
        animateur.pk, animateur.affiliation = None, affiliation
        animateur.save()
        animateur.activities.set(activities)
    for section in previous.sections.all():
        section.pk, section.affiliation = None, affiliation
        section.save()


# --- the AS fills in its form -------------------------------------------------------------


def check_editable(affiliation: Affiliation) -> None:
    if affiliation.state not in EDITABLE_STATES:
        raise AffiliationError(
            f"Le formulaire est « {affiliation.get_state_display().lower()} » : il ne peut plus "
            "être modifié par l'AS."
        )
    state = selectors.affiliation_open(affiliation.season)
    if not state.open:
        raise AffiliationError(state.message)


def affiliation_save_draft(*, affiliation: Affiliation, actor, values: dict) -> Affiliation:
    """Saves what the AS typed, complete or not ("il est possible d'ENREGISTRER le formulaire et
    de revenir plus tard pour le compléter")."""
    check_editable(affiliation)
    if "contract_type" in values and values["contract_type"]:
        offered = selectors.offered_contracts(affiliation)
        if values["contract_type"] not in offered:
            raise AffiliationError("Ce contrat n'est pas proposé à votre AS cette saison.")
    with transaction.atomic():
        before = snapshot(affiliation, FORM_FIELDS)
        changed = [name for name, value in values.items() if getattr(affiliation, name) != value]
        for name in changed:
            setattr(affiliation, name, values[name])
        if changed:
            affiliation.save(update_fields=[*changed, "updated_at"])
            record(
                actor=actor,
                action="brouillon enregistré",
                obj=affiliation,
                before=before,
                after=snapshot(affiliation, FORM_FIELDS),
            )
    return affiliation


def officers_save(*, affiliation: Affiliation, actor, officers: dict[str, dict]) -> None:
    check_editable(affiliation)
    with transaction.atomic():
        for role, values in officers.items():
            Officer.objects.update_or_create(affiliation=affiliation, role=role, defaults=values)


def animateurs_save(*, affiliation: Affiliation, actor, formset) -> None:
    check_editable(affiliation)
    with transaction.atomic():
        formset.instance = affiliation
        formset.save()


def sections_save(*, affiliation: Affiliation, actor, formset) -> None:
    check_editable(affiliation)
    with transaction.atomic():
        formset.instance = affiliation
        formset.save()


# --- the workflow -------------------------------------------------------------------------


def _check_transition(affiliation: Affiliation, action: str) -> None:
    if affiliation.state not in TRANSITIONS[action][0]:
        raise AffiliationError(
            f"Impossible de {ACTION_LABELS[action]} : l'affiliation est "
            f"« {affiliation.get_state_display().lower()} »."
        )


def _move(affiliation: Affiliation, action: str, actor, **fields) -> None:
    """The one place a state changes. The UPDATE only applies from an allowed state, so two
    people acting at once cannot both succeed: the second finds the state changed."""
    sources, target = TRANSITIONS[action]
    _check_transition(affiliation, action)
    changed = Affiliation.objects.filter(pk=affiliation.pk, state__in=sources).update(
        state=target, **fields
    )
    if changed != 1:
        raise AffiliationError(
            "L'affiliation vient d'être modifiée par quelqu'un d'autre : rechargez la page."
        )
    forget_associations([affiliation.association_id])  # an UPDATE sends no signal
    before = affiliation.get_state_display()
    affiliation.state = target
    for name, value in fields.items():
        setattr(affiliation, name, value)
    # The UPDATE bypasses django-auditlog's signals: this entry carries all it changed.
    record(
        actor=actor,
        action=ACTION_LABELS[action],
        obj=affiliation,
        before={"état": before},
        after={"état": affiliation.get_state_display(), **_audited(fields)},
    )


def _audited(fields: dict) -> dict:
    """The fields a transition set, JSON-safe; the fee's explanation is on the invoice."""
    return {
        name: _json_safe(value)
        for name, value in fields.items()
        if value not in (None, "") and name != "fee_explanation"
    }


def _json_safe(value):
    """An object by its id (the history shows it by name), a number as it is, the rest as text."""
    if isinstance(value, models.Model):
        return value.pk
    return value if isinstance(value, int) else str(value)


@transaction.atomic
def affiliation_transmit(*, affiliation: Affiliation, actor) -> None:
    check_editable(affiliation)
    missing = selectors.missing_items(affiliation)
    if missing:
        raise AffiliationError(
            "Le formulaire n'est pas complet. À renseigner : " + " ; ".join(missing) + "."
        )
    _move(
        affiliation,
        "transmit",
        actor,
        transmitted_at=clock.now(),
        seen_by_sr_at=None,
        return_comment="",
    )
    academy = affiliation.association.department.academy
    send_templated_email(
        "affiliations/email/transmitted", {"affiliation": affiliation}, [academy.email]
    )


@transaction.atomic
def affiliation_send_back(*, affiliation: Affiliation, actor, comment: str) -> None:
    _check_transition(affiliation, "send_back")
    if not comment.strip():
        raise AffiliationError("Indiquez à l'AS ce qu'elle doit corriger.")
    _move(affiliation, "send_back", actor, return_comment=comment.strip())
    send_templated_email(
        "affiliations/email/returned", {"affiliation": affiliation}, _as_addresses(affiliation)
    )


@transaction.atomic
def affiliation_affiliate(*, affiliation: Affiliation, actor, verified: bool) -> None:
    """`verified`: the SR ticked that he checked the type, enrolment and finances. Affiliating
    creates an invoice, accounts and debits: never in one unconfirmed click (issue #12)."""
    _check_transition(affiliation, "affiliate")
    if not verified:
        raise AffiliationError(
            "Cochez « Type d'établissement, effectifs et informations financières vérifiés » "
            "avant d'affilier l'AS."
        )
    fee = selectors.fee_of(affiliation)
    if fee is None:
        raise AffiliationError(
            "La cotisation ne peut pas être calculée : vérifiez le type et les effectifs."
        )
    bank_account = None
    if affiliation.payment_mode == PaymentMode.DIRECT_DEBIT:
        from opuss.finance.models import BankAccount

        bank_account = BankAccount.objects.current_for(affiliation.association)
        if bank_account is None:
            raise AffiliationError(
                "Prélèvement automatique : saisissez d'abord les coordonnées "
                "bancaires de l'AS (titulaire, IBAN, BIC)."
            )
    _move(
        affiliation,
        "affiliate",
        actor,
        affiliated_at=clock.now(),
        affiliated_by=actor,
        bank_account=bank_account,
        contract_type=affiliation.contract_type or selectors.offered_contracts(affiliation)[0],
        fee_affiliation=fee.affiliation,
        fee_contract=fee.contract,
        fee_explanation=list(fee.explanation),
        invoice_number=_next_invoice_number(affiliation.season),
    )
    ledger.charge_affiliation(affiliation, actor)
    _link_animateurs(affiliation)
    send_templated_email(
        "affiliations/email/affiliated", {"affiliation": affiliation}, _as_addresses(affiliation)
    )


def _next_invoice_number(season) -> str:
    """Invoices are numbered in one unbroken sequence per season: F2025-00001, ..."""
    type(season).objects.select_for_update().get(pk=season.pk)  # serialises numbering
    count = Affiliation.objects.filter(season=season, invoice_number__isnull=False).count()
    return f"F{season.start_year}-{count + 1:05d}"


def _link_animateurs(affiliation: Affiliation) -> None:
    """Each declared animateur gets (or keeps) an account with his e-mail as login and the
    animateur role for this AS; a new account receives a link to set its password."""
    for animateur in affiliation.animateurs.all():
        user = User.objects.filter(email=animateur.email.lower()).first()
        created = user is None
        if created:
            user = User.objects.create_user(
                email=animateur.email,
                last_name=animateur.last_name.upper(),
                first_name=animateur.first_name,
                civility=animateur.civility,
                phone=animateur.phone,
            )
        RoleAssignment.objects.get_or_create(
            user=user, role=Role.AS_TEACHER, association=affiliation.association
        )
        if animateur.user_id != user.pk:
            animateur.user = user
            animateur.save(update_fields=["user"])
        if created:
            from opuss.accounts.services import send_account_created

            send_account_created(user, affiliation.association)


def _as_addresses(affiliation: Affiliation) -> list[str]:
    emails = [affiliation.association.email]
    emails += [o.email for o in affiliation.officers.all() if o.role == "SECRETARY"]
    return list(dict.fromkeys(e for e in emails if e))


# --- after affiliation: enrolment and type until the season's deadline ---------------------


@transaction.atomic
def affiliation_change_enrolment(*, affiliation: Affiliation, actor, values: dict) -> None:
    """ "Les modifications des effectifs et du type d'établissement devront être faites avant le
    vendredi 24 octobre 2025" and "Aucune modification de contrat ne sera possible en cours
    d'année": the fee is recomputed with the same contract."""
    if affiliation.state != AffiliationState.AFFILIATED:
        raise AffiliationError(
            "Les effectifs se modifient dans le formulaire tant que l'AS n'est pas affiliée."
        )
    deadline = selectors.changes_open(affiliation.season)
    if not deadline.open:
        raise AffiliationError(deadline.message)
    before = snapshot(affiliation, [*ENROLMENT_FIELDS, "fee_contract"])
    fee_before = (affiliation.fee_affiliation, affiliation.fee_contract)
    for name in ENROLMENT_FIELDS:
        setattr(affiliation, name, values[name])
    fee = selectors.fee_of(affiliation)
    if fee is None:
        raise AffiliationError("Type et effectifs sont nécessaires au calcul de la cotisation.")
    affiliation.fee_affiliation = fee.affiliation
    affiliation.fee_contract = fee.contract
    affiliation.fee_explanation = list(fee.explanation)
    affiliation.save(
        update_fields=[
            *ENROLMENT_FIELDS,
            "fee_affiliation",
            "fee_contract",
            "fee_explanation",
            "updated_at",
        ]
    )
    ledger.charge_fee_change(affiliation, before=fee_before, actor=actor)
    record(
        actor=actor,
        action="effectifs modifiés",
        obj=affiliation,
        before=before,
        after=snapshot(affiliation, [*ENROLMENT_FIELDS, "fee_contract"]),
    )


def mark_seen_by_sr(affiliation: Affiliation) -> None:
    if affiliation.state == AffiliationState.PENDING and affiliation.seen_by_sr_at is None:
        Affiliation.objects.filter(pk=affiliation.pk).update(seen_by_sr_at=clock.now())
