"""What the figures of an account mean, in French, and the AS's statement (« Relevé de compte »,
PDF): every line of its season, its figures and the runs ahead, as its « Finances » page shows
them."""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings

from opuss.affiliations.documents import as_name, french_day
from opuss.core import clock
from opuss.finance.ledger import Figures
from opuss.finance.selectors import Account
from opuss.rules.money import format_eur


@dataclass(frozen=True)
class Explained:
    label: str
    amount: Decimal
    text: str
    key: str  # a stable name for the page (ids, tests)


def explanations(figures: Figures) -> list[Explained]:
    """Each figure of an account with what it adds up, its own amounts spelled out."""
    f = figures
    return [
        Explained(
            "Facturé",
            f.invoiced,
            "Affiliation, contrat licences (en trois tiers), régularisations, assurances MAIF "
            "individuelles et licences à l'unité de la saison.",
            "invoiced",
        ),
        Explained(
            "Encaissé",
            f.collected,
            f"Prélevé {format_eur(f.debited)} − prélèvements rejetés {format_eur(f.rejected)} "
            f"+ réglé par chèque ou virement {format_eur(f.settled)}.",
            "collected",
        ),
        Explained(
            "Compensé",
            f.compensated,
            "Déduit d'une aide nationale pour éteindre une dette envers l'UNSS (circulaire, "
            "III.2).",
            "compensated",
        ),
        Explained(
            "Solde : reste à payer",
            f.open,
            f"Facturé {format_eur(f.invoiced)} − encaissé {format_eur(f.collected)} − compensé "
            f"{format_eur(f.compensated)}.",
            "open",
        ),
        Explained(
            "À venir",
            f.upcoming,
            "Sommes pas encore prélevées dont l'échéance n'est pas passée : elles seront "
            "prélevées aux dates de l'échéancier ci-dessous.",
            "upcoming",
        ),
        Explained(
            "Dû (dette)",
            f.debt,
            f"Ce qui est échu et pas encore payé : reste à payer {format_eur(f.open)} − à venir "
            f"{format_eur(f.upcoming)}"
            + (" (rien n'est dû quand le compte est en avance)." if f.open < f.upcoming else "."),
            "debt",
        ),
    ]


# What each column of the accountants' months adds up (opuss/finance/selectors.py, accounting).
MOVEMENT_EXPLANATIONS = [
    (
        "Facturé",
        "les charges datées du mois : affiliations, tiers de contrat, régularisations, "
        "assurances, licences à l'unité.",
    ),
    ("Prélevé", "les prélèvements SEPA des lots du mois."),
    ("Rejeté", "les prélèvements revenus impayés, enregistrés dans le mois."),
    ("Réglé", "les chèques et virements enregistrés dans le mois."),
    ("Compensé", "les dettes éteintes sur une aide nationale dans le mois."),
    ("Encaissé", "prélevé − rejeté + réglé."),
    (
        "Reste à payer en fin de mois",
        "tout ce qui a été facturé depuis le début de la saison, "
        "moins ce qui a été encaissé et compensé, au dernier jour du mois.",
    ),
]


def statement_context(account: Account) -> dict:
    association = account.association
    return {
        "account": account,
        "association": association,
        "establishment": association.establishment,
        "as_name": as_name(association.establishment),
        "season": account.season,
        "seller": settings.SEPA_CREDITOR,
        "explanations": explanations(account.figures),
        "printed_on": french_day(clock.now()),
    }


def statement_filename(account: Account) -> str:
    return f"releve-de-compte-AS{account.association.code}-{account.season.label}.pdf"
