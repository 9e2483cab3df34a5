"""The fee of an AS for a season: affiliation plus licence contract, with its explanation.

Amounts are exact decimals until each reported amount is rounded once, half up, to the cent
(`round_money`). The rules and the readings retained where the circulars are ambiguous are in
docs/rules.md; the tariffs are in the season files.
"""

from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal
from typing import TypedDict

from opuss.rules.enums import AccompaniedAccess, Condition, ContractChoice, ContractType
from opuss.rules.errors import InvalidFeeInput
from opuss.rules.money import format_eur, format_number, format_price, round_money
from opuss.rules.season import SeasonRules, TypeParameter

__all__ = [
    "ContractChoice",
    "ContractType",
    "FeeInput",
    "FeeResult",
    "FeeResultDict",
    "compute_fee",
]

# How a fact is named when it has no effect in a season (the season file names those that do).
CONDITION_NAMES = {
    Condition.AEFE: "établissement de l'AEFE",
    Condition.FIRST_AFFILIATION: "première affiliation",
    Condition.NOT_AFFILIATED_SINCE_2014: "AS non affiliée depuis 2014-2015",
    Condition.REP_PLUS: "REP+",
    Condition.EX_PRIORITY: "LP de l'ex-éducation prioritaire",
    Condition.FULL_PRICE_LAST_SEASON: "AS en « Licences plein tarif » la saison précédente",
}
# The facts that open the accompanied contract to an AS when the season lists them.
ACCESS_CONDITIONS = {
    AccompaniedAccess.FIRST_AFFILIATION: Condition.FIRST_AFFILIATION,
    AccompaniedAccess.NOT_AFFILIATED_SINCE_2014: Condition.NOT_AFFILIATED_SINCE_2014,
}
# The facts that let an AS opt for the accompanied contract, which the rules never pick alone.
CHOICE_CONDITIONS = {AccompaniedAccess.OFFERED_TO_FULL_PRICE: Condition.FULL_PRICE_LAST_SEASON}
# Above this, a headcount is a typing error, not an establishment (the largest have a few
# thousand pupils); it also keeps every amount within exact decimal arithmetic.
MAX_HEADCOUNT = 100_000


@dataclass(frozen=True)
class FeeInput:
    establishment_type: str  # COL, LYC, LA, LPA, LP, LPO, AUT, CFA, EEA, ES, PJJ
    enrolment: int  # effectif réel: pupils of the establishment
    previous_licensees: int | None = None  # licensees of last season; None when unknown
    contract: ContractChoice = ContractChoice.AUTO
    rep_plus: bool = False
    ex_priority: bool = False
    first_affiliation: bool = False
    not_affiliated_since_2014: bool = False
    aefe: bool = False
    full_price_last_season: bool = False

    def holds(self, condition: Condition) -> bool:
        return {
            Condition.AEFE: self.aefe,
            Condition.FIRST_AFFILIATION: self.first_affiliation,
            Condition.NOT_AFFILIATED_SINCE_2014: self.not_affiliated_since_2014,
            Condition.REP_PLUS: self.rep_plus,
            Condition.EX_PRIORITY: self.ex_priority,
            Condition.FULL_PRICE_LAST_SEASON: self.full_price_last_season,
        }[condition]


class FeeResultDict(TypedDict):
    """`FeeResult` as JSON: amounts are strings with two decimals ("2145.78")."""

    season: str
    establishment_type: str
    enrolment: int
    affiliation: str
    contract_type: str
    contract_label: str
    contract: str
    total: str
    personalised: str
    accompanied: str | None
    free: bool
    reduced: bool
    break_even_licences: int
    explanation: list[str]


@dataclass(frozen=True)
class FeeResult:
    season: str
    establishment_type: str
    enrolment: int
    affiliation: Decimal
    # The contract the AS is in this season (recorded even when it is free: it is next season's
    # default), and its name in this season's circular.
    contract_type: ContractType
    contract_label: str
    contract: Decimal  # what the AS pays for the contract, after every reduction
    total: Decimal  # affiliation + contract
    # The personalised (2011: "normal") contract of the formula, capped, before it is compared
    # with the accompanied one, halved or made free; 0 for a type without a parameter.
    personalised: Decimal
    # The accompanied contract, when the AS has access to it; None otherwise.
    accompanied: Decimal | None
    free: bool
    reduced: bool
    # Smallest number of licences whose price bought one by one covers the contract; 0 if free.
    break_even_licences: int
    explanation: tuple[str, ...]

    def as_dict(self) -> FeeResultDict:
        return {
            "season": self.season,
            "establishment_type": self.establishment_type,
            "enrolment": self.enrolment,
            "affiliation": _amount(self.affiliation),
            "contract_type": self.contract_type.value,
            "contract_label": self.contract_label,
            "contract": _amount(self.contract),
            "total": _amount(self.total),
            "personalised": _amount(self.personalised),
            "accompanied": _amount(self.accompanied) if self.accompanied is not None else None,
            "free": self.free,
            "reduced": self.reduced,
            "break_even_licences": self.break_even_licences,
            "explanation": list(self.explanation),
        }


