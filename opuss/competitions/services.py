"""Writes on competitions: organising one (SD, SR, DN), entering pupils or teams (the AS's
teachers and secretary, before the deadline), withdrawing them, recording who took part. Each
checks, raises CompetitionError with a French message, runs in one transaction and, for the
organisers' changes, leaves an audit entry with its author."""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format

from opuss.competitions import eligibility, perms
from opuss.competitions.enums import Attendance, CompetitionKind
from opuss.competitions.models import Competition, CompetitionCategory, Entry, Team
from opuss.competitions.selectors import candidate, category_labels
from opuss.core import clock
from opuss.core.audit import record
from opuss.seasons.models import Season
from opuss.territories.levels import LEVEL_FIELD
from opuss.territories.territorial import MISSING, containing_objects


class CompetitionError(Exception):
    """A refused change; the message is shown as it is, next to `field` when there is one."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


# --- organising ---------------------------------------------------------------------------

# Changing these once pupils are entered would leave entries the rule no longer allows.
FIXED_ONCE_ENTERED = ("kind", "level", "district", "department", "academy", "season")


def season_of(day: date) -> Season | None:
    """A season runs from September to August."""
    return Season.objects.filter(start_year=day.year if day.month >= 9 else day.year - 1).first()


def territory_of(values: dict) -> dict:
    """The académie, department, district (and no AS) a competition of this level names: the
    level's own, chosen in the form, and those containing it."""
    level = values.get("level")
    field = LEVEL_FIELD.get(level)
    return containing_objects(level, values.get(field) if field else None)


def competition_errors(*, actor, values: dict, competition: Competition | None = None) -> dict:
    """What is wrong with these values, by field (shown next to the fields by the form, raised
    by the services)."""
    errors: dict[str, str] = {}
    level = values.get("level")
    territory = territory_of(values)
    if level in LEVEL_FIELD and territory[LEVEL_FIELD[level]] is None:
        errors[LEVEL_FIELD[level]] = MISSING[level]
    if level and not errors and not perms.can_organise(actor, level, **_where(territory)):
        errors["level"] = "Vous ne pouvez pas organiser une compétition de ce niveau à cet endroit."
    errors |= _date_errors(values)
    errors |= _category_errors(values)
    errors |= _team_errors(values)
    if competition is not None and not errors:
        errors |= _fixed_errors(competition, values | territory)
    return errors


def _where(territory: dict) -> dict:
    return {"department": territory["department"], "academy": territory["academy"]}


def _date_errors(values: dict) -> dict:
    day, deadline = values.get("date"), values.get("entry_deadline")
    if day is None:
        return {}
    if season_of(day) is None:
        return {"date": "Aucune saison n'est ouverte à cette date."}
    if deadline is not None and timezone.localdate(deadline) >= day:
        return {
            "entry_deadline": "La date limite d'inscription doit précéder le jour de la "
            "compétition."
        }
    return {}


def _category_errors(values: dict) -> dict:
    chosen = values.get("categories") or []
    if not chosen:
        return {"categories": "Choisissez au moins une catégorie."}
    day = values.get("date")
    known = category_labels(season_of(day) if day else None)
    unknown = [label for label in chosen if label not in known]
    if unknown:
        return {"categories": f"Catégorie inconnue cette saison : {', '.join(unknown)}."}
    return {}


def _team_errors(values: dict) -> dict:
    low, high = values.get("team_min"), values.get("team_max")
    if values.get("kind") != CompetitionKind.TEAM:
        if low or high:
            return {
                "team_min": "Le nombre d'équipiers ne se donne que pour une compétition "
                "par équipes."
            }
        return {}
    if low is not None and low < 1:
        return {"team_min": "Une équipe compte au moins un équipier."}
    if low and high and low > high:
        return {"team_max": "Le maximum ne peut pas être inférieur au minimum."}
    return {}


def _fixed_errors(competition: Competition, values: dict) -> dict:
    if not competition.entries.exists() and not competition.teams.exists():
        return {}
    wanted = values | {"season": season_of(values["date"]) if values.get("date") else None}
    for name in FIXED_ONCE_ENTERED:
        if name in wanted and getattr(competition, name) != wanted[name]:
            return {
                "level" if name in ("district", "department", "academy") else name: (
                    "Des élèves sont déjà inscrits : le type, le niveau, le territoire et la "
                    "saison ne changent plus."
                )
            }
    return {}


