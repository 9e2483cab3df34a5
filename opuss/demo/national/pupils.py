"""The pupils: their accounts, licences of the seasons their AS planned, this season's validated
basket per AS, the links sent to their guardians and the answers, a few renewal requests. Written
a chunk of AS at a time, table after table, so that memory stays flat whatever the size."""

import random
import string
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from functools import cache

from django.utils import timezone
from django.utils.text import slugify

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment, User
from opuss.associations.models import SportsAssociation
from opuss.demo.national.affiliations import Plan
from opuss.demo.national.progress import Progress
from opuss.demo.national.reference import names
from opuss.demo.national.rows import Rows
from opuss.demo.national.sink import Sink
from opuss.demo.national.territories import People
from opuss.demo.tables import load
from opuss.guardians.mentions import shown_for
from opuss.guardians.models import RETENTION_YEARS, GuardianRequest, GuardianResponse, years_after
from opuss.licences.enums import BasketState
from opuss.licences.models import Basket, Licence, LicenceSequence, Pupil, RenewalRequest
from opuss.licences.services import category_for, required_checks
from opuss.rules.text import person_key
from opuss.territories.models import Establishment

CHUNK = 20_000  # pupils per round of writes
ANSWERED_SHARE = 0.4
PAPER_SHARE = 0.25
IMAGE_REFUSED_SHARE = 0.1
IA_SUBSCRIBED_SHARE = 0.08
CORRECTION_SHARE = 0.04
RENEWAL_REQUEST_SHARE = 0.03  # of last season's pupils not licensed yet
# The demo's guardians' first names and corrections, and renewal messages.
FIRST_NAMES, CORRECTIONS = (load("guardians.toml")[key] for key in ("first_names", "corrections"))
MESSAGES = load("renewals.toml")["messages"]
# One pupil in this many has the demo password (the others would use « Ma 1re connexion »):
# the bench's load test logs in with them.
WITH_PASSWORD_EVERY = 100
CLASSES = {
    True: ["6e", "5e", "4e", "3e"],
    False: ["2nde", "1re", "Terminale", "1re Bac Pro", "Terminale Bac Pro", "CAP 1re année"],
}
TABLES = (User, RoleAssignment, Pupil, Basket, Licence, GuardianRequest, GuardianResponse,
          RenewalRequest)


@dataclass
class Moments:
    """The demo's clock: now, when this season's baskets were validated."""

    now: datetime
    validated: datetime


@dataclass
class Chunk:
    rows: dict[type, list[tuple]] = field(default_factory=lambda: {model: [] for model in TABLES})
    pupils: int = 0