@dataclass(frozen=True)
class _Amount:
    """An exact amount and the formula that gives it, as the explanation writes it."""

    exact: Decimal
    formula: str


def compute_fee(rules: SeasonRules, fee_input: FeeInput) -> FeeResult:
    choice = _validate(rules, fee_input)
    code = fee_input.establishment_type
    parameter = rules.personalised.parameters.get(code)
    lines = [
        f"Saison {rules.label} : établissement de type {code}, "
        f"effectif réel {format_number(fee_input.enrolment)} élèves."
    ]
    personalised = _personalised(rules, parameter, fee_input.enrolment, lines)
    accompanied = None
    if parameter is not None and _has_accompanied_access(rules, fee_input, choice):
        accompanied = _accompanied(rules, fee_input, choice, lines)
    elif parameter is not None and (offer := _offer_line(rules, fee_input, choice)):
        lines.append(offer)

    contract_type, applied = _applied_contract(rules, personalised, accompanied, lines)
    if parameter is None and choice is ContractChoice.ACCOMPANIED:
        contract_type = ContractType.ACCOMPANIED
    free = _free_reasons(rules, fee_input)
    reduced = False
    if free:
        applied = _Amount(Decimal(0), "0")
        lines.append(f"Contrat gratuit ({' ; '.join(free)}) : {format_eur(Decimal(0))}.")
    else:
        applied, reduced = _reduce(rules, fee_input, applied, lines)
    lines.extend(_conditions_without_effect(rules, fee_input))

    affiliation = round_money(rules.tariffs.affiliation)
    contract = round_money(applied.exact)
    total = affiliation + contract
    lines.append(f"Affiliation : {format_eur(affiliation)}.")
    lines.append(
        f"Total : {format_eur(affiliation)} + {format_eur(contract)} = {format_eur(total)}."
    )
    break_even = _break_even(rules, contract, lines)
    return FeeResult(
        season=rules.label,
        establishment_type=code,
        enrolment=fee_input.enrolment,
        affiliation=affiliation,
        contract_type=contract_type,
        contract_label=rules.contract_label(contract_type),
        contract=contract,
        total=total,
        personalised=round_money(personalised.exact),
        accompanied=round_money(accompanied.exact) if accompanied is not None else None,
        free=bool(free),
        reduced=reduced,
        break_even_licences=break_even,
        explanation=tuple(lines),
    )


def _validate(rules: SeasonRules, fee_input: FeeInput) -> ContractChoice:
    if fee_input.establishment_type not in rules.establishment_types:
        known = ", ".join(sorted(rules.establishment_types))
        raise InvalidFeeInput(
            f"Type d'établissement inconnu : {fee_input.establishment_type}. "
            f"Types possibles : {known}."
        )
    if not _is_count(fee_input.enrolment):
        raise InvalidFeeInput(
            f"L'effectif de l'établissement doit être un nombre entier d'élèves entre 0 et "
            f"{format_number(MAX_HEADCOUNT)} (reçu : {fee_input.enrolment})."
        )
    if fee_input.previous_licensees is not None and not _is_count(fee_input.previous_licensees):
        raise InvalidFeeInput(
            f"Le nombre de licenciés de la saison précédente doit être un nombre entier entre 0 "
            f"et {format_number(MAX_HEADCOUNT)} (reçu : {fee_input.previous_licensees})."
        )
    try:
        return ContractChoice(fee_input.contract)
    except ValueError:
        choices = ", ".join(choice.value for choice in ContractChoice)
        raise InvalidFeeInput(
            f"Choix de contrat inconnu : {fee_input.contract}. Choix possibles : {choices}."
        ) from None


