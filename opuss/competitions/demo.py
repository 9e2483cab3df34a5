"""Demo data: competitions of the 2025-2026 season open on the demo's day (6 October 2025) in
Haut-Rhin, the académie de Strasbourg, the district "68-Mulhouse lycées" of AS 24214 and
elsewhere; some whose entries are closed; some already run (September 2025, and spring 2025 of
the previous season) with their participation recorded. Thomas SCHMITTE (242140172, Junior this
season, Cadet the previous one) sees some in "Je peux m'inscrire" and has taken part in others."""

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils.timezone import now

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment
from opuss.associations.models import SportsAssociation
from opuss.competitions import eligibility
from opuss.competitions.enums import Attendance, CompetitionKind, CompetitionSex
from opuss.competitions.models import Competition, CompetitionCategory, Entry, Team
from opuss.competitions.selectors import association_licences, candidate, category_labels
from opuss.demo.tables import load
from opuss.licences.models import Licence
from opuss.seasons.models import Season
from opuss.sport.models import Activity
from opuss.territories.levels import TerritoryLevel
from opuss.territories.models import Academy, Department, District

PARIS = ZoneInfo("Europe/Paris")
DEMO_DAY = date(2025, 10, 6)
THOMAS = "242140172"
TABLE = load("competitions.toml")

D, DEP, ACA, NAT = (
    TerritoryLevel.DISTRICT,
    TerritoryLevel.DEPARTMENT,
    TerritoryLevel.ACADEMY,
    TerritoryLevel.NATIONAL,
)


@dataclass(frozen=True)
class Spec:
    """A competition of competitions.toml."""

    name: str
    activity: str
    level: TerritoryLevel
    where: str | None  # district label, department code, académie code; None: national
    categories: tuple[str, ...]
    sex: CompetitionSex
    day: date
    deadline: datetime  # naive, Paris time
    place: str
    kind: CompetitionKind = CompetitionKind.INDIVIDUAL
    team: tuple[int | None, int | None] = (None, None)
    # Thomas: "entered" (not run yet), "present" (with `rank`), "absent", or None.
    thomas: str | None = None
    rank: int | None = None
    ranked: bool = True  # the organiser recorded ranks

    @classmethod
    def from_row(cls, row: dict[str, Any]) -> "Spec":
        return cls(
            name=row["name"],
            activity=row["activity"],
            level=TerritoryLevel[row["level"]],
            where=row.get("territory"),
            categories=tuple(row["categories"]),
            sex=CompetitionSex[row["sex"]],
            day=row["day"],
            deadline=row["deadline"],
            place=row["place"],
            kind=CompetitionKind[row.get("kind", "INDIVIDUAL")],
            team=tuple(row.get("team", (None, None))),
            thomas=row.get("thomas"),
            rank=row.get("rank"),
            ranked=row.get("ranked", True),
        )


SPECS = [Spec.from_row(row) for row in TABLE["competitions"]]


def seed_competitions(rng: random.Random) -> dict[str, int]:
    counts = {"competitions": 0, "entries": 0, "teams": 0, "participations": 0}
    seasons = {season.start_year: season for season in Season.objects.all()}
    if 2025 not in seasons or 2024 not in seasons:
        return counts
    seeder = _Seeder(rng, seasons, counts)
    for spec in SPECS:
        seeder.competition(spec)
    return counts