class PupilBuilder:
    def __init__(self, sink: Sink, rng: random.Random, people: People, seasons, moments: Moments,
                 password: str, progress: Progress) -> None:
        self.sink, self.rng, self.people, self.moments = sink, rng, people, moments
        self.previous, self.current = seasons
        self.password, self.progress = password, progress
        self.checks = list(required_checks(self.current))
        self.domains = names()["mail_domains"]
        self.make = {model: Rows(model) for model in TABLES}
        self.sequences: dict[int, int] = {}
        self.with_password: dict[int, list[str]] = {}  # AS id -> licence numbers of this season
        self.index = 0
        self.total = 0

    def build(self, plans: list[Plan]) -> None:
        self.total = sum(sum(item.groups) for item in plans)
        chunk = Chunk()
        for item in plans:
            self._association(item, chunk)
            if chunk.pupils >= CHUNK:
                self._flush(chunk)
                chunk = Chunk()
        self._flush(chunk)
        self.sink.write(LicenceSequence, [
            Rows(LicenceSequence).make(association_id=association, last=last)
            for association, last in self.sequences.items()
        ])

    def _flush(self, chunk: Chunk) -> None:
        for model in TABLES:
            self.sink.write(model, chunk.rows[model])
        self.progress.count("Élèves", self.index, self.total)

    # --- one AS ----------------------------------------------------------------------------

    def _association(self, item: Plan, chunk: Chunk) -> None:
        place = item.place
        current, both, previous = item.groups
        groups = [0] * current + [1] * both + [2] * previous
        self.rng.shuffle(groups)
        basket = None
        if current + both:
            basket = self.sink.next_id(Basket)
            chunk.rows[Basket].append(self.make[Basket].make(
                id=basket, association_id=place.id, season_id=self.current.pk,
                created_by_id=place.teachers[0], created_at=self.moments.now,
                state=BasketState.VALIDATED, validated_at=self.moments.validated,
                confirmed_checks=self.checks,
            ))
        context = _LicenceContext(place, basket)
        for sequence, group in enumerate(groups, start=1):
            self._pupil(context, sequence, group, chunk)
        self.sequences[place.id] = len(groups)

    def _pupil(self, context: "_LicenceContext", sequence: int, group: int, chunk: Chunk) -> None:
        place = context.place
        self.index += 1
        chunk.pupils += 1
        rng = self.rng
        female = rng.random() < 0.5
        first = rng.choice(self.people.female if female else self.people.male)
        last = rng.choice(self.people.last_names).upper()
        years = (2011, 2014) if place.is_college else (2007, 2010)
        birth = date(rng.randint(*years), rng.randint(1, 12), rng.randint(1, 28))
        user_id = self.sink.next_id(User)
        password = self.password if self.index % WITH_PASSWORD_EVERY == 0 else _unusable(rng)
        chunk.rows[User].append(self.make[User].make(
            id=user_id, last_name=last, first_name=first, password=password,
            date_joined=self.moments.now,
        ))
        chunk.rows[RoleAssignment].append(self.make[RoleAssignment].make(
            id=self.sink.next_id(RoleAssignment), user_id=user_id, role=Role.PUPIL.value,
            created_at=self.moments.now,
        ))
        pupil = _PupilValues(
            id=self.sink.next_id(Pupil), last_name=last, first_name=first,
            sex="F" if female else "M", birth_date=birth,
            guardian_email=f"{slugify(last)}.{self.index}@{rng.choice(self.domains)}",
        )
        chunk.rows[Pupil].append(self.make[Pupil].make(
            id=pupil.id, user_id=user_id, last_name=last, first_name=first, sex=pupil.sex,
            birth_date=birth, guardian_email=pupil.guardian_email,
            guardian1_phone="06 " + " ".join(f"{rng.randint(0, 99):02d}" for _ in range(4)),
            person_key=person_key(last, first, birth),
        ))
        number = f"{place.code}{sequence:04d}"
        class_level = rng.choice(CLASSES[place.is_college])
        if group in (1, 2):  # last season
            self._licence(context, pupil, number, self.previous, class_level, chunk)
        if group in (0, 1):  # this season
            licence = self._licence(context, pupil, number, self.current, class_level, chunk)
            self._guardian(context, pupil, licence, chunk)
            if password == self.password:
                self.with_password.setdefault(place.id, []).append(number)
        elif rng.random() < RENEWAL_REQUEST_SHARE and context.basket is not None:
            self._renewal_request(context, pupil, chunk)

    def _licence(self, context, pupil: "_PupilValues", number: str, season, class_level: str,
                 chunk: Chunk) -> tuple:
        this_season = season == self.current
        start = timezone.make_aware(datetime(season.start_year, 9, 8, 9))
        spread = (self.moments.validated - start) if this_season else timedelta(days=70)
        created = start + timedelta(seconds=self.rng.randrange(int(spread.total_seconds())))
        row = self.make[Licence].make(
            id=self.sink.next_id(Licence), number=number, pupil_id=pupil.id,
            association_id=context.place.id, season_id=season.pk,
            category=_category(self.current, pupil.birth_date,
                               self.current.start_year - season.start_year),
            class_level=class_level, created_at=created,
            created_by_id=context.place.teachers[0] if this_season else None,
            basket_id=context.basket if this_season else None,
        )
        chunk.rows[Licence].append(row)
        return row

    def _guardian(self, context, pupil: "_PupilValues", licence_row: tuple, chunk: Chunk) -> None:
        rng = self.rng
        licence = dict(zip(self.make[Licence].names, licence_row, strict=True))
        sent = licence["created_at"] + timedelta(minutes=rng.randint(1, 30))
        request = self.sink.next_id(GuardianRequest)
        chunk.rows[GuardianRequest].append(self.make[GuardianRequest].make(
            id=request, licence_id=licence["id"], email=pupil.guardian_email.lower(),
            nonce=f"{rng.getrandbits(128):032x}", created_at=sent,
            created_by_id=licence["created_by_id"], sent_at=sent,
        ))
        if rng.random() >= ANSWERED_SHARE:
            return
        paper = rng.random() < PAPER_SHARE
        answered = min(sent + timedelta(days=rng.randint(0, 12), minutes=rng.randint(5, 600)),
                       self.moments.now)
        correct = rng.random() >= CORRECTION_SHARE
        shown = shown_for(context.licence(pupil, licence, self.current))
        chunk.rows[GuardianResponse].append(self.make[GuardianResponse].make(
            id=self.sink.next_id(GuardianResponse), request_id=None if paper else request,
            licence_id=licence["id"], channel="PAPER" if paper else "EMAIL",
            guardian_name=f"{pupil.last_name} {rng.choice(FIRST_NAMES)}",
            data_correct=correct, correction_note="" if correct else rng.choice(CORRECTIONS),
            image_rights=rng.random() >= IMAGE_REFUSED_SHARE, rgpd_read=True,
            insurance_read=True,
            ia_sport_plus=(rng.random() < IA_SUBSCRIBED_SHARE
                           if shown["ia_sport_plus"] is not None else None),
            shown=shown, answered_at=answered,
            signed_on=(answered - timedelta(days=rng.randint(1, 5))).date() if paper else None,
            recorded_by_id=context.place.teachers[0] if paper else None,
            keep_until=years_after(answered, RETENTION_YEARS),
        ))

    def _renewal_request(self, context, pupil: "_PupilValues", chunk: Chunk) -> None:
        rng = self.rng
        chunk.rows[RenewalRequest].append(self.make[RenewalRequest].make(
            id=self.sink.next_id(RenewalRequest), pupil_id=pupil.id,
            association_id=context.place.id, season_id=self.current.pk,
            message=rng.choice(MESSAGES),
            created_at=self.moments.now - timedelta(days=rng.randint(1, 12),
                                                    hours=rng.randint(0, 9)),
        ))


