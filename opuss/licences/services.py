"""Writes on licences: the basket an AS fills with renewals and new pupils, then validates in one
transaction that numbers, categorises and creates the licences (memento 2011-2012, "L'AS commande
des licences"; circular 2025-2026, III.7-8)."""

from datetime import date

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Count

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment, User
from opuss.affiliations.enums import AffiliationState
from opuss.affiliations.models import Affiliation
from opuss.affiliations.selectors import period_state
from opuss.core import clock
from opuss.core.audit import record
from opuss.finance.models import LedgerKind, LedgerLine
from opuss.licences.enums import BasketState, Insurance, LicenceState, LineSource
from opuss.licences.models import Basket, BasketLine, Licence, Pupil
from opuss.licences.numbering import NumberingError, allocate_numbers
from opuss.licences.renewals import fulfil, pending_for
from opuss.rules.categories import age_category
from opuss.rules.errors import RulesError
from opuss.rules.money import format_eur
from opuss.rules.season import load_season

LICENCE_PERIOD = "licences"
# More pupils than this with one guardian e-mail is more likely a typing error than siblings.
SHARED_GUARDIAN_EMAIL_LIMIT = 5
LINE_FIELDS = [
    "last_name", "first_name", "sex", "birth_date", "ine", "class_level", "email",
    "guardian_email", "guardian1_phone", "guardian2_phone", "insurance", "handicap",
    "sport_partage",
]


class LicenceError(Exception):
    """A refused step; the message is shown as it is."""


def category_for(season, birth_date: date) -> str:
    """The age category label of a pupil born on that date, per the season's rules file."""
    return age_category(load_season(season.label), birth_date).label


# --- may this AS license now? --------------------------------------------------------------


def licensing_refusal(association, season) -> str | None:
    """Why the AS cannot take licences now, or None. "Only an affiliated AS licenses, inside the
    season's licence period." """
    affiliated = Affiliation.objects.filter(
        association=association, season=season, state=AffiliationState.AFFILIATED
    ).exists()
    if not affiliated:
        return (f"L'AS {association.code} n'est pas encore affiliée pour {season} : les licences "
                "se prennent une fois l'affiliation validée par le service régional.")
    state = period_state(season, LICENCE_PERIOD)
    return None if state.open else state.message


def check_can_license(association, season) -> None:
    refusal = licensing_refusal(association, season)
    if refusal:
        raise LicenceError(refusal)


# --- the basket ----------------------------------------------------------------------------


def basket_open(*, association, season, actor) -> Basket:
    check_can_license(association, season)
    basket, _ = Basket.objects.get_or_create(
        association=association, season=season, created_by=actor, state=BasketState.OPEN
    )
    return basket


def former_licensees(association, season):
    """Last season's licensees of the AS not yet licensed this season: the renewals to offer."""
    return (
        Pupil.objects.filter(licences__association=association,
                             licences__season__start_year=season.start_year - 1)
        .exclude(licences__season=season)
        .distinct()
        .order_by("last_name", "first_name")
    )


def basket_add_renewals(*, basket: Basket, pupils, actor) -> int:
    _check_open(basket)
    in_basket = set(basket.lines.exclude(pupil=None).values_list("pupil_id", flat=True))
    allowed = set(former_licensees(basket.association, basket.season).values_list("pk",
                                                                                     flat=True))
    allowed |= set(pending_for(basket.association, basket.season).values_list("pupil_id",
                                                                              flat=True))
    added = 0
    for pupil in pupils:
        if pupil.pk in in_basket or pupil.pk not in allowed:
            continue
        last = pupil.licences.order_by("-season__start_year").first()
        BasketLine.objects.create(
            basket=basket, source=LineSource.RENEWAL, pupil=pupil,
            last_name=pupil.last_name, first_name=pupil.first_name, sex=pupil.sex,
            birth_date=pupil.birth_date, ine=pupil.ine or "", email=pupil.email,
            class_level=last.class_level if last else "", guardian_email=pupil.guardian_email,
            guardian1_phone=pupil.guardian1_phone, guardian2_phone=pupil.guardian2_phone,
            insurance=last.insurance if last else Insurance.MAIF_COLLECTIVE,
            handicap=pupil.handicap, sport_partage=last.sport_partage if last else False,
        )
        added += 1
    return added