class _Seeder:
    def __init__(self, rng, seasons, counts) -> None:
        self.rng = rng
        self.seasons = seasons
        self.counts = counts
        self.activities = {a.name: a for a in Activity.objects.all()}
        self.associations = list(
            SportsAssociation.objects.select_related(
                "department__academy", "district", "establishment"
            ).order_by("code")
        )
        self.teachers: dict[int, object] = {}
        for assignment in RoleAssignment.objects.filter(role=Role.AS_TEACHER).order_by("pk"):
            self.teachers.setdefault(assignment.association_id, assignment.user)
        self.thomas_pupil = (
            Licence.objects.filter(number=THOMAS).values_list("pupil_id", flat=True).first()
        )

    # --- the competition -------------------------------------------------------------------

    def competition(self, spec: Spec) -> None:
        territory = self._territory(spec)
        if territory is None:
            return
        season = self.seasons[spec.day.year if spec.day.month >= 9 else spec.day.year - 1]
        competition = Competition.objects.create(
            name=spec.name,
            activity=self.activities[spec.activity],
            sex=spec.sex,
            level=spec.level,
            season=season,
            date=spec.day,
            place=spec.place,
            entry_deadline=spec.deadline.replace(tzinfo=PARIS),
            kind=spec.kind,
            team_min=spec.team[0],
            team_max=spec.team[1],
            created_by=self._organiser(spec.level, territory),
            # Never after the demo's day: the seed runs on its clock.
            created_at=min((spec.deadline - timedelta(days=45)).replace(tzinfo=PARIS), now()),
            **territory,
        )
        order = category_labels(season)
        CompetitionCategory.objects.bulk_create(
            CompetitionCategory(competition=competition, category=label, rank=order.index(label))
            for label in spec.categories
        )
        self.counts["competitions"] += 1
        for association in self._entering(competition):
            self._enter(competition, association, spec)
        if spec.day < DEMO_DAY:
            self._record(competition, spec)

    def _territory(self, spec: Spec) -> dict | None:
        if spec.level == NAT:
            return {}
        if spec.level == D:
            district = (
                District.objects.select_related("department__academy")
                .filter(label=spec.where)
                .first()
            )
            if district is None:
                return None
            department = district.department
            return {"district": district, "department": department, "academy": department.academy}
        if spec.level == DEP:
            department = (
                Department.objects.select_related("academy").filter(code=spec.where).first()
            )
            return (
                None
                if department is None
                else {"department": department, "academy": department.academy}
            )
        academy = Academy.objects.filter(code=spec.where).first()
        return None if academy is None else {"academy": academy}

    def _organiser(self, level: str, territory: dict):
        if level == ACA:
            wanted = {"role": Role.SR, "academy": territory["academy"]}
        elif level in (D, DEP):
            wanted = {"role": Role.SD, "department": territory["department"]}
        else:
            wanted = {"role": Role.DN}
        assignment = RoleAssignment.objects.filter(**wanted).select_related("user").first()
        if assignment is None:
            assignment = RoleAssignment.objects.filter(role=Role.DN).select_related("user").first()
        return assignment.user

    def _entering(self, competition: Competition) -> list:
        """The AS whose teachers enter pupils: those of its territory (a few for a national
        one)."""
        wanted = competition.terms().territory
        return [
            association
            for association in self.associations
            if association.pk in self.teachers
            and (
                association.code in TABLE["national_entrants"]
                if wanted is None
                else wanted
                in {
                    (eligibility.DISTRICT, association.district_id),
                    (eligibility.DEPARTMENT, association.department_id),
                    (eligibility.ACADEMY, association.department.academy_id),
                }
            )
        ]

    # --- entries ---------------------------------------------------------------------------

    def _eligible(self, competition: Competition, association) -> list[Licence]:
        terms = competition.terms()
        # Judged as on a day the entries were open.
        moment = competition.entry_deadline - timedelta(days=3)
        return [
            licence
            for licence in association_licences(association, competition.season)
            if eligibility.judge(candidate(licence), terms, moment).eligible
        ]

    def _enter(self, competition: Competition, association, spec: Spec) -> None:
        licences = self._eligible(competition, association)
        thomas = [lic for lic in licences if lic.pupil_id == self.thomas_pupil]
        others = [lic for lic in licences if lic.pupil_id != self.thomas_pupil]
        self.rng.shuffle(others)
        with_thomas = bool(thomas) and spec.thomas is not None
        teacher = self.teachers[association.pk]
        entered_at = competition.entry_deadline - timedelta(
            days=self.rng.randint(2, 9), hours=self.rng.randint(0, 8)
        )
        entered_at = min(entered_at, now())  # not after the demo's day (its clock)
        if not with_thomas and association.code == "24214" and spec.day >= DEMO_DAY:
            # Left for the demo's teachers to enter.
            return
        if competition.is_team:
            self._teams(
                competition, association, thomas if with_thomas else [], others, teacher, entered_at
            )
            return
        count = self.rng.randint(1, TABLE["individuals_per_as"])
        for licence in (thomas if with_thomas else []) + others[:count]:
            self._entry(competition, licence, teacher, entered_at)

    def _teams(self, competition, association, thomas, others, teacher, entered_at):
        low = competition.team_min or 2
        high = competition.team_max or low + 2
        pool = thomas + others
        number = 1
        while len(pool) >= low and number <= 2:
            size = min(len(pool), self.rng.randint(low, high))
            members, pool = pool[:size], pool[size:]
            name = f"{association.establishment.name} {number}"
            team = Team.objects.create(
                competition=competition,
                association=association,
                name=name,
                entered_by=teacher,
                entered_at=entered_at,
            )
            self.counts["teams"] += 1
            for licence in members:
                self._entry(competition, licence, teacher, entered_at, team=team)
            number += 1
            if not thomas and self.rng.random() < 0.5:
                break

    def _entry(self, competition, licence, teacher, entered_at, team=None) -> None:
        Entry.objects.create(
            competition=competition,
            pupil_id=licence.pupil_id,
            licence=licence,
            association_id=licence.association_id,
            team=team,
            entered_by=teacher,
            entered_at=entered_at,
        )
        self.counts["entries"] += 1

    # --- after the competition -------------------------------------------------------------

    def _record(self, competition: Competition, spec: Spec) -> None:
        recorded_at = datetime.combine(competition.date, time(19, 0), tzinfo=PARIS)
        rows = list(
            Team.objects.filter(competition=competition).prefetch_related("members")
            if competition.is_team
            else Entry.objects.filter(competition=competition)
        )
        thomas_row = next((row for row in rows if self._is_thomas(row)), None)
        present = [
            row
            for row in rows
            if row is not thomas_row and self.rng.random() < TABLE["present_share"]
        ]
        ranks = self._ranks(len(present) + (spec.thomas == "present"), spec)
        self.rng.shuffle(present)
        results = dict.fromkeys(rows, (Attendance.ABSENT, None))
        for row, rank in zip(present, ranks, strict=False):
            results[row] = (Attendance.PRESENT, rank if spec.ranked else None)
        if thomas_row is not None:
            thomas_result = (
                (Attendance.PRESENT, spec.rank)
                if spec.thomas == "present"
                else (Attendance.ABSENT, None)
            )
            results[thomas_row] = thomas_result
        for row, (attendance, rank) in results.items():
            self._set(row, attendance, rank, competition.created_by, recorded_at)

    def _ranks(self, count: int, spec: Spec) -> list[int]:
        taken = {spec.rank} if spec.thomas == "present" and spec.rank else set()
        return [rank for rank in range(1, count + 2) if rank not in taken][:count]

    def _is_thomas(self, row) -> bool:
        if isinstance(row, Team):
            return any(member.pupil_id == self.thomas_pupil for member in row.members.all())
        return row.pupil_id == self.thomas_pupil

    def _set(self, row, attendance, rank, organiser, recorded_at) -> None:
        entries = row.members.all() if isinstance(row, Team) else [row]
        if isinstance(row, Team):
            row.attendance, row.rank = attendance, rank
            row.save(update_fields=["attendance", "rank"])
        for entry in entries:
            entry.attendance, entry.rank = attendance, rank
            entry.recorded_by, entry.recorded_at = organiser, recorded_at
            entry.save(update_fields=["attendance", "rank", "recorded_by", "recorded_at"])
            self.counts["participations"] += attendance == Attendance.PRESENT
