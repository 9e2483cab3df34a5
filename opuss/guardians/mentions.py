"""What the guardian is shown: the licence's data ("valider les éléments de la licence"), the
season's three mentions (circular 2025-2026, III.11 to III.13) and, for a licence covered by the
MAIF, the IA Sport+ option with its price. The same dict is displayed and stored with the answer
(`GuardianResponse.shown`): the evidence is exactly what was read."""

import hashlib
import json
from decimal import Decimal

from opuss.licences.enums import Insurance
from opuss.rules.money import format_eur
from opuss.rules.season import load_season

MENTION_TITLES = {
    "image_rights": "Mention droit à l'image",
    "rgpd": "Mention sur le RGPD",
    "insurance": "Mention sur les assurances et le règlementaire",
}
QUESTIONS = {
    "data_correct": "Les éléments de la licence ci-dessus sont-ils exacts ?",
    "image_rights": "Droit à l'image : lu et approuvé",
    "rgpd_read": "J'ai lu et pris connaissance de la mention sur le RGPD.",
    "insurance_read": (
        "J'ai lu et pris connaissance de la mention sur les assurances et le règlementaire."
    ),
}
IMAGE_RIGHTS_CHOICES = {
    "yes": "Oui, j'autorise la prise et l'utilisation d'images de mon enfant.",
    "no": "Non, je n'autorise pas la prise et l'utilisation d'images de mon enfant.",
}
# "L'option IA sport + n'est possible que pour les licenciés qui sont déjà couverts par un
# contrat MAIF (soit collectif de l'AS, soit individuel de l'UNSS)."
MAIF_COVERED = frozenset({Insurance.MAIF_COLLECTIVE, Insurance.MAIF_INDIVIDUAL})
# The circular's two cases (insurance part, "Mention devant être incluse dans les formulaires
# d'adhésion"): the cheque goes to the AS when the AS holds a MAIF collective policy, to the UNSS
# when the pupil has the MAIF individuelle taken through OPUSS.
IA_NOTICE = {
    Insurance.MAIF_COLLECTIVE: (
        "J'ai pris connaissance de la notice IA Sport + à {price} qui permet d'augmenter les "
        "garanties en cas de dommage corporel, en individuel accident."
    ),
    Insurance.MAIF_INDIVIDUAL: (
        "J'ai pris connaissance de la notice individuelle dommages corporels à l'attention des "
        "licenciés UNSS souscripteurs de l'individuelle MAIF et de la proposition de garanties "
        "complémentaires IA sport + d'un montant de {price}."
    ),
}
IA_SUBSCRIBE = {
    Insurance.MAIF_COLLECTIVE: (
        "J'y souscris et je transmets le chèque de {price} à l'ordre de l'AS en rajoutant le nom "
        "de mon enfant au dos du chèque."
    ),
    Insurance.MAIF_INDIVIDUAL: (
        "J'y souscris et je transmets le chèque de {price} à l'ordre de l'UNSS en rajoutant le "
        "nom de mon enfant ainsi que le numéro de l'AS ({code}) au dos du chèque."
    ),
}
IA_REFUSE = (
    "Je refuse cette police d'assurance complémentaire, qui vient en substitution des garanties "
    "initiales."
)


def ia_sport_plus_price(licence) -> Decimal | None:
    """The season's IA Sport+ price if the option is offered to this licence, else None."""
    price = load_season(licence.season.label).tariffs.ia_sport_plus
    if price is None or licence.insurance not in MAIF_COVERED:
        return None
    return price


def licence_data(licence) -> list[list[str]]:
    pupil, association = licence.pupil, licence.association
    establishment = association.establishment
    rows = [
        ["Licencié(e)", f"{pupil.last_name.upper()} {pupil.first_name}"],
        ["Date de naissance", pupil.birth_date.strftime("%d/%m/%Y")],
        ["Sexe", pupil.get_sex_display()],
        ["Catégorie", licence.category],
        ["Classe", licence.class_level],
        ["N° de licence", licence.number],
        ["Association sportive", association.code],
        ["Établissement", f"{establishment} ({establishment.city})"],
        ["Saison", licence.season.label],
        ["Assurance", licence.get_insurance_display()],
    ]
    return [row for row in rows if row[1]]


def shown_for(licence) -> dict:
    """Everything the guardian's page displays for this licence, as JSON-safe values."""
    mentions = load_season(licence.season.label).licences.mentions
    price = ia_sport_plus_price(licence)
    ia = None
    if price is not None:
        amount = format_eur(price)
        ia = {
            "price": amount,
            "notice": IA_NOTICE[licence.insurance].format(price=amount),
            "subscribe": IA_SUBSCRIBE[licence.insurance].format(
                price=amount, code=licence.association.code
            ),
            "refuse": IA_REFUSE,
        }
    return {
        "licence": licence_data(licence),
        "mentions": [
            {"key": key, "title": title, "text": mentions.get(key, "")}
            for key, title in MENTION_TITLES.items()
        ],
        "questions": QUESTIONS,
        "image_rights_choices": IMAGE_RIGHTS_CHOICES,
        "ia_sport_plus": ia,
    }


def digest(shown: dict) -> str:
    """A fingerprint of what was displayed: the answer is taken only if the page the guardian
    read is still what would be stored."""
    text = json.dumps(shown, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()
