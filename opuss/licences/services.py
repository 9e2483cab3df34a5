"""Writes on licences: the basket an AS fills with renewals and new pupils, then validates in one
transaction that numbers, categorises and creates the licences (memento 2011-2012, "L'AS commande
des licences"; circular 2025-2026, III.7-8)."""

import copy
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import IntegrityError, transaction

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment, User
from opuss.affiliations.enums import AffiliationState
from opuss.affiliations.models import Affiliation
from opuss.affiliations.selectors import period_state
from opuss.core import clock
from opuss.core.audit import record
from opuss.core.auditing import log_created, log_updated
from opuss.finance import ledger
from opuss.licences.basket_checks import (  # noqa: F401 - the basket's checks, read from here
    INE_TAKEN,
    SHARED_GUARDIAN_EMAIL_LIMIT,
    changed,
    line_warnings,
    probable_duplicates,
)
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
LINE_FIELDS = [
    "last_name", "first_name", "sex", "birth_date", "ine", "class_level", "email",
    "guardian_email", "guardian1_phone", "guardian2_phone", "insurance", "handicap",
    "sport_partage",
]
# What an AS types to reach a pupil and his guardians: kept with the licence it takes.
CONTACT_FIELDS = ("email", "guardian_email", "guardian1_phone", "guardian2_phone")


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
    """Last season's licensees of the AS not yet licensed this season: the renewals to offer.
    A pupil has one licence per AS and season (`licence_one_per_pupil_as_season`), so the join
    repeats no one: no DISTINCT, which sorted the rows on every column (issue #14)."""
    return (
        Pupil.objects.filter(licences__association=association,
                             licences__season__start_year=season.start_year - 1)
        .exclude(licences__season=season)
        .order_by("last_name", "first_name")
    )


def basket_add_renewals(*, basket: Basket, pupils, actor, refreshed: dict | None = None) -> int:
    """Last season's licensees of the AS (or pupils who asked it) into the basket, with the
    class, insurance and sport partagé of their latest licence; `refreshed`: by pupil, what a
    school's file knows better (this year's class, contacts). One INSERT for them all."""
    _check_open(basket)
    in_basket = set(basket.lines.exclude(pupil=None).values_list("pupil_id", flat=True))
    allowed = set(former_licensees(basket.association, basket.season).values_list("pk",
                                                                                     flat=True))
    allowed |= set(pending_for(basket.association, basket.season).values_list("pupil_id",
                                                                              flat=True))
    pupils = [pupil for pupil in pupils if pupil.pk not in in_basket and pupil.pk in allowed]
    if not pupils:
        return 0
    latest = _latest_licences(pupils)
    changed(basket)
    lines = BasketLine.objects.bulk_create([
        _renewal_line(basket, pupil, latest.get(pupil.pk), (refreshed or {}).get(pupil.pk, {}))
        for pupil in {pupil.pk: pupil for pupil in pupils}.values()
    ])
    return len(lines)


def _latest_licences(pupils) -> dict[int, Licence]:
    latest: dict[int, Licence] = {}
    if pupils:
        for licence in Licence.objects.filter(pupil__in=pupils).order_by(
                "pupil_id", "-season__start_year"):
            latest.setdefault(licence.pupil_id, licence)
    return latest


def _renewal_line(basket: Basket, pupil: Pupil, last: Licence | None, refreshed: dict
                  ) -> BasketLine:
    line = BasketLine(
        basket=basket, source=LineSource.RENEWAL, pupil=pupil,
        last_name=pupil.last_name, first_name=pupil.first_name, sex=pupil.sex,
        birth_date=pupil.birth_date, ine=pupil.ine or "", email=pupil.email,
        class_level=last.class_level if last else "", guardian_email=pupil.guardian_email,
        guardian1_phone=pupil.guardian1_phone, guardian2_phone=pupil.guardian2_phone,
        insurance=last.insurance if last else Insurance.MAIF_COLLECTIVE,
        handicap=pupil.handicap, sport_partage=last.sport_partage if last else False,
    )
    for name, value in refreshed.items():
        setattr(line, name, value)
    return line


def basket_add_new(*, basket: Basket, actor, values: dict,
                   source: str = LineSource.NEW) -> BasketLine:
    _check_open(basket)
    line = _new_pupil_line(basket.season, values, basket=basket, source=source)
    if line.ine and basket.lines.filter(ine=line.ine).exists():
        raise LicenceError("Cet INE est déjà dans le panier.", field="ine")
    _check_ine(line)
    line.save()
    return line