def _check(errors: dict) -> None:
    if errors:
        field, message = next(iter(errors.items()))
        raise CompetitionError(message, field)


FIELDS = [
    "name",
    "activity",
    "sex",
    "level",
    "date",
    "place",
    "entry_deadline",
    "kind",
    "team_min",
    "team_max",
]


def _apply(competition: Competition, values: dict) -> None:
    for name in FIELDS:
        setattr(competition, name, values.get(name))
    for name, value in territory_of(values).items():
        setattr(competition, name, value)
    competition.season = season_of(values["date"])
    if competition.kind != CompetitionKind.TEAM:
        competition.team_min = competition.team_max = None


def _set_categories(competition: Competition, chosen: list[str]) -> None:
    order = category_labels(competition.season)
    competition.categories.all().delete()
    CompetitionCategory.objects.bulk_create(
        CompetitionCategory(competition=competition, category=label, rank=order.index(label))
        for label in sorted(chosen, key=order.index)
    )


def _state(competition: Competition) -> dict:
    return {
        "intitulé": competition.name,
        "activité": str(competition.activity),
        "catégories": competition.categories_text,
        "sexe": competition.get_sex_display(),
        "niveau": f"{competition.get_level_display()} – {competition.territory_label}",
        "date": date_format(competition.date, "d/m/Y"),
        "lieu": competition.place,
        "date limite d'inscription": competition.deadline_text,
        "type": competition.get_kind_display(),
        "équipiers": competition.team_size_text,
    }


@transaction.atomic
def competition_create(*, actor, values: dict) -> Competition:
    _check(competition_errors(actor=actor, values=values))
    competition = Competition(created_by=actor)
    _apply(competition, values)
    competition.save()
    _set_categories(competition, values["categories"])
    record(actor=actor, action="compétition créée", obj=competition, after=_state(competition))
    return competition


@transaction.atomic
def competition_update(*, actor, competition: Competition, values: dict) -> Competition:
    if not perms.can_manage(actor, competition):
        raise CompetitionError("Vous ne pouvez pas modifier cette compétition.")
    _check(competition_errors(actor=actor, values=values, competition=competition))
    before = _state(competition)
    _apply(competition, values)
    competition.save()
    _set_categories(competition, values["categories"])
    after = _state(competition)
    if after != before:
        record(
            actor=actor, action="compétition modifiée", obj=competition, before=before, after=after
        )
    return competition


# --- entering -----------------------------------------------------------------------------


def _check_entering(actor, competition: Competition, association, now: datetime) -> None:
    if not perms.is_member(actor, association):
        raise CompetitionError(
            "Seuls les animateurs et le secrétaire de l'AS inscrivent ses élèves."
        )
    if not competition.entries_open(now):
        raise CompetitionError(
            f"Les inscriptions à cette compétition sont closes depuis {competition.deadline_text}."
        )


def _check_candidates(competition: Competition, association, licences, now: datetime) -> None:
    terms = competition.terms()
    for licence in licences:
        if licence.association_id != association.pk:
            raise CompetitionError(f"{licence.pupil} n'est pas licencié à l'AS {association.code}.")
        verdict = eligibility.judge(candidate(licence), terms, now)
        if not verdict.eligible:
            raise CompetitionError(
                f"{licence.pupil} ne peut pas être inscrit : {' ; '.join(verdict.reasons)}."
            )
    entered = Entry.objects.filter(
        competition=competition, pupil__in=[licence.pupil_id for licence in licences]
    ).select_related("pupil")
    if entered:
        names = ", ".join(str(entry.pupil) for entry in entered)
        raise CompetitionError(f"Déjà inscrit à cette compétition : {names}.")


def _create_entries(competition, association, licences, actor, now, team=None) -> list[Entry]:
    """Two teachers entering the same pupil at once: the second meets `entry_pupil_once`."""
    try:
        with transaction.atomic():
            return [
                Entry.objects.create(
                    competition=competition,
                    pupil=licence.pupil,
                    licence=licence,
                    association=association,
                    team=team,
                    entered_by=actor,
                    entered_at=now,
                )
                for licence in licences
            ]
    except IntegrityError:
        raise CompetitionError(
            "Un de ces élèves vient d'être inscrit à cette compétition."
        ) from None


