"""Writes on licences: the basket an AS fills with renewals and new pupils, then validates in one
transaction that numbers, categorises and creates the licences (memento 2011-2012, "L'AS commande
des licences"; circular 2025-2026, III.7-8)."""

from datetime import date

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
from opuss.finance.models import LedgerKind, LedgerLine
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
    try:
        category_for(basket.season, values["birth_date"])
    except RulesError as error:
        raise LicenceError(str(error)) from None
    values = {name: values.get(name, "") for name in LINE_FIELDS if name in values}
    values["last_name"] = values["last_name"].strip().upper()
    values["first_name"] = values["first_name"].strip()
    values["ine"] = (values.get("ine") or "").strip().upper()
    line = BasketLine(basket=basket, source=source, **values)
    _check_ine(line)
    line.save()
    return line


def _check_ine(line: BasketLine) -> None:
    """A known INE is taken for the pupil who has it only if the names and birth date typed
    are his; anything else would hand his account to whoever typed it (issue #11)."""
    if not line.ine:
        return
    if line.basket.lines.filter(ine=line.ine).exists():
        raise LicenceError("Cet INE est déjà dans le panier.", field="ine")
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
    if DUPLICATES_CHECK not in confirmed and probable_duplicates(lines):
        raise LicenceError("Des lignes sont signalées « Doublon probable » : vérifiez-les (ou "
                           "retirez-les), puis cochez « " + DUPLICATES_CHECK + " »")
    # Only one validation of a basket: the conditional UPDATE is the lock.
    if not Basket.objects.filter(pk=basket.pk, state=BasketState.OPEN).update(
        state=BasketState.VALIDATED, validated_at=clock.now(),
        confirmed_checks=list(confirmed),
    ):
        raise LicenceError("Ce panier vient d'être validé.")
    known = _known_pupils(lines)
    _check_not_licensed(basket.season, lines, known)
    kept = _kept_numbers(basket, known)
    try:
        fresh = iter(allocate_numbers(basket.association, sum(1 for ln in lines
                                                               if ln.pk not in kept)))
    except NumberingError as error:
        raise LicenceError(str(error)) from None
    licences = [_license(basket, line, known[line.pk], kept.get(line.pk) or next(fresh), actor)
                for line in lines]
    record(actor=actor, action="panier validé", obj=basket,
           after={"licences": len(licences), "vérifications": list(confirmed)})
    return licences


def _known_pupils(lines) -> dict[int, Pupil | None]:
    """Each line's pupil when the federation knows him (a renewal's, or the holder of the INE
    typed if he is the same person: he changed establishment), None for a pupil to create. The
    INE is checked again here, whatever let the line in."""
    typed = [line.ine for line in lines if line.ine and not line.pupil_id]
    holders = {pupil.ine: pupil for pupil in Pupil.objects.filter(ine__in=typed)}
    known: dict[int, Pupil | None] = {}
    first_line: dict[tuple, BasketLine] = {}
    for line in lines:
        pupil = line.pupil or holders.get(line.ine)
        if pupil is not None and not line.pupil_id and not same_person(pupil, line):
            raise LicenceError(f"{line} : {INE_TAKEN}")
        who = ("pupil", pupil.pk) if pupil else ("ine", line.ine)
        if who != ("ine", "") and first_line.setdefault(who, line) is not line:
            raise LicenceError(f"{first_line[who]} et {line} sont le même élève : retirez l'une "
                               "des deux lignes du panier.")
        known[line.pk] = pupil
    return known


def _check_not_licensed(season, lines, known: dict[int, Pupil | None]) -> None:
    """One licence per pupil and season. Two baskets may hold the same pupil (two AS, or a
    renewal here and a change of establishment there): his row is locked before looking, so
    the second validation waits for the first to commit, then sees its licence. (SQLite has no
    row locks; its IMMEDIATE transactions already make writers wait for each other.)"""
    ids = sorted({pupil.pk for pupil in known.values() if pupil})
    list(Pupil.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    licensed = set(Licence.objects.filter(season=season, pupil_id__in=ids)
                   .values_list("pupil_id", flat=True))
    for line in lines:
        pupil = known[line.pk]
        if pupil is not None and pupil.pk in licensed:
            raise LicenceError(f"{line} a déjà une licence cette saison : retirez-le du panier "
                               "(un élève qui change d'établissement en cours de saison voit sa "
                               "licence transférée par le service régional).")


def _kept_numbers(basket: Basket, known: dict[int, Pupil | None]) -> dict[int, str]:
    """A pupil renewing in the same AS keeps his number."""
    kept = {}
    for line_id, pupil in known.items():
        if pupil is not None:
            previous = (Licence.objects.filter(pupil=pupil, association=basket.association)
                        .order_by("-season__start_year").first())
            if previous:
                kept[line_id] = previous.number
    return kept


def _license(basket: Basket, line: BasketLine, pupil: Pupil | None, number: str,
             actor) -> Licence:
    from opuss.guardians.services import licence_created

    if pupil is None:
        pupil = _new_pupil(line)
    else:
        _update_known_pupil(pupil, line)
    _ensure_account(pupil)
    licence = Licence.objects.create(
        number=number, pupil=pupil, association=basket.association, season=basket.season,
        category=category_for(basket.season, pupil.birth_date), class_level=line.class_level,
        insurance=line.insurance, sport_partage=line.sport_partage, state=LicenceState.ACTIVE,
        created_at=clock.now(), created_by=actor, basket=basket,
        **{name: getattr(line, name) for name in CONTACT_FIELDS},
    )
    line.licence = licence
    line.save(update_fields=["licence"])
    if line.insurance == Insurance.MAIF_INDIVIDUAL:
        _charge_maif_individual(licence)
    licence_created(licence, actor)
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
    price = load_season(licence.season.label).tariffs.maif_individual
    LedgerLine.objects.create(
        association=licence.association, season=licence.season,
        kind=LedgerKind.MAIF_INDIVIDUAL, amount=price, licence=licence, at=clock.now(),
        label=f"MAIF individuelle – licence {licence.number} ({format_eur(price)})",
    )
