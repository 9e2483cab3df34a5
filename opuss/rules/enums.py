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


class AccompaniedAccess(StrEnum):
    """What gives an AS access to the accompanied contract, as a season file lists it."""

    # The AS is in the accompanied contract (or opts for it): `ContractChoice.ACCOMPANIED`.
    CHOSEN = "chosen"
    FIRST_AFFILIATION = "first_affiliation"
    NOT_AFFILIATED_SINCE_2014 = "not_affiliated_since_2014"
    # The number of last season's licensees is known (2011-2012: the rules offer the accompanied
    # contract to any AS for which it is cheaper).
    PREVIOUS_LICENSEES_KNOWN = "previous_licensees_known"
