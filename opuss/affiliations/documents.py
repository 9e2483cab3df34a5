"""What the affiliation's printed documents say: one function per document, returning the context
of its template (opuss/affiliations/templates/affiliations/pdf/).

Circular 2025-2026: the AS "peut imprimer le formulaire d'affiliation" once transmitted;
"Possibilité de charger le mandat SEPA pré-rempli pour que l'AS puisse le donner à la banque après
l'avoir signé"; "La facture de l'adhésion se trouve dans l'espace de l'AS"."""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.utils import timezone

from opuss.affiliations import selectors
from opuss.affiliations.enums import AffiliationState, OfficerRole, PaymentMode
from opuss.core import clock
from opuss.rules.calendar import ScheduledDebit, debit_schedule
from opuss.rules.enums import ContractType
from opuss.rules.errors import RulesError
from opuss.rules.text import format_date

# The standard wording of a SEPA core mandate (French version of the EPC rulebook's text).
SEPA_MENTION = (
    "En signant ce formulaire de mandat, vous autorisez (A) l'UNSS à envoyer des instructions à "
    "votre banque pour débiter votre compte, et (B) votre banque à débiter votre compte "
    "conformément aux instructions de l'UNSS. Vous bénéficiez du droit d'être remboursé par votre "
    "banque selon les conditions décrites dans la convention que vous avez passée avec elle. Une "
    "demande de remboursement doit être présentée dans les 8 semaines suivant la date de débit de "
    "votre compte pour un prélèvement autorisé."
)
# The federation is a non-profit association: its members' fees bear no VAT.
VAT_MENTION = "TVA non applicable, article 261-7-1° du CGI"
PAYMENT_ON_INVOICE = {
    PaymentMode.DIRECT_DEBIT: "Prélèvement automatique SEPA",
    PaymentMode.PREPAYMENT: "Prépaiement par l'intermédiaire du service régional",
}
# Types named with a feminine noun: "l'association sportive de la Protection judiciaire...".
FEMININE_TYPES = frozenset({"PJJ"})


@dataclass(frozen=True)
class Fee:
    """The fee as a document shows it: as billed once the AS is affiliated, as computed from the
    form before."""

    affiliation: Decimal
    contract: Decimal
    total: Decimal
    contract_label: str
    explanation: list[str]
    billed: bool


@dataclass(frozen=True)
class InvoiceLine:
    label: str
    amount: Decimal


def as_name(establishment) -> str:
    """ "Association sportive du Lycée Victor Hugo", "... de l'Établissement spécialisé ..."."""
    name = str(establishment)
    if name[:1].upper() in "AEÉÈÊIÎOUY":
        return f"Association sportive de l'{name}"
    if establishment.type in FEMININE_TYPES:
        return f"Association sportive de la {name}"
    return f"Association sportive du {name}"


def contract_label(affiliation) -> str:
    """The contract under its name in the season's circular (2011-2012 called it "normal")."""
    if not affiliation.contract_type:
        return "Contrat"
    rules = selectors.rules_for(affiliation.season)
    return rules.contract_label(ContractType(affiliation.contract_type))


def fee_shown(affiliation) -> Fee | None:
    if affiliation.state == AffiliationState.AFFILIATED:
        return Fee(
            affiliation=affiliation.fee_affiliation,
            contract=affiliation.fee_contract,
            total=affiliation.fee_total,
            contract_label=contract_label(affiliation),
            explanation=list(affiliation.fee_explanation),
            billed=True,
        )
    fee = selectors.fee_of(affiliation)
    if fee is None:
        return None
    return Fee(
        fee.affiliation,
        fee.contract,
        fee.total,
        fee.contract_label,
        list(fee.explanation),
        billed=False,
    )


def french_day(moment: datetime | None) -> str:
    """ "15 septembre 2025": the day, in the project's time zone, of a stored moment."""
    return format_date(timezone.localtime(moment).date()) if moment else ""


def _common(association) -> dict:
    establishment = association.establishment
    return {
        "association": association,
        "establishment": establishment,
        "as_name": as_name(establishment),
        "printed_on": french_day(clock.now()),
    }


def head_of(establishment, officers) -> str:
    """The head of establishment, who presides the AS: as the directory knows him, else as the
    form's "Instances" name the president."""
    if establishment.head_display:
        return establishment.head_display
    president = next((o for o in officers if o.role == OfficerRole.PRESIDENT), None)
    if president is None:
        return ""
    parts = (president.get_civility_display(), president.last_name.upper(), president.first_name)
    return " ".join(p for p in parts if p)


def form_context(affiliation) -> dict:
    """The form as filled in, with its fee and its state, and a place for the head's
    signature."""
    order = list(OfficerRole)
    officers = sorted(affiliation.officers.all(), key=lambda o: order.index(o.role))
    establishment = affiliation.association.establishment
    return {
        **_common(affiliation.association),
        "affiliation": affiliation,
        "season": affiliation.season,
        "head": head_of(establishment, officers),
        "officers": officers,
        "animateurs": affiliation.animateurs.prefetch_related("activities"),
        "sections": affiliation.sections.select_related("activity").order_by("pk"),
        "type_differs": affiliation.establishment_type
        and affiliation.establishment_type != establishment.type,
        "fee": fee_shown(affiliation),
        "transmitted_on": french_day(affiliation.transmitted_at),
        "affiliated_on": french_day(affiliation.affiliated_at),
    }


def mandate_context(association, bank_account) -> dict:
    """The SEPA mandate, pre-filled with the AS's current bank details and their RUM."""
    return {
        **_common(association),
        "creditor": settings.SEPA_CREDITOR,
        "bank_account": bank_account,
        "legal_mention": SEPA_MENTION,
    }


def debits_of(affiliation) -> tuple[tuple[ScheduledDebit, ...], str]:
    """The debits of an AS paying by direct debit, and why there is no schedule if there is
    none (a season without a debit calendar, a date outside the season)."""
    if affiliation.payment_mode != PaymentMode.DIRECT_DEBIT:
        return (), ""
    rules = selectors.rules_for(affiliation.season)
    day = affiliation.affiliated_at.astimezone(rules.timezone).date()
    try:
        return debit_schedule(rules, day, affiliation.fee_affiliation, affiliation.fee_contract), ""
    except RulesError as error:
        return (), str(error)


def invoice_context(affiliation) -> dict:
    """The membership invoice of an affiliated AS: the fee as billed at affiliation."""
    season = affiliation.season.label
    schedule, schedule_problem = debits_of(affiliation)
    return {
        **_common(affiliation.association),
        "affiliation": affiliation,
        "season": affiliation.season,
        "seller": settings.SEPA_CREDITOR,
        "invoice_date": french_day(affiliation.affiliated_at),
        "lines": [
            InvoiceLine(f"Affiliation {season}", affiliation.fee_affiliation),
            InvoiceLine(f"{contract_label(affiliation)} {season}", affiliation.fee_contract),
        ],
        "total": affiliation.fee_total,
        "explanation": list(affiliation.fee_explanation),
        "payment": PAYMENT_ON_INVOICE.get(
            affiliation.payment_mode, affiliation.get_payment_mode_display()
        ),
        "direct_debit": affiliation.payment_mode == PaymentMode.DIRECT_DEBIT,
        "schedule": schedule,
        "schedule_problem": schedule_problem,
        "vat_mention": VAT_MENTION,
    }