def _is_count(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_HEADCOUNT


def _personalised(
    rules: SeasonRules, parameter: TypeParameter | None, enrolment: int, lines: list[str]
) -> _Amount:
    label = rules.personalised.label
    if parameter is None:
        lines.append(f"{label} : pas de paramètre pour ce type d'établissement.")
        return _Amount(Decimal(0), "0")
    floor, ceiling = rules.personalised.enrolment_floor, rules.personalised.enrolment_ceiling
    corrected = min(max(enrolment, floor), ceiling)
    if corrected != enrolment:
        bound = "inférieur" if enrolment < floor else "supérieur"
        lines.append(
            f"Effectif corrigé : {format_number(corrected)} (effectif réel {bound} à "
            f"{format_number(corrected)}, pour le calcul du pourcentage seulement)."
        )
    lines.append(
        f"Paramètre « {parameter.column} » : {format_number(parameter.parameter)} ; "
        f"pourcentage de l'effectif pris en compte : {format_number(parameter.parameter)} − "
        f"{format_number(corrected)}/100 = "
        f"{format_number(parameter.parameter - Decimal(corrected) / 100)} %."
    )
    base = rules.personalised.base
    exact = Decimal(enrolment) * (parameter.parameter - Decimal(corrected) / 100) * base / 100
    formula = (
        f"{format_number(enrolment)} × ({format_number(parameter.parameter)} − "
        f"{format_number(corrected)}/100) × {format_price(base)} / 100"
    )
    lines.append(f"{label} : {formula} = {format_eur(exact)}.")
    cap = rules.personalised.cap
    if cap is not None and exact > cap:
        lines.append(
            f"Plafond du contrat : {format_price(cap)} ; {format_eur(exact)} ramené à "
            f"{format_eur(cap)}."
        )
        return _Amount(cap, format_price(cap))
    return _Amount(exact, formula)


def _has_accompanied_access(
    rules: SeasonRules, fee_input: FeeInput, choice: ContractChoice
) -> bool:
    """Whether the AS may be in the accompanied contract. An AS that asks for the personalised
    contract is in it; one that asks for the accompanied contract is in it where the season says
    so; when the rules decide, the facts listed by the season open it."""
    access = rules.accompanied.access
    if choice is ContractChoice.PERSONALISED:
        return False
    if choice is ContractChoice.ACCOMPANIED and AccompaniedAccess.CHOSEN in access:
        return True
    by_fact = any(fee_input.holds(condition) for condition in _access_conditions(rules))
    by_choice = any(
        fee_input.holds(condition)
        for item, condition in CHOICE_CONDITIONS.items()
        if item in access
    )
    if choice is ContractChoice.ACCOMPANIED and not (by_fact or by_choice):
        raise InvalidFeeInput(_not_offered(rules))
    return by_fact or (by_choice and choice is ContractChoice.ACCOMPANIED)


def _not_offered(rules: SeasonRules) -> str:
    label = rules.accompanied.label
    if AccompaniedAccess.OFFERED_TO_FULL_PRICE in rules.accompanied.access:
        return (
            f"Le {label.lower()} n'est proposé en {rules.label} qu'aux AS qui étaient en "
            "« Licences plein tarif » la saison précédente ; les autres sont en "
            f"{rules.personalised.label.lower()}."
        )
    return f"Le {label.lower()} n'est pas ouvert à cette AS en {rules.label}."


def _access_conditions(rules: SeasonRules) -> set[Condition]:
    access = rules.accompanied.access
    return {condition for item, condition in ACCESS_CONDITIONS.items() if item in access}


def _offer_line(rules: SeasonRules, fee_input: FeeInput, choice: ContractChoice) -> str | None:
    """An AS to which the season offers the accompanied contract, but which did not choose it,
    is told so: the rules never choose it in its place."""
    offered = AccompaniedAccess.OFFERED_TO_FULL_PRICE in rules.accompanied.access
    if not (offered and fee_input.full_price_last_season and choice is ContractChoice.AUTO):
        return None
    return (
        f"{rules.accompanied.label} proposé (AS en « Licences plein tarif » la saison "
        f"précédente) : il ne s'applique que si l'AS le choisit ; "
        f"{rules.personalised.label.lower()} par défaut."
    )


def _accompanied(
    rules: SeasonRules, fee_input: FeeInput, choice: ContractChoice, lines: list[str]
) -> _Amount | None:
    accompanied = rules.accompanied
    previous = fee_input.previous_licensees
    share = accompanied.no_licensees_share
    label = accompanied.label
    count: Decimal
    if previous and previous > 0:
        count = Decimal(previous)
    elif share is not None:
        # "A défaut de licenciés ..., soit 8% de l'effectif scolarisé": a rate applied to the
        # enrolment, not a headcount, so the count is not rounded (docs/rules.md).
        count = Decimal(fee_input.enrolment) * share
        lines.append(
            f"Pas de licenciés la saison précédente : {format_number((share * 100).normalize())} "
            f"% de l'effectif, soit {format_number(fee_input.enrolment)} × "
            f"{format_number(share)} = {format_number(count.normalize())} licenciés."
        )
    elif previous == 0:
        count = Decimal(0)
    elif choice is ContractChoice.ACCOMPANIED:
        raise InvalidFeeInput(
            f"Le {label.lower()} se calcule sur le nombre de licenciés de la saison précédente : "
            "indiquez-le."
        )
    else:
        lines.append(
            f"{label} : sans objet, le nombre de licenciés de la saison précédente n'est pas connu."
        )
        return None
    exact = count * accompanied.licence_price + accompanied.fixed_part
    formula = (
        f"{format_number(count.normalize())} × {format_price(accompanied.licence_price)} + "
        f"{format_price(accompanied.fixed_part)}"
    )
    lines.append(f"{label} : {formula} = {format_eur(exact)}.")
    return _Amount(exact, f"({formula})")


def _applied_contract(
    rules: SeasonRules, personalised: _Amount, accompanied: _Amount | None, lines: list[str]
) -> tuple[ContractType, _Amount]:
    """ "Si Contrat_A est inférieur au Contrat_P, alors le contrat à appliquer est le Contrat_A,
    sinon on applique le Contrat_P" — the amounts compared are the euros shown, to the cent."""
    if accompanied is None:
        return ContractType.PERSONALISED, personalised
    a, p = round_money(accompanied.exact), round_money(personalised.exact)
    if a < p:
        lines.append(
            f"Contrat retenu : {rules.accompanied.label.lower()}, moins cher "
            f"({format_eur(a)} < {format_eur(p)})."
        )
        return ContractType.ACCOMPANIED, accompanied
    lines.append(
        f"Contrat retenu : {rules.personalised.label.lower()}, le "
        f"{rules.accompanied.label.lower()} n'étant pas moins cher "
        f"({format_eur(a)} ≥ {format_eur(p)})."
    )
    return ContractType.PERSONALISED, personalised


def _free_reasons(rules: SeasonRules, fee_input: FeeInput) -> list[str]:
    reasons = []
    if fee_input.establishment_type in rules.free.establishment_types:
        reasons.append(f"établissement de type {fee_input.establishment_type}")
    reasons.extend(
        words for condition, words in rules.free.conditions.items() if fee_input.holds(condition)
    )
    return reasons


def _reduce(
    rules: SeasonRules, fee_input: FeeInput, applied: _Amount, lines: list[str]
) -> tuple[_Amount, bool]:
    """Halving comes after the cap (already in `applied`): an AS in REP+ pays half of what the
    same AS out of REP+ would pay. Reductions do not add up: the largest one applies."""
    held = [item for item in rules.reductions if fee_input.holds(item.condition)]
    for reduction in held:
        if fee_input.establishment_type not in reduction.establishment_types:
            types = ", ".join(sorted(reduction.establishment_types))
            lines.append(
                f"Pas de réduction « {reduction.label} » pour le type "
                f"{fee_input.establishment_type} (réservée au type {types})."
            )
    matching = [item for item in held if fee_input.establishment_type in item.establishment_types]
    if not matching:
        return applied, False
    reduction = max(matching, key=lambda item: item.divisor)
    exact = applied.exact / reduction.divisor
    formula = f"{applied.formula} / {format_number(reduction.divisor)}"
    lines.append(
        f"Réduction « {reduction.label} », contrat divisé par "
        f"{format_number(reduction.divisor)} : {formula} = {format_eur(exact)}."
    )
    return _Amount(exact, formula), True


def _conditions_without_effect(rules: SeasonRules, fee_input: FeeInput) -> list[str]:
    effective = set(rules.free.conditions) | {item.condition for item in rules.reductions}
    effective |= _access_conditions(rules)
    effective |= {c for item, c in CHOICE_CONDITIONS.items() if item in rules.accompanied.access}
    return [
        f"« {CONDITION_NAMES[condition]} » : sans effet sur le contrat en {rules.label}."
        for condition in Condition
        if fee_input.holds(condition) and condition not in effective
    ]


def _break_even(rules: SeasonRules, contract: Decimal, lines: list[str]) -> int:
    """The "seuil de licences à prendre pour rentabiliser le forfait" (memento 2011-2012): the
    smallest n such that n licences bought one by one cost at least the contract."""
    price = rules.tariffs.individual_licence
    if contract <= 0:
        lines.append("Seuil de rentabilité : sans objet, le contrat est gratuit.")
        return 0
    licences = int((contract / price).to_integral_value(rounding=ROUND_CEILING))
    lines.append(
        f"Seuil de rentabilité : {licences} licence{'s' if licences > 1 else ''} "
        f"({licences} × {format_price(price)} = "
        f"{format_eur(licences * price)} ≥ {format_eur(contract)}, prix d'une licence "
        "individuelle)."
    )
    return licences


def _amount(value: Decimal) -> str:
    return f"{round_money(value):.2f}"
