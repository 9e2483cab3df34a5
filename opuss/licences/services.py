"""Writes on licences: the basket an AS fills with renewals and new pupils, then validates in one
transaction that numbers, categorises and creates the licences (memento 2011-2012, "L'AS commande
des licences"; circular 2025-2026, III.7-8)."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction
from django.db.models import Count

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment, User
from opuss.affiliations.enums import AffiliationState
from opuss.affiliations.models import Affiliation
from opuss.affiliations.selectors import period_state
from opuss.core import clock
from opuss.core.audit import record
from opuss.finance import ledger
from opuss.licences.enums import BasketState, Insurance, LicenceState, LineSource
from opuss.licences.models import Basket, BasketLine, Licence, Pupil
from opuss.licences.numbering import NumberingError, allocate_numbers
from opuss.licences.renewals import fulfil, pending_for
from opuss.rules.categories import age_category
from opuss.rules.errors import RulesError
from opuss.rules.money import format_eur
from opuss.rules.season import load_season
from opuss.rules.text import same_person

LICENCE_PERIOD = "licences"
# More pupils than this with one guardian e-mail is more likely a typing error than siblings.
SHARED_GUARDIAN_EMAIL_LIMIT = 5
LINE_FIELDS = [
    "last_name", "first_name", "sex", "birth_date", "ine", "class_level", "email",
    "guardian_email", "guardian1_phone", "guardian2_phone", "insurance", "handicap",
    "sport_partage",
]
# What an AS types to reach a pupil and his guardians: kept with the licence it takes.
CONTACT_FIELDS = ("email", "guardian_email", "guardian1_phone", "guardian2_phone")


# Says nothing of the pupil who has the INE: whoever typed it may not know him (issue #11).
INE_TAKEN = (
    "Cet INE est déjà celui d'un autre élève : vérifiez l'INE saisi, ou demandez au service "
    "régional."
)


class LicenceError(Exception):
    """A refused step; the message is shown as it is, next to `field` when it names one."""

    def __init__(self, message: str, *, field: str | None = None):
        super().__init__(message)
        self.field = field


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
    line = _new_pupil_line(basket.season, values, basket=basket, source=source)
    if line.ine and basket.lines.filter(ine=line.ine).exists():
        raise LicenceError("Cet INE est déjà dans le panier.", field="ine")
    _check_ine(line)
    line.save()
    return line


def _new_pupil_line(season, values: dict, **fields) -> BasketLine:
    """A new pupil's data as typed (the basket's new-pupil form, an import, the SR's unit
    licence), tidied; refused when the season has no category for the birth date."""
    try:
        category_for(season, values["birth_date"])
    except RulesError as error:
        raise LicenceError(str(error)) from None
    values = {name: values.get(name, "") for name in LINE_FIELDS if name in values}
    values["last_name"] = values["last_name"].strip().upper()
    values["first_name"] = values["first_name"].strip()
    values["ine"] = (values.get("ine") or "").strip().upper()
    return BasketLine(**fields, **values)


def _check_ine(line: BasketLine) -> None:
    """A known INE is taken for the pupil who has it only if the names and birth date typed
    are his; anything else would hand his account to whoever typed it (issue #11)."""
    if not line.ine:
        return
    holder = Pupil.objects.filter(ine=line.ine).first()
    if holder is not None and not same_person(holder, line):
        raise LicenceError(INE_TAKEN, field="ine")


def basket_remove_line(*, basket: Basket, line_id: int, actor) -> None:
    _check_open(basket)
    basket.lines.filter(pk=line_id).delete()


def _check_open(basket: Basket) -> None:
    if basket.state != BasketState.OPEN:
        raise LicenceError("Ce panier est déjà validé.")


# --- warnings before ordering ---------------------------------------------------------------


def line_warnings(lines, viewer) -> dict[int, list[str]]:
    """Probable mistakes, flagged before the basket is validated: the same INE or the same name
    and birth date as a pupil already in the federation, a guardian e-mail shared by many
    pupils, a pupil already licensed this season. Of a pupil outside the viewer's scope they say
    only that he is known: never his name, birth date or AS (issue #11)."""
    lines = list(lines)
    warnings: dict[int, list[str]] = {line.pk: [] for line in lines}
    shared = _shared_guardian_emails(lines)
    for line in lines:
        found = warnings[line.pk]
        found += _known_pupil_warnings(line, viewer)
        if line.pupil_id and Licence.objects.filter(pupil_id=line.pupil_id,
                                                    season=line.basket.season).exists():
            found.append("Cet élève a déjà une licence cette saison.")
        email = line.guardian_email.lower()
        if email and shared.get(email, 0) > SHARED_GUARDIAN_EMAIL_LIMIT:
            found.append(f"L'adresse {email} est celle du responsable légal de {shared[email]} "
                         "élèves : erreur de saisie probable ?")
    return warnings


def _holder_and_namesake(line: BasketLine) -> tuple[Pupil | None, Pupil | None]:
    """Another pupil with the INE typed, and another with the same names and birth date."""
    others = Pupil.objects.exclude(pk=line.pupil_id) if line.pupil_id else Pupil.objects.all()
    holder = others.filter(ine=line.ine).first() if line.ine else None
    namesakes = others.filter(last_name__iexact=line.last_name,
                              first_name__iexact=line.first_name, birth_date=line.birth_date)
    return holder, (namesakes.exclude(pk=holder.pk) if holder else namesakes).first()


def probable_duplicates(lines) -> list[BasketLine]:
    """The lines flagged « Doublon probable »: licensing one may create a second pupil for the
    same child, so validation asks for DUPLICATES_CHECK as well (issue #12)."""
    return [line for line in lines if _holder_and_namesake(line)[1] is not None]


def _known_pupil_warnings(line: BasketLine, viewer) -> list[str]:
    holder, namesake = _holder_and_namesake(line)
    seen = set(Pupil.objects.for_user(viewer).filter(
        pk__in=[pupil.pk for pupil in (holder, namesake) if pupil]).values_list("pk", flat=True))
    found = []
    if holder:
        found.append(_ine_warning(line, holder, holder.pk in seen))
    if namesake:
        found.append(_namesake_warning(namesake) if namesake.pk in seen else
                     "Doublon probable : un élève de mêmes nom, prénom et date de naissance est "
                     "déjà connu. S'il s'agit de lui, saisissez son INE ; sinon, vérifiez la "
                     "saisie.")
    return found


def _ine_warning(line: BasketLine, holder: Pupil, seen: bool) -> str:
    same = same_person(holder, line)
    if not seen:
        return ("Un élève de même INE, mêmes nom, prénom et date de naissance est déjà connu : la "
                "licence lui sera rattachée." if same else
                f"{INE_TAKEN} La ligne sera refusée à la validation.")
    known = f"Même INE qu'un élève déjà connu : {holder} (né(e) le {holder.birth_date:%d/%m/%Y})"
    return (f"{known} ; la licence lui sera rattachée." if same else
            f"{known} ; la ligne sera refusée à la validation : vérifiez l'INE saisi.")


def _namesake_warning(namesake: Pupil) -> str:
    where = namesake.licences.select_related("association").order_by(
        "-season__start_year").first()
    at = f", licencié(e) à l'AS {where.association.code}" if where else ""
    return f"Doublon probable : {namesake} né(e) le {namesake.birth_date:%d/%m/%Y}{at}."


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


DUPLICATES_CHECK = "J'ai vérifié les doublons signalés."


def required_checks(season) -> tuple[str, ...]:
    return load_season(season.label).licences.checks


@dataclass(frozen=True)
class Licensing:
    """Who takes licences, where: an AS validating its basket, or the regional service selling
    a CNED pupil a unit licence in the AS where he practises (`unit_sale`)."""

    association: Any
    season: Any
    actor: Any
    basket: Basket | None = None
    unit_sale: bool = False


@transaction.atomic
def basket_validate(*, basket: Basket, actor, confirmed: list[str]) -> list[Licence]:
    _check_open(basket)
    check_can_license(basket.association, basket.season)
    _check_season_checks(basket.season, confirmed)
    lines = list(basket.lines.select_related("pupil"))
    if not lines:
        raise LicenceError("Le panier est vide.")
    _check_duplicates(lines, confirmed)
    # Only one validation of a basket: the conditional UPDATE is the lock.
    if not Basket.objects.filter(pk=basket.pk, state=BasketState.OPEN).update(
        state=BasketState.VALIDATED, validated_at=clock.now(),
        confirmed_checks=list(confirmed),
    ):
        raise LicenceError("Ce panier vient d'être validé.")
    licences = _license_lines(
        Licensing(basket.association, basket.season, actor, basket=basket), lines)
    record(actor=actor, action="panier validé", obj=basket,
           after={"licences": len(licences), "vérifications": list(confirmed)})
    return licences


def _check_season_checks(season, confirmed: list[str]) -> None:
    missing = [check for check in required_checks(season) if check not in confirmed]
    if missing:
        raise LicenceError("Avant de valider, confirmez : " + " ".join(missing))


def _check_duplicates(lines, confirmed: list[str]) -> None:
    if DUPLICATES_CHECK not in confirmed and probable_duplicates(lines):
        raise LicenceError("Des lignes sont signalées « Doublon probable » : vérifiez-les (ou "
                           "retirez-les), puis cochez « " + DUPLICATES_CHECK + " »")


def _license_lines(licensing: Licensing, lines: list[BasketLine]) -> list[Licence]:
    """The one path from pupils' data to licences: the pupil known or created, one licence per
    pupil and season, his number kept in the same AS or the next of its sequence, the category,
    his account, the guardian's link."""
    known = _known_pupils(lines)
    _check_not_licensed(licensing.season, lines, known)
    kept = _kept_numbers(licensing.association, known)
    try:
        fresh = iter(allocate_numbers(licensing.association, kept.count(None)))
    except NumberingError as error:
        raise LicenceError(str(error)) from None
    return [_license(licensing, line, pupil, number or next(fresh))
            for line, pupil, number in zip(lines, known, kept, strict=True)]


def _known_pupils(lines) -> list[Pupil | None]:
    """Each line's pupil when the federation knows him (a renewal's, or the holder of the INE
    typed if he is the same person: he changed establishment), None for a pupil to create. The
    INE is checked again here, whatever let the line in."""
    typed = [line.ine for line in lines if line.ine and not line.pupil_id]
    holders = {pupil.ine: pupil for pupil in Pupil.objects.filter(ine__in=typed)}
    known: list[Pupil | None] = []
    first_line: dict[tuple, BasketLine] = {}
    for line in lines:
        pupil = line.pupil or holders.get(line.ine)
        if pupil is not None and not line.pupil_id and not same_person(pupil, line):
            raise LicenceError(f"{line} : {INE_TAKEN}")
        who = ("pupil", pupil.pk) if pupil else ("ine", line.ine)
        if who != ("ine", "") and first_line.setdefault(who, line) is not line:
            raise LicenceError(f"{first_line[who]} et {line} sont le même élève : retirez l'une "
                               "des deux lignes du panier.")
        known.append(pupil)
    return known


def _check_not_licensed(season, lines, known: list[Pupil | None]) -> None:
    """One licence per pupil and season. Two baskets may hold the same pupil (two AS, or a
    renewal here and a change of establishment there): his row is locked before looking, so
    the second validation waits for the first to commit, then sees its licence. (SQLite has no
    row locks; its IMMEDIATE transactions already make writers wait for each other.)"""
    ids = sorted({pupil.pk for pupil in known if pupil})
    list(Pupil.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    licensed = set(Licence.objects.filter(season=season, pupil_id__in=ids)
                   .values_list("pupil_id", flat=True))
    for line, pupil in zip(lines, known, strict=True):
        if pupil is not None and pupil.pk in licensed:
            raise LicenceError(f"{line} a déjà une licence cette saison : retirez-le du panier "
                               "(un élève qui change d'établissement en cours de saison voit sa "
                               "licence transférée par le service régional).")


def _kept_numbers(association, known: list[Pupil | None]) -> list[str | None]:
    """A pupil licensed again in the same AS keeps his number; None: a number to allocate."""
    kept: list[str | None] = []
    for pupil in known:
        previous = None if pupil is None else (
            Licence.objects.filter(pupil=pupil, association=association)
            .order_by("-season__start_year").first())
        kept.append(previous.number if previous else None)
    return kept


def _license(licensing: Licensing, line: BasketLine, pupil: Pupil | None,
             number: str) -> Licence:
    from opuss.guardians.services import licence_created

    if pupil is None:
        pupil = _new_pupil(line)
    else:
        _update_known_pupil(pupil, line)
    _ensure_account(pupil)
    season = licensing.season
    licence = Licence.objects.create(
        number=number, pupil=pupil, association=licensing.association, season=season,
        category=category_for(season, pupil.birth_date), class_level=line.class_level,
        insurance=line.insurance, sport_partage=line.sport_partage, state=LicenceState.ACTIVE,
        created_at=clock.now(), created_by=licensing.actor, basket=licensing.basket,
        unit_sale=licensing.unit_sale, **{name: getattr(line, name) for name in CONTACT_FIELDS},
    )
    if licensing.basket is not None:
        line.licence = licence
        line.save(update_fields=["licence"])
    if line.insurance == Insurance.MAIF_INDIVIDUAL:
        _charge_maif_individual(licence)
    licence_created(licence, licensing.actor)
    fulfil(licence)
    return licence


def _new_pupil(line: BasketLine) -> Pupil:
    """A pupil the federation did not know. The AS creating his first licence is the one that
    gives his own addresses; later, only he changes them (issue #11)."""
    try:
        with transaction.atomic():
            return Pupil.objects.create(
                last_name=line.last_name, first_name=line.first_name, sex=line.sex,
                birth_date=line.birth_date, ine=line.ine or None, handicap=line.handicap,
                **{name: getattr(line, name) for name in CONTACT_FIELDS},
            )
    except IntegrityError:  # the same INE, just registered by another basket
        raise LicenceError(f"{line} : un élève avec cet INE vient d'être enregistré par un autre "
                           "panier. Validez à nouveau le panier.") from None


def _update_known_pupil(pupil: Pupil, line: BasketLine) -> None:
    """A known pupil's addresses receive his password links: the AS's typed ones stay on the
    licence, except for a pupil who has none at all, whom the AS licensing him this season may
    give some, or he could never make his first connection (issue #11: « only the pupil changes
    that, or an AS that already holds his licence this season when he has none »)."""
    changed = []
    if pupil.handicap != line.handicap:
        pupil.handicap = line.handicap
        changed.append("handicap")
    has_address = pupil.email or pupil.guardian_email or (pupil.user and pupil.user.email)
    if not has_address:
        for name in ("email", "guardian_email"):
            if getattr(line, name):
                setattr(pupil, name, getattr(line, name))
                changed.append(name)
    if changed:
        pupil.save(update_fields=changed)


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
    ledger.charge_maif([licence], load_season(licence.season.label).tariffs.maif_individual)


# --- the unit licence (CNED) ----------------------------------------------------------------


def unit_licence_line(*, association, season, values: dict) -> BasketLine:
    """The pupil of télé-enseignement the regional service is about to license in an AS, checked
    as the basket checks a new pupil: the AS may license now, the season has a category for
    his birth date, a known INE goes with its pupil's names. Nothing is saved."""
    check_can_license(association, season)
    line = _new_pupil_line(season, values, source=LineSource.NEW)
    _check_ine(line)
    return line


def unit_licence_price(season) -> Decimal:
    return load_season(season.label).tariffs.individual_licence


@transaction.atomic
def license_unit(*, association, season, actor, values: dict, confirmed: list[str]) -> Licence:
    """Circular 2025-2026, III.2: « Achat à l'unité (uniquement pour les élèves relevant du
    CNED) : 22,66 € »; « La prise de licences individuelles reste opérationnelle uniquement pour
    les services régionaux qui peuvent licencier des élèves relevant du télé-enseignement ». The
    licence is taken at once in the AS where the pupil practises, by the basket's path, and the
    AS is charged the season's price."""
    line = unit_licence_line(association=association, season=season, values=values)
    _check_season_checks(season, confirmed)
    _check_duplicates([line], confirmed)
    [licence] = _license_lines(Licensing(association, season, actor, unit_sale=True), [line])
    price = unit_licence_price(season)
    ledger.charge_unit_licence([licence], price, actor=actor)
    record(actor=actor, action="licence à l'unité (CNED)", obj=licence,
           after={"AS": association.code, "licence": licence.number,
                  "montant": format_eur(price), "vérifications": list(confirmed)})
    return licence