def basket_new_lines(*, basket: Basket, values: list[dict], source: str) -> int:
    """New pupils already checked against the federation and the basket (an import's rows,
    `importing.decide`), added in one INSERT; a row the season has no category for is left
    out."""
    _check_open(basket)
    lines = []
    for typed in values:
        try:
            lines.append(_new_pupil_line(basket.season, typed, basket=basket, source=source))
        except LicenceError:
            continue
    changed(basket)
    return len(BasketLine.objects.bulk_create(lines))


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
    lines = list(basket.lines.select_related("pupil__user"))
    if not lines:
        raise LicenceError("Le panier est vide.")
    # It checks the lines against the federation again: the page after it, refused or not,
    # shows what it found rather than a review kept from before.
    changed(basket)
    _check_duplicates(lines, confirmed)
    # Only one validation of a basket: the conditional UPDATE is the lock.
    if not Basket.objects.filter(pk=basket.pk, state=BasketState.OPEN).update(
        state=BasketState.VALIDATED, validated_at=clock.now(),
        confirmed_checks=list(confirmed),
    ):
        raise LicenceError("Ce panier vient d'être validé.")
    licences = _license_lines(
        Licensing(basket.association, basket.season, actor, basket=basket), lines)
    # django-auditlog saw none of the rows written in bulk (`log_created` wrote its entries):
    # the validation itself is one business entry, with its numbers.
    record(actor=actor, action="panier validé", obj=basket, after={
        "licences": len(licences),
        "numéros": [licence.number for licence in licences],
        "vérifications": list(confirmed),
    })
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
    """The one path from pupils' data to licences, the basket's and the unit licence's: the
    pupil known or created, one licence per pupil and season, his number kept in the same AS or
    the next of its sequence, the category, his account, the guardian's link. In a fixed number
    of queries whatever the number of lines (issue #14): one allocation of numbers, one INSERT
    per table, the e-mails queued for a task after the commit."""
    known = _known_pupils(lines)
    _check_not_licensed(licensing.season, lines, known)
    kept = _kept_numbers(licensing.association, known)
    try:
        fresh = iter(allocate_numbers(licensing.association, kept.count(None)))
    except NumberingError as error:
        raise LicenceError(str(error)) from None
    numbers = [number or next(fresh) for number in kept]
    pupils = _pupils(licensing.actor, lines, known)
    licences = Licence.objects.bulk_create([
        _licence(licensing, line, pupil, number)
        for line, pupil, number in zip(lines, pupils, numbers, strict=True)
    ])
    log_created(licences, licensing.actor)
    _after_licensing(licensing, lines, licences)
    return licences