@dataclass(frozen=True)
class _PupilValues:
    id: int
    last_name: str
    first_name: str
    sex: str
    birth_date: date
    guardian_email: str


class _LicenceContext:
    """The AS as `shown_for` reads a licence's (code, establishment and town)."""

    def __init__(self, place, basket: int | None) -> None:
        self.place, self.basket = place, basket
        self.association = SportsAssociation(
            id=place.id, code=place.code,
            establishment=Establishment(id=place.establishment_id, name=place.name,
                                        type=place.type, city=place.city),
        )

    def licence(self, pupil: _PupilValues, values: dict, season) -> Licence:
        """The licence as the guardian's page shows it."""
        return Licence(
            id=values["id"], number=values["number"], category=values["category"],
            class_level=values["class_level"], season=season, association=self.association,
            pupil=Pupil(id=pupil.id, last_name=pupil.last_name, first_name=pupil.first_name,
                        sex=pupil.sex, birth_date=pupil.birth_date),
        )


@cache
def _category(current_season, birth_date: date, years_back: int) -> str:
    """Only this season's rules are on file: last season's category is that of a pupil born a
    year later this season (categories go by birth year), as the demo has it."""
    return category_for(current_season, birth_date.replace(year=birth_date.year + years_back))


def _unusable(rng: random.Random) -> str:
    """What make_password(None) stores ("!" and 40 random characters), drawn from the seed."""
    return "!" + "".join(rng.choices(string.ascii_letters + string.digits, k=40))

