"""The closed vocabularies of the rules. Values are what season files, forms and JSON use."""

from enum import StrEnum


class ContractType(StrEnum):
    """The contract an AS is in. Its French name is the season's (`SeasonRules.contract_label`):
    "Contrat personnalisé" in 2025-2026 was "Contrat normal" in 2011-2012."""

    PERSONALISED = "personalised"
    ACCOMPANIED = "accompanied"


class ContractChoice(StrEnum):
    """What the AS asks for. AUTO lets the rules pick the lowest contract it is entitled to."""

    AUTO = "auto"
    PERSONALISED = "personalised"
    ACCOMPANIED = "accompanied"


class Condition(StrEnum):
    """A fact about an AS that a season may reward (free contract, halved contract)."""

    AEFE = "aefe"
    FIRST_AFFILIATION = "first_affiliation"
    NOT_AFFILIATED_SINCE_2014 = "not_affiliated_since_2014"
    REP_PLUS = "rep_plus"
    EX_PRIORITY = "ex_priority"
    # The AS bought « Licences plein tarif » (one by one) last season instead of a contract.
    FULL_PRICE_LAST_SEASON = "full_price_last_season"


class AccompaniedAccess(StrEnum):
    """What gives an AS access to the accompanied contract, as a season file lists it."""

    # The AS is in the accompanied contract (or opts for it): `ContractChoice.ACCOMPANIED`.
    CHOSEN = "chosen"
    FIRST_AFFILIATION = "first_affiliation"
    NOT_AFFILIATED_SINCE_2014 = "not_affiliated_since_2014"
    # Offered to the AS that bought « Licences plein tarif » last season, applied only when it
    # opts for it (2011-2012: « l'AS aura le choix »); every other AS is in the normal contract.
    OFFERED_TO_FULL_PRICE = "offered_to_full_price"