def _known_pupils(lines) -> list[Pupil | None]:
    """Each line's pupil when the federation knows him (a renewal's, or the holder of the INE
    typed if he is the same person: he changed establishment), None for a pupil to create. The
    INE is checked again here, whatever let the line in."""
    typed = [line.ine for line in lines if line.ine and not line.pupil_id]
    holders = {pupil.ine: pupil for pupil in
               Pupil.objects.filter(ine__in=typed).select_related("user")} if typed else {}
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
    if not ids:
        return
    list(Pupil.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    licensed = set(Licence.objects.filter(season=season, pupil_id__in=ids)
                   .values_list("pupil_id", flat=True))
    for line, pupil in zip(lines, known, strict=True):
        if pupil is not None and pupil.pk in licensed:
            raise LicenceError(f"{line} a déjà une licence cette saison : retirez-le du panier "
                               "(un élève qui change d'établissement en cours de saison voit sa "
                               "licence transférée par le service régional).")


def _kept_numbers(association, known: list[Pupil | None]) -> list[str | None]:
    """A pupil licensed again in the same AS keeps his number (that of his latest licence
    there); None: a number to allocate."""
    ids = {pupil.pk for pupil in known if pupil}
    latest: dict[int, str] = {}
    if ids:
        rows = (Licence.objects.filter(association=association, pupil_id__in=ids)
                .order_by("pupil_id", "-season__start_year").values_list("pupil_id", "number"))
        for pupil_id, number in rows:
            latest.setdefault(pupil_id, number)
    return [latest.get(pupil.pk) if pupil else None for pupil in known]


def _pupils(actor, lines, known: list[Pupil | None]) -> list[Pupil]:
    """The lines' pupils, saved, each with his account: the new ones created, the known ones
    given what an AS may give them."""
    pupils = [pupil or _new_pupil(line) for line, pupil in zip(lines, known, strict=True)]
    _update_known_pupils(actor, [(pupil, line) for pupil, line in zip(known, lines, strict=True)
                                 if pupil is not None])
    ensure_accounts(pupils, actor)
    _insert_pupils(actor, [(pupil, line) for pupil, line in zip(pupils, lines, strict=True)
                           if pupil.pk is None])
    return pupils


def _new_pupil(line: BasketLine) -> Pupil:
    """A pupil the federation did not know, not saved yet. The AS creating his first licence is
    the one that gives his own addresses; later, only he changes them (issue #11)."""
    pupil = Pupil(
        last_name=line.last_name, first_name=line.first_name, sex=line.sex,
        birth_date=line.birth_date, ine=line.ine or None, handicap=line.handicap,
        **{name: getattr(line, name) for name in CONTACT_FIELDS},
    )
    pupil.set_person_key()
    return pupil


def _insert_pupils(actor, created: list[tuple[Pupil, BasketLine]]) -> None:
    if not created:
        return
    try:
        with transaction.atomic():
            Pupil.objects.bulk_create([pupil for pupil, _line in created])
    except IntegrityError:  # the same INE, just registered by another basket
        taken = set(Pupil.objects.filter(
            ine__in=[pupil.ine for pupil, _line in created if pupil.ine]
        ).values_list("ine", flat=True))
        line = next((line for pupil, line in created if pupil.ine in taken), created[0][1])
        raise LicenceError(f"{line} : un élève avec cet INE vient d'être enregistré par un autre "
                           "panier. Validez à nouveau le panier.") from None
    log_created([pupil for pupil, _line in created], actor)


def _update_known_pupils(actor, pairs: list[tuple[Pupil, BasketLine]]) -> None:
    """A known pupil's addresses receive his password links: the AS's typed ones stay on the
    licence, except for a pupil who has none at all, whom the AS licensing him this season may
    give some, or he could never make his first connection (issue #11: « only the pupil changes
    that, or an AS that already holds his licence this season when he has none »). Written in
    one UPDATE, each change in the pupil's « Historique »."""
    changes = []
    for pupil, line in pairs:
        before = copy.copy(pupil)
        changed = _known_pupil_changes(pupil, line)
        if changed:
            changes.append((before, pupil, changed))
    if changes:
        fields = sorted({name for _before, _after, changed in changes for name in changed})
        Pupil.objects.bulk_update([pupil for _before, pupil, _changed in changes], fields)
        log_updated(changes, actor)


def _known_pupil_changes(pupil: Pupil, line: BasketLine) -> list[str]:
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
    return changed


def ensure_accounts(pupils: list[Pupil], actor=None) -> None:
    """Each pupil logs in with his licence number (and his e-mail, if it is free); a new account
    has no password until "ma première connexion". The accounts missing are created at once; a
    pupil already saved gets his written, a new one carries it to his INSERT."""
    without = [pupil for pupil in pupils if pupil.user_id is None]
    free = _free_emails({pupil.email.strip().lower() for pupil in without if pupil.email})
    users = []
    for pupil in without:
        email = pupil.email.strip().lower() if pupil.email else None
        users.append(User(email=email if email in free else None, last_name=pupil.last_name,
                          first_name=pupil.first_name, password=make_password(None)))
        free.discard(email)  # one account per address, even for two pupils who typed it
    User.objects.bulk_create(users)
    changes = []
    for pupil, user in zip(without, users, strict=True):
        before = copy.copy(pupil)
        pupil.user = user
        if pupil.pk is not None:
            changes.append((before, pupil, ["user"]))
    if changes:
        Pupil.objects.bulk_update([pupil for _before, pupil, _fields in changes], ["user"])
        log_updated(changes, actor)
    _give_pupil_role([pupil.user for pupil in pupils], actor)


def _free_emails(emails: set[str]) -> set[str]:
    if not emails:
        return set()
    return emails - set(User.objects.filter(email__in=emails).values_list("email", flat=True))


def _give_pupil_role(users, actor) -> None:
    holding = set(RoleAssignment.objects.filter(user__in=users, role=Role.PUPIL)
                  .values_list("user_id", flat=True))
    roles = RoleAssignment.objects.bulk_create([
        RoleAssignment(user=user, role=Role.PUPIL) for user in
        {user.pk: user for user in users if user.pk not in holding}.values()
    ])
    log_created(roles, actor)


def _licence(licensing: Licensing, line: BasketLine, pupil: Pupil, number: str) -> Licence:
    season = licensing.season
    return Licence(
        number=number, pupil=pupil, association=licensing.association, season=season,
        category=category_for(season, pupil.birth_date), class_level=line.class_level,
        insurance=line.insurance, sport_partage=line.sport_partage, state=LicenceState.ACTIVE,
        created_at=clock.now(), created_by=licensing.actor, basket=licensing.basket,
        unit_sale=licensing.unit_sale, **{name: getattr(line, name) for name in CONTACT_FIELDS},
    )


def _after_licensing(licensing: Licensing, lines, licences: list[Licence]) -> None:
    """The basket's lines point to their licence; MAIF individuelle adds its price to the AS's
    account; each guardian gets his link (after the commit); the pupils' renewal requests are
    done."""
    from opuss.guardians.services import licences_created

    if licensing.basket is not None:
        for line, licence in zip(lines, licences, strict=True):
            line.licence = licence
        BasketLine.objects.bulk_update(lines, ["licence"])
    insured = [licence for licence in licences if licence.insurance == Insurance.MAIF_INDIVIDUAL]
    if insured:
        ledger.charge_maif(insured, load_season(licensing.season.label).tariffs.maif_individual)
    licences_created(licences, licensing.actor)
    fulfil(licences)


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