def basket_add_new(*, basket: Basket, actor, values: dict,
                   source: str = LineSource.NEW) -> BasketLine:
    _check_open(basket)
    try:
        category_for(basket.season, values["birth_date"])
    except RulesError as error:
        raise LicenceError(str(error)) from None
    values = {name: values.get(name, "") for name in LINE_FIELDS if name in values}
    values["last_name"] = values["last_name"].strip().upper()
    values["first_name"] = values["first_name"].strip()
    values["ine"] = (values.get("ine") or "").strip().upper()
    return BasketLine.objects.create(basket=basket, source=source, **values)


def basket_remove_line(*, basket: Basket, line_id: int, actor) -> None:
    _check_open(basket)
    basket.lines.filter(pk=line_id).delete()


def _check_open(basket: Basket) -> None:
    if basket.state != BasketState.OPEN:
        raise LicenceError("Ce panier est déjà validé.")


# --- warnings before ordering ---------------------------------------------------------------


def line_warnings(lines) -> dict[int, list[str]]:
    """Probable mistakes, flagged before the basket is validated: the same INE or the same name
    and birth date as a pupil already in the federation, a guardian e-mail shared by many
    pupils, a pupil already licensed this season."""
    lines = list(lines)
    warnings: dict[int, list[str]] = {line.pk: [] for line in lines}
    shared = _shared_guardian_emails(lines)
    for line in lines:
        found = warnings[line.pk]
        others = Pupil.objects.exclude(pk=line.pupil_id) if line.pupil_id else Pupil.objects.all()
        if line.ine:
            same_ine = others.filter(ine=line.ine).first()
            if same_ine:
                found.append(f"Même INE qu'un élève déjà connu : {same_ine} "
                             f"(né(e) le {same_ine.birth_date:%d/%m/%Y}).")
        namesake = others.filter(last_name__iexact=line.last_name,
                                 first_name__iexact=line.first_name,
                                 birth_date=line.birth_date).first()
        if namesake:
            where = namesake.licences.select_related("association").order_by(
                "-season__start_year").first()
            at = f", licencié(e) à l'AS {where.association.code}" if where else ""
            found.append(f"Doublon probable : {namesake} né(e) le "
                         f"{namesake.birth_date:%d/%m/%Y}{at}.")
        if line.pupil_id and Licence.objects.filter(pupil_id=line.pupil_id,
                                                    season=line.basket.season).exists():
            found.append("Cet élève a déjà une licence cette saison.")
        email = line.guardian_email.lower()
        if email and shared.get(email, 0) > SHARED_GUARDIAN_EMAIL_LIMIT:
            found.append(f"L'adresse {email} est celle du responsable légal de {shared[email]} "
                         "élèves : erreur de saisie probable ?")
    return warnings


def _shared_guardian_emails(lines) -> dict[str, int]:
    emails = {line.guardian_email.lower() for line in lines if line.guardian_email}
    if not emails:
        return {}
    known = dict(
        Pupil.objects.filter(guardian_email__in=emails)
        .values_list("guardian_email")
        .annotate(n=Count("pk"))
    )
    counts = {email.lower(): n for email, n in known.items()}
    for line in lines:  # new pupils are not in the federation yet: count them too
        if line.guardian_email and not line.pupil_id:
            email = line.guardian_email.lower()
            counts[email] = counts.get(email, 0) + 1
    return counts


# --- validation -----------------------------------------------------------------------------


def required_checks(season) -> tuple[str, ...]:
    return load_season(season.label).licences.checks


