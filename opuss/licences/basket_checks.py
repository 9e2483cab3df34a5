"""Probable mistakes in a basket's lines, flagged before it is validated (docs/rules.md, « Prise
de licences » and « Un INE déjà connu »): the same INE or the same names and birth date as a
pupil already in the federation, a pupil already licensed this season, one guardian e-mail
shared by too many pupils. Whatever the number of lines, a fixed number of queries, each through
an index (`Pupil.ine`, `Pupil.person_key`, `Pupil.guardian_email`): the basket page of an AS that
licenses 500 pupils reads no more than one with 3 (issue #14)."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, Subquery

from opuss.associations.signals import generation as association_generation
from opuss.core.caching import forget, kept
from opuss.licences.models import Licence, Pupil
from opuss.rules.text import key_of, same_person

# How long a basket's review and former licensees are kept when nothing in the basket changes.
REVIEW_SECONDS = 60
# More pupils than this with one guardian e-mail is more likely a typing error than siblings.
SHARED_GUARDIAN_EMAIL_LIMIT = 5

# Says nothing of the pupil who has the INE: whoever typed it may not know him (issue #11).
INE_TAKEN = (
    "Cet INE est déjà celui d'un autre élève : vérifiez l'INE saisi, ou demandez au service "
    "régional."
)
UNSEEN_NAMESAKE = (
    "Doublon probable : un élève de mêmes nom, prénom et date de naissance est déjà connu. S'il "
    "s'agit de lui, saisissez son INE ; sinon, vérifiez la saisie."
)
ALREADY_LICENSED = "Cet élève a déjà une licence cette saison."


@dataclass(frozen=True)
class Others:
    """For each line (by its primary key): another pupil of the federation with the INE typed
    (`holders`), and another with the same names and birth date (`namesakes`)."""

    holders: dict
    namesakes: dict


def others(lines, viewer=None) -> Others:
    """One query, through the INE's unique index and the person key's index. With a viewer,
    each pupil found also says, in the same query, whether the viewer may see him (`seen`) and
    the AS code of his latest licence (`latest_code`): the page's number of queries is the same
    whether the basket holds duplicates or not (issue #14)."""
    ines = {line.ine for line in lines if line.ine}
    key = [key_of(line) for line in lines]  # the names' key, normalised once per line
    keys = set(key) - {""}
    if not (ines or keys):
        return Others({line.pk: None for line in lines}, {line.pk: None for line in lines})
    found_query = (
        Pupil.objects.filter(Q(ine__any=ines) | Q(person_key__any=keys))
        .exclude(pk__any=_unshared_own_pupils(lines, key))
        .order_by("pk")
    )
    if viewer is not None:
        latest = (
            Licence.objects.filter(pupil=OuterRef("pk"))
            .order_by("-season__start_year")
            .values("association__code")[:1]
        )
        found_query = found_query.annotate(
            seen=Exists(Pupil.objects.for_user(viewer).filter(pk=OuterRef("pk"))),
            latest_code=Subquery(latest),
        )
    found = list(found_query)
    by_ine = {pupil.ine: pupil for pupil in found if pupil.ine}
    by_key = defaultdict(list)
    for pupil in found:
        by_key[pupil.person_key].append(pupil)
    holders, namesakes = {}, {}
    for line, line_key in zip(lines, key, strict=True):
        holder = by_ine.get(line.ine) if line.ine else None
        if holder is not None and holder.pk == line.pupil_id:
            holder = None
        mine = {line.pupil_id, holder.pk if holder else None}
        holders[line.pk] = holder
        namesakes[line.pk] = next(
            (pupil for pupil in by_key.get(line_key, []) if pupil.pk not in mine), None
        )
    return Others(holders, namesakes)


def _unshared_own_pupils(lines, key: list[str]) -> set[int]:
    """The pupils of renewal lines that no other line names (by INE or by names and birth
    date, `key` the lines' keys): each would only be found as his own line's pupil, which is
    no duplicate. Left out of the search, a basket of 300 renewals reads no pupil at all
    (issue #14)."""
    keys, ines = Counter(key), Counter(line.ine for line in lines if line.ine)
    return {
        line.pupil_id
        for line, line_key in zip(lines, key, strict=True)
        if line.pupil_id and keys[line_key] == 1 and (not line.ine or ines[line.ine] == 1)
    }


def probable_duplicates(lines) -> list:
    """The lines flagged « Doublon probable »: licensing one may create a second pupil for the
    same child, so validation asks for DUPLICATES_CHECK as well (issue #12)."""
    lines = list(lines)
    namesakes = others(lines).namesakes
    return [line for line in lines if namesakes[line.pk] is not None]


@dataclass(frozen=True)
class Review:
    warnings: dict  # line pk -> the French warnings of the line
    duplicates: list  # the primary keys of the lines flagged « Doublon probable »


def review(lines, viewer, *, shared: dict[str, int] | None = None) -> Review:
    """Every line's warnings. Of a pupil outside the viewer's scope they say only that he is
    known: never his name, birth date or AS (issue #11). `shared`: the guardian e-mails' counts,
    when the lines are part of a longer list (`shared_guardian_emails` of the whole list)."""
    lines = list(lines)
    found = others(lines, viewer)
    pupils = [p for p in (*found.holders.values(), *found.namesakes.values()) if p is not None]
    seen = {p.pk for p in pupils if p.seen}
    where = {p.pk: p.latest_code for p in pupils if p.pk in seen and p.latest_code}
    licensed = _licensed_this_season(lines)
    if shared is None:
        shared = shared_guardian_emails(lines)
    warnings: dict = {}
    for line in lines:
        found_here = warnings[line.pk] = []
        holder, namesake = found.holders[line.pk], found.namesakes[line.pk]
        if holder:
            found_here.append(_ine_warning(line, holder, holder.pk in seen))
        if namesake:
            found_here.append(
                _namesake_warning(namesake, where) if namesake.pk in seen else UNSEEN_NAMESAKE
            )
        if line.pupil_id and (line.basket.season_id, line.pupil_id) in licensed:
            found_here.append(ALREADY_LICENSED)
        found_here += _shared_email_warning(line, shared)
    return Review(warnings, [line.pk for line in lines if found.namesakes[line.pk] is not None])


def kept_review(basket, lines, viewer) -> Review:
    """The basket page's review, kept until the basket changes (`changed`) and for
    REVIEW_SECONDS at most: a teacher who searches last season's licensees, or comes back to
    the page, does not check 300 lines against the federation again each time (issue #14). What
    the federation does meanwhile (a namesake entered by another AS) shows within a minute, and
    at validation, which checks again (`services.basket_validate`)."""
    return kept(generations(basket), f"basket-review:{basket.pk}:{viewer.pk}",
                lambda: review(lines, viewer), REVIEW_SECONDS)


def generations(basket) -> list[str]:
    """What a basket's kept blocks depend on: its lines, and its AS's licences (a colleague's
    basket validated licenses pupils this one may hold)."""
    return [generation(basket.pk), association_generation(basket.association_id)]


def generation(basket_id: int) -> str:
    return f"basket:{basket_id}"


def changed(basket) -> None:
    """Forgets what is kept of the basket: its lines changed, or it was validated."""
    forget(generation(basket.pk))


def line_changed(sender, instance, **kwargs) -> None:
    forget(generation(instance.basket_id))


def line_warnings(lines, viewer) -> dict[int, list[str]]:
    return review(lines, viewer).warnings


def _licensed_this_season(lines) -> set[tuple[int, int]]:
    pupils = {line.pupil_id for line in lines if line.pupil_id}
    if not pupils:
        return set()
    seasons = {line.basket.season_id for line in lines if line.pupil_id}
    return set(
        Licence.objects.filter(season__in=seasons, pupil_id__any=pupils).values_list(
            "season_id", "pupil_id"
        )
    )


def _ine_warning(line, holder: Pupil, seen: bool) -> str:
    same = same_person(holder, line)
    if not seen:
        return (
            "Un élève de même INE, mêmes nom, prénom et date de naissance est déjà connu : la "
            "licence lui sera rattachée."
            if same
            else f"{INE_TAKEN} La ligne sera refusée à la validation."
        )
    known = f"Même INE qu'un élève déjà connu : {holder} (né(e) le {holder.birth_date:%d/%m/%Y})"
    return (
        f"{known} ; la licence lui sera rattachée."
        if same
        else f"{known} ; la ligne sera refusée à la validation : vérifiez l'INE saisi."
    )


def _namesake_warning(namesake: Pupil, where: dict[int, str]) -> str:
    code = where.get(namesake.pk)
    at = f", licencié(e) à l'AS {code}" if code else ""
    return f"Doublon probable : {namesake} né(e) le {namesake.birth_date:%d/%m/%Y}{at}."


def shared_guardian_emails(lines) -> dict[str, int]:
    """How many pupils have each guardian e-mail of the lines: those of the federation, counted
    through the e-mail's index, and the new pupils of the lines."""
    emails = {line.guardian_email.lower() for line in lines if line.guardian_email}
    if not emails:
        return {}
    known = (
        Pupil.objects.filter(guardian_email__any=emails)
        .values_list("guardian_email")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {email.lower(): n for email, n in known}
    for line in lines:  # new pupils are not in the federation yet: count them too
        if line.guardian_email and not line.pupil_id:
            email = line.guardian_email.lower()
            counts[email] = counts.get(email, 0) + 1
    return counts


def _shared_email_warning(line, shared: dict[str, int]) -> list[str]:
    email = line.guardian_email.lower()
    if not email or shared.get(email, 0) <= SHARED_GUARDIAN_EMAIL_LIMIT:
        return []
    return [
        f"L'adresse {email} est celle du responsable légal de {shared[email]} élèves : "
        "erreur de saisie probable ?"
    ]
