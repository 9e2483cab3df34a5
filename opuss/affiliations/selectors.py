"""Reads on affiliations: the fee of a form, what the AS may choose, what is missing, and the
state of the season's calendar for it."""

from dataclasses import dataclass

from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils import timezone

from opuss.affiliations.enums import AffiliationState, BankDetailsState, OfficerRole, PaymentMode
from opuss.affiliations.models import Affiliation
from opuss.core import clock
from opuss.finance.models import BankAccount
from opuss.licences.models import Licence
from opuss.rules.calendar import is_open
from opuss.rules.enums import ContractChoice, ContractType
from opuss.rules.errors import RulesError
from opuss.rules.fees import FeeInput, FeeResult, compute_fee
from opuss.rules.season import Period, SeasonRules, load_season
from opuss.rules.text import format_date

AFFILIATION_PERIOD = "affiliation"
CHANGES_DEADLINE = "enrolment_and_type_changes"


def rules_for(season) -> SeasonRules:
    return load_season(season.label)


@dataclass(frozen=True)
class History:
    """What the AS's past affiliations say for this season's contract."""

    first_affiliation: bool
    not_affiliated_since_window: bool
    previous_contract: ContractType | None


def history(association, season) -> History:
    past = Affiliation.objects.filter(
        association=association,
        state=AffiliationState.AFFILIATED,
        season__start_year__lt=season.start_year,
    ).select_related("season")
    years = sorted(a.season.start_year for a in past)
    since = rules_for(season).free.unaffiliated_since
    previous = next((a for a in past if a.season.start_year == season.start_year - 1), None)
    return History(
        first_affiliation=not years,
        not_affiliated_since_window=bool(years) and since is not None and years[-1] < since,
        previous_contract=ContractType(previous.contract_type) if previous else None,
    )


def offered_contracts(affiliation) -> list[ContractType]:
    """Circular 2025-2026, II.1: last season's contract is kept; a new AS (and, the annex adds,
    one not affiliated since 2014-2015) is offered both."""
    past = history(affiliation.association, affiliation.season)
    if past.first_affiliation or past.not_affiliated_since_window:
        return [ContractType.PERSONALISED, ContractType.ACCOMPANIED]
    return [past.previous_contract or ContractType.PERSONALISED]


def previous_licensees(association, season) -> int:
    return Licence.objects.filter(
        association=association, season__start_year=season.start_year - 1
    ).count()


def fee_input(affiliation) -> FeeInput | None:
    """The rules' input for this form, or None while type or enrolment are missing."""
    if not affiliation.establishment_type or affiliation.enrolment is None:
        return None
    establishment = affiliation.association.establishment
    past = history(affiliation.association, affiliation.season)
    contract = affiliation.contract_type or offered_contracts(affiliation)[0]
    return FeeInput(
        establishment_type=affiliation.establishment_type,
        enrolment=affiliation.enrolment,
        previous_licensees=previous_licensees(affiliation.association, affiliation.season),
        contract=ContractChoice(contract),
        rep_plus=establishment.rep_plus,
        ex_priority=establishment.ex_priority_education,
        first_affiliation=past.first_affiliation,
        not_affiliated_since_2014=past.not_affiliated_since_window,
        aefe=establishment.aefe,
    )


def fee_of(affiliation) -> FeeResult | None:
    data = fee_input(affiliation)
    if data is None:
        return None
    try:
        return compute_fee(rules_for(affiliation.season), data)
    except RulesError:
        return None


@dataclass(frozen=True)
class PeriodState:
    open: bool
    message: str


def period_state(season, key: str) -> PeriodState:
    period: Period = rules_for(season).period(key)
    at = clock.now()
    if is_open(period, at):
        closes = f" jusqu'au {_moment(period.closes)}" if period.closes else ""
        return PeriodState(True, f"{period.label} : ouverte{closes}.")
    if period.opens is not None and at < period.opens:
        return PeriodState(False, f"{period.label} : ouverture le {_moment(period.opens)}.")
    return PeriodState(False, f"{period.label} : close depuis le {_moment(period.closes)}.")


def _moment(moment) -> str:
    local = timezone.localtime(moment)
    return f"{format_date(local.date())} à {local:%H}h{local:%M}"


def affiliation_open(season) -> PeriodState:
    return period_state(season, AFFILIATION_PERIOD)


def changes_open(season) -> PeriodState:
    return period_state(season, CHANGES_DEADLINE)


REQUIRED_FIELDS = [
    "siret",
    "establishment_type",
    "boys",
    "girls",
    "eps_teachers",
    "as_animateurs",
    "outside_animateurs",
    "forfaits_as",
    "postes_eps",
    "eps_trainees",
    "insurance",
    "payment_mode",
]


def missing_items(affiliation) -> list[str]:
    """What the AS must still fill in before "Transmettre au SR", in French."""
    missing = [
        _capitalised(str(Affiliation._meta.get_field(name).verbose_name))
        for name in REQUIRED_FIELDS
        if getattr(affiliation, name) in (None, "")
    ]
    if affiliation.insurance == "OTHER_INSURER" and not affiliation.insurer_name:
        missing.append("Nom de l'assureur")
    if not affiliation.contract_type and len(offered_contracts(affiliation)) > 1:
        missing.append("Choix du contrat")
    officers = {o.role: o for o in affiliation.officers.all()}
    for role in OfficerRole:
        officer = officers.get(role)
        if officer is None or not officer.is_complete:
            missing.append(
                f"Instances : {role.label.lower()} (civilité, nom, prénom, e-mail, téléphone)"
            )
    if not affiliation.animateurs.exists():
        missing.append("Au moins un animateur")
    return missing


def _capitalised(label: str) -> str:
    return label[:1].upper() + label[1:]


def needs_bank_details(affiliation) -> bool:
    return affiliation.payment_mode == PaymentMode.DIRECT_DEBIT


def _bank_entered() -> Exists:
    return Exists(BankAccount.objects.filter(association=OuterRef("association")))


def bank_details_missing() -> Q:
    """Affiliations paid by direct debit whose AS has no bank details yet (the SR enters them)."""
    return Q(payment_mode=PaymentMode.DIRECT_DEBIT) & ~Q(_bank_entered())


def with_bank_details_state(affiliations):
    """Affiliations annotated with `bank_details_state` (BankDetailsState)."""
    return affiliations.annotate(
        bank_details_state=Case(
            When(bank_details_missing(), then=Value(BankDetailsState.MISSING)),
            When(payment_mode=PaymentMode.DIRECT_DEBIT, then=Value(BankDetailsState.ENTERED)),
            default=Value(BankDetailsState.NOT_NEEDED),
        )
    )


def season_affiliation(association, season):
    """The AS's form of the season, if any, knowing whether its AS has bank details."""
    if season is None:
        return None
    affiliation = (
        Affiliation.objects.filter(association=association, season=season)
        .annotate(bank_entered=_bank_entered())
        .first()
    )
    if affiliation is not None:
        affiliation.association, affiliation.season = association, season
    return affiliation


def affiliation_summary(user, association, season, affiliation) -> dict:
    """What the AS home shows of the season's affiliation (`season_affiliation`), and which
    buttons."""
    from opuss.affiliations import perms

    return {
        "affiliation": affiliation,
        "affiliation_period": affiliation_open(season) if season else None,
        "changes_period": changes_open(season) if season else None,
        "can_fill_in": perms.can_fill_in(user, association),
        "can_decide": perms.can_decide(user, association),
    }
