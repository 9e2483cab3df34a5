from django.db import models

from opuss.rules.enums import ContractType


class AffiliationState(models.TextChoices):
    DRAFT = "DRAFT", "Brouillon"
    PENDING = "PENDING", "En attente"
    RETURNED = "RETURNED", "Renvoyée"
    AFFILIATED = "AFFILIATED", "Affiliée"


class ASInsurance(models.TextChoices):
    MAIF_COLLECTIVE = "MAIF_COLLECTIVE", "Contrat collectif MAIF"
    OTHER_INSURER = "OTHER_INSURER", "Contrat collectif auprès d'un autre assureur"
    MAIF_INDIVIDUAL = "MAIF_INDIVIDUAL", "MAIF individuelle pour chaque licencié"


class PaymentMode(models.TextChoices):
    DIRECT_DEBIT = "DIRECT_DEBIT", "Prélèvement automatique (fortement conseillé)"
    PREPAYMENT = "PREPAYMENT", "Prépaiement par l'intermédiaire du service régional"


class BankDetailsState(models.TextChoices):
    """Where a form's bank details stand (computed, never stored): only a direct debit needs
    them, and only the SR enters them."""

    MISSING = "MISSING", "Manquantes (prélèvement)"
    ENTERED = "ENTERED", "Saisies"
    NOT_NEEDED = "NOT_NEEDED", "Sans prélèvement"


class OfficerRole(models.TextChoices):
    PRESIDENT = "PRESIDENT", "Président (chef d'établissement)"
    SECRETARY = "SECRETARY", "Secrétaire"
    TREASURER = "TREASURER", "Trésorier"


class SectionKind(models.TextChoices):
    SPORTS_SECTION = "SECTION", "Section sportive scolaire"
    SPORT_STUDIES = "SPORT_ETUDES", "Section sport-études"


class ContractTypeChoices(models.TextChoices):
    """The rules' ContractType, as stored; the season names it (2011-2012: "Contrat normal")."""

    PERSONALISED = ContractType.PERSONALISED.value, "Contrat personnalisé"
    ACCOMPANIED = ContractType.ACCOMPANIED.value, "Contrat accompagné"