@transaction.atomic
def basket_validate(*, basket: Basket, actor, confirmed: list[str]) -> list[Licence]:
    _check_open(basket)
    check_can_license(basket.association, basket.season)
    missing = [check for check in required_checks(basket.season) if check not in confirmed]
    if missing:
        raise LicenceError("Avant de valider, confirmez : " + " ".join(missing))
    lines = list(basket.lines.select_related("pupil"))
    if not lines:
        raise LicenceError("Le panier est vide.")
    # Only one validation of a basket: the conditional UPDATE is the lock.
    if not Basket.objects.filter(pk=basket.pk, state=BasketState.OPEN).update(
        state=BasketState.VALIDATED, validated_at=clock.now(),
        confirmed_checks=list(confirmed),
    ):
        raise LicenceError("Ce panier vient d'être validé.")
    already = set(Licence.objects.filter(
        season=basket.season, pupil__in=[line.pupil for line in lines if line.pupil]
    ).values_list("pupil_id", flat=True))
    if already:
        raise LicenceError("Un élève du panier a déjà une licence cette saison : retirez-le.")
    kept = _kept_numbers(basket, lines)
    try:
        fresh = iter(allocate_numbers(basket.association, sum(1 for ln in lines
                                                               if ln.pk not in kept)))
    except NumberingError as error:
        raise LicenceError(str(error)) from None
    licences = [_license(basket, line, kept.get(line.pk) or next(fresh), actor) for line in lines]
    record(actor=actor, action="panier validé", obj=basket,
           after={"licences": len(licences), "vérifications": list(confirmed)})
    return licences


def _kept_numbers(basket: Basket, lines) -> dict[int, str]:
    """A pupil renewing in the same AS keeps his number."""
    kept = {}
    for line in lines:
        if line.pupil_id:
            previous = (Licence.objects.filter(pupil_id=line.pupil_id,
                                               association=basket.association)
                        .order_by("-season__start_year").first())
            if previous:
                kept[line.pk] = previous.number
    return kept


def _license(basket: Basket, line: BasketLine, number: str, actor) -> Licence:
    from opuss.guardians.services import licence_created

    pupil = line.pupil or _pupil_for(line)
    _update_pupil(pupil, line)
    _ensure_account(pupil)
    licence = Licence.objects.create(
        number=number, pupil=pupil, association=basket.association, season=basket.season,
        category=category_for(basket.season, pupil.birth_date), class_level=line.class_level,
        insurance=line.insurance, sport_partage=line.sport_partage, state=LicenceState.ACTIVE,
        created_at=clock.now(), created_by=actor, basket=basket,
    )
    line.licence = licence
    line.save(update_fields=["licence"])
    if line.insurance == Insurance.MAIF_INDIVIDUAL:
        _charge_maif_individual(licence)
    licence_created(licence, actor)
    fulfil(licence)
    return licence


def _pupil_for(line: BasketLine) -> Pupil:
    """The pupil of a new line: the one with the same INE if the federation knows him (he
    changed establishment), else a new pupil."""
    if line.ine:
        known = Pupil.objects.filter(ine=line.ine).first()
        if known:
            return known
    return Pupil.objects.create(
        last_name=line.last_name, first_name=line.first_name, sex=line.sex,
        birth_date=line.birth_date, ine=line.ine or None,
    )


def _update_pupil(pupil: Pupil, line: BasketLine) -> None:
    """The contacts typed in the basket are the latest the AS has."""
    for name in ("email", "guardian_email", "guardian1_phone", "guardian2_phone"):
        value = getattr(line, name)
        if value:
            setattr(pupil, name, value)
    pupil.handicap = line.handicap
    pupil.save()


def _ensure_account(pupil: Pupil) -> None:
    """The pupil logs in with his licence number (and his e-mail, if it is free); a new account
    has no password until "ma première connexion"."""
    if pupil.user_id is None:
        email = pupil.email.lower() if pupil.email else None
        if email and User.objects.filter(email=email).exists():
            email = None
        pupil.user = User.objects.create(
            email=email, last_name=pupil.last_name, first_name=pupil.first_name,
            password=make_password(None),
        )
        pupil.save(update_fields=["user"])
    RoleAssignment.objects.get_or_create(user=pupil.user, role=Role.PUPIL)


def _charge_maif_individual(licence: Licence) -> None:
    """"MAIF individual insurance chosen for a pupil adds its price to the AS's account."""
    price = load_season(licence.season.label).tariffs.maif_individual
    LedgerLine.objects.create(
        association=licence.association, season=licence.season,
        kind=LedgerKind.MAIF_INDIVIDUAL, amount=price, licence=licence, at=clock.now(),
        label=f"MAIF individuelle – licence {licence.number} ({format_eur(price)})",
    )