@transaction.atomic
def entries_create(*, actor, competition: Competition, association, licences) -> list[Entry]:
    now = clock.now()
    _check_entering(actor, competition, association, now)
    if competition.is_team:
        raise CompetitionError("Cette compétition se dispute par équipes : inscrivez une équipe.")
    if not licences:
        raise CompetitionError("Choisissez au moins un élève.", "licences")
    _check_candidates(competition, association, licences, now)
    return _create_entries(competition, association, licences, actor, now)


@transaction.atomic
def team_create(*, actor, competition: Competition, association, name: str, licences) -> Team:
    now = clock.now()
    _check_entering(actor, competition, association, now)
    if not competition.is_team:
        raise CompetitionError("Cette compétition est individuelle : inscrivez des élèves.")
    name = name.strip()
    if not name:
        raise CompetitionError("Donnez un nom à l'équipe.", "name")
    if Team.objects.filter(competition=competition, association=association, name__iexact=name):
        raise CompetitionError(f"L'AS a déjà une équipe « {name} » dans cette compétition.", "name")
    _check_team_size(competition, len(licences))
    _check_candidates(competition, association, licences, now)
    try:
        with transaction.atomic():
            team = Team.objects.create(
                competition=competition,
                association=association,
                name=name,
                entered_by=actor,
                entered_at=now,
            )
    except IntegrityError:
        raise CompetitionError(f"L'AS a déjà une équipe « {name} ».", "name") from None
    _create_entries(competition, association, licences, actor, now, team=team)
    return team


def _check_team_size(competition: Competition, size: int) -> None:
    low, high = competition.team_min or 1, competition.team_max
    if size < low:
        raise CompetitionError(
            f"Une équipe compte au moins {low} équipier{'s' * (low > 1)}.", "licences"
        )
    if high is not None and size > high:
        raise CompetitionError(f"Une équipe compte au plus {high} équipiers.", "licences")


@transaction.atomic
def entry_withdraw(*, actor, entry: Entry) -> None:
    _check_entering(actor, entry.competition, entry.association, clock.now())
    if entry.team_id is not None:
        raise CompetitionError("Cet élève est inscrit dans une équipe : retirez l'équipe.")
    entry.delete()


@transaction.atomic
def team_withdraw(*, actor, team: Team) -> None:
    _check_entering(actor, team.competition, team.association, clock.now())
    team.members.all().delete()
    team.delete()


# --- after the competition ----------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    attendance: str  # "" (not recorded), Attendance.PRESENT or Attendance.ABSENT
    rank: int | None


def _check_result(result: Result) -> None:
    if result.attendance not in ("", *Attendance.values):
        raise CompetitionError("Participation inconnue.")
    if result.rank is not None and (result.attendance != Attendance.PRESENT or result.rank < 1):
        raise CompetitionError("Un classement ne se donne qu'à un participant (1 ou plus).")


def _result_state(row) -> dict:
    return {
        "participation": row.get_attendance_display() or "non saisie",
        "classement": row.rank,
    }


def _set_result(row, result: Result, actor, now, *, audited: bool = True) -> bool:
    if (row.attendance, row.rank) == (result.attendance, result.rank):
        return False
    before = _result_state(row)
    row.attendance, row.rank = result.attendance, result.rank
    fields = ["attendance", "rank"]
    if isinstance(row, Entry):
        row.recorded_by, row.recorded_at = actor, now
        fields += ["recorded_by", "recorded_at"]
    row.save(update_fields=fields)
    if audited:
        record(
            actor=actor,
            action="participation saisie",
            obj=row,
            before=before,
            after=_result_state(row),
        )
    return True


@transaction.atomic
def participation_record(*, actor, competition: Competition, results: dict) -> int:
    """`results` maps each entry (individual competition) or team (team competition) to its
    Result; a team's result is also each member's. Returns how many changed."""
    if not perms.can_manage(actor, competition):
        raise CompetitionError("Vous ne pouvez pas saisir la participation à cette compétition.")
    now = clock.now()
    if not competition.results_open(now):
        raise CompetitionError(
            "La participation se saisit à partir du jour de la compétition, le "
            f"{date_format(competition.date, 'd/m/Y')}."
        )
    changed = 0
    for row, result in results.items():
        if row.competition_id != competition.pk:
            raise CompetitionError("Cette inscription n'est pas de cette compétition.")
        _check_result(result)
        changed += _set_result(row, result, actor, now)
        if isinstance(row, Team):
            # The team's audit entry stands for its members'.
            for member in row.members.all():
                _set_result(member, result, actor, now, audited=False)
    return changed
