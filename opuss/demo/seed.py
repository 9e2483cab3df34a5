"""Builds the demo world, deterministically (one Faker seed), in one transaction."""

import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.text import slugify
from faker import Faker
from time_machine import travel

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment, User
from opuss.association_life.demo import seed_association_life
from opuss.associations.models import SportsAssociation
from opuss.competitions.demo import seed_competitions
from opuss.content.demo import seed_content
from opuss.core import clock
from opuss.demo import data
from opuss.demo.affiliations import AffiliationSeeder
from opuss.demo.baskets import seed_baskets
from opuss.demo.models import DemoAccount
from opuss.demo.money import seed_money
from opuss.guardians.demo import seed_guardians
from opuss.jo.demo import seed_jo
from opuss.licences.demo import seed_renewals
from opuss.licences.enums import Sex
from opuss.licences.models import Licence, Pupil
from opuss.licences.services import category_for
from opuss.register.demo import seed_register
from opuss.rules.identifiers import uai_check_letter
from opuss.seasons.models import Season
from opuss.territories.enums import Civility, EstablishmentType
from opuss.territories.models import Academy, Department, District, Establishment

CURRENT_SEASON_START = 2025
# The demo's « now » when OPUSS_NOW is not set: the one `make run` sets (Makefile's DEMO_ENV).
DEMO_NOW = datetime.fromisoformat("2025-10-06T10:00:00+02:00")
SILENT = "django.core.mail.backends.dummy.EmailBackend"
# This season's licences came through baskets validated at this moment (demo/baskets.py).
BASKETS_VALIDATED = timezone.make_aware(datetime(CURRENT_SEASON_START, 10, 1, 9))
# A licence of the seed is made this long at most after its season's start.
LICENCE_SPREAD = timedelta(days=70, minutes=600)
# An establishment's flags a row of world.toml may set.
ESTABLISHMENT_FLAGS = ("rep_plus", "ex_priority_education", "aefe")


@dataclass
class Seeder:
    seed: int
    fake: Faker = field(init=False)
    rng: random.Random = field(init=False)
    password_hash: str = field(init=False)
    accounts: list[DemoAccount] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.fake = Faker("fr_FR")
        self.fake.seed_instance(self.seed)
        self.rng = random.Random(self.seed)
        self.password_hash = make_password(data.DEMO_PASSWORD)  # hashed once, shared

    def run(self) -> list[DemoAccount]:
        # One clock: every date the seed writes, its own and the ones Django and django-auditlog
        # take from timezone.now(), is on the demo's day, never the machine's.
        moment = clock.now() if settings.OPUSS_NOW else DEMO_NOW
        # The demo's past e-mails (pre-notifications, rejects...) are not sent again.
        with override_settings(EMAIL_BACKEND=SILENT), travel(moment, tick=False), \
                transaction.atomic():
            self.previous = Season.objects.create(start_year=CURRENT_SEASON_START - 1)
            self.current = Season.objects.create(start_year=CURRENT_SEASON_START, is_current=True)
            seasons = {
                year: Season.objects.get_or_create(start_year=year)[0]
                for year in data.LAST_AFFILIATED_IN.values()
            }
            self.build_territories()
            self.build_associations()
            self.build_staff()
            AffiliationSeeder(
                self.rng,
                {
                    **seasons,
                    self.previous.start_year: self.previous,
                    self.current.start_year: self.current,
                },
                self.sr_of,
            ).seed(self.associations)
            self.build_pupils()
            seed_guardians(self.rng)
            seed_renewals(self.rng, self.associations[:3],
                          timezone.make_aware(datetime(CURRENT_SEASON_START, 10, 5, 18)))
            seed_content(self.rng)
            seed_competitions(self.rng)
            seed_register(self.rng)
            seed_jo(self.rng)
            seed_money(self.rng)
            # Last: the rest of the demo draws the same numbers as before it existed.
            seed_association_life(self.rng)
        return self.accounts

    # --- territories and AS -------------------------------------------------------------

    def build_territories(self) -> None:
        self.departments: dict[str, Department] = {}
        self.districts: dict[str, District] = {}
        for row in data.WORLD["academies"]:
            academy = Academy.objects.create(
                code=row["code"],
                name=row["name"],
                email=f"sr{row['code']}@demo.opuss.fr",
                phone=self.fake.phone_number(),
            )
            for dep in row["departments"]:
                department = Department.objects.create(
                    code=dep["code"], name=dep["name"], academy=academy
                )
                self.departments[dep["code"]] = department
                for label in dep["districts"]:
                    self.districts[label] = District.objects.create(
                        label=label, department=department
                    )

    def build_associations(self) -> None:
        self.associations: list[SportsAssociation] = []
        establishments: dict[str, Establishment] = {}
        for row in data.WORLD["establishments"]:
            head = row.get("head")
            civility, head_last, head_first = (
                (Civility[head["civility"]], head["last_name"], head["first_name"])
                if head
                else (
                    self.rng.choice(["M", "MME"]),
                    self.fake.last_name().upper(),
                    self.fake.first_name(),
                )
            )
            digits = row["uai"]
            establishment = Establishment.objects.create(
                uai=digits + uai_check_letter(digits),
                name=row["name"],
                type=EstablishmentType[row["type"]],
                city=row["city"],
                postcode=row["postcode"],
                address=row.get("address") or self.fake.street_address().upper(),
                phone=row.get("phone") or self.fake.phone_number(),
                department=self.departments[row["department"]],
                zone=self.rng.choice(["URBAN", "RURAL"]),
                head_civility=civility,
                head_last_name=head_last,
                head_first_name=head_first,
                **{flag: row.get(flag, False) for flag in ESTABLISHMENT_FLAGS},
            )
            establishments[digits] = establishment
            self.associations.append(
                self._association(row["as_code"], establishment, row["district"])
            )
        for as_code, digits in data.SECOND_AS.items():
            establishment = establishments[digits]
            district = self.associations[
                [a.establishment_id for a in self.associations].index(establishment.pk)
            ].district.label
            self.associations.append(self._association(as_code, establishment, district))

    def _association(self, code: str, establishment: Establishment, district: str):
        return SportsAssociation.objects.create(
            code=code,
            establishment=establishment,
            department=establishment.department,
            district=self.districts[district],
            email=f"as{code}@demo.opuss.fr",
            phone=establishment.phone,
        )

    # --- people -------------------------------------------------------------------------

    def user(
        self,
        *,
        email: str | None,
        last_name: str,
        first_name: str,
        civility: str = "",
        password: bool = True,
    ) -> User:
        return User.objects.create(
            email=email,
            last_name=last_name,
            first_name=first_name,
            civility=civility,
            password=self.password_hash if password else make_password(None),
        )

    def grant(self, user: User, role: Role, **scope) -> None:
        RoleAssignment.objects.create(user=user, role=role, **scope)

    def build_staff(self) -> None:
        seed_as = self.associations[0]
        teachers = []
        for row in data.PEOPLE["animateurs"]:
            teacher = self.user(
                email=row["email"],
                last_name=row["last_name"],
                first_name=row["first_name"],
                civility=Civility[row["civility"]],
            )
            self.grant(teacher, Role.AS_TEACHER, association=seed_as)
            teachers.append(teacher)
        # A teacher who is also the AS's secretary: one person, two roles.
        self.grant(teachers[1], Role.AS_SECRETARY, association=seed_as)
        self.teacher_of_seed_as = teachers[0]
        self.remember("teacher", teachers[0], teachers[0].email)
        self.remember("as_secretary", teachers[1], teachers[1].email)
        for association in self.associations[1:]:
            for role in (Role.AS_SECRETARY, Role.AS_TEACHER, Role.AS_TEACHER):
                person = self._person(f"as{association.code}")
                self.grant(person, role, association=association)
        for dep_code, department in self.departments.items():
            person = self._person(f"sd{dep_code}")
            self.grant(person, Role.SD, department=department)
            if dep_code == "68":
                self.remember("sd", person, person.email)
        for academy in Academy.objects.all():
            person = self._person(f"sr{academy.code}")
            self.grant(person, Role.SR, academy=academy)
            if academy.code == "24":
                self.remember("sr", person, person.email)
        national = self._person("dn")
        self.grant(national, Role.DN)
        self.remember("dn", national, national.email)
        for district in District.objects.all():
            teacher = RoleAssignment.objects.filter(
                role=Role.AS_TEACHER, association__district=district
            ).first()
            if teacher is not None:
                district.coordinators.add(teacher.user)

    def sr_of(self, association) -> User:
        return RoleAssignment.objects.get(role=Role.SR, academy=association.department.academy).user

    def _person(self, prefix: str) -> User:
        civility = self.rng.choice(["M", "MME"])
        first = self.fake.first_name_male() if civility == "M" else self.fake.first_name_female()
        last = self.fake.last_name()
        email = f"{prefix}.{slugify(first)}.{slugify(last)}@demo.opuss.fr"
        while User.objects.filter(email=email).exists():
            email = email.replace("@", f"{self.rng.randint(2, 99)}@", 1)
        return self.user(email=email, last_name=last.upper(), first_name=first, civility=civility)

    def remember(self, role: str, user: User, login: str) -> None:
        self.accounts.append(DemoAccount.objects.create(role=role, user=user, login=login))

    # --- pupils and licences ------------------------------------------------------------

    def build_pupils(self) -> None:
        seed_as = self.associations[0]
        thomas = self._seed_pupil(seed_as)
        self.remember("pupil", thomas.user, self._current_licence(thomas).number)
        for association in self.associations:
            self._pupils_for(association, self.rng.randint(12, 30))
        to_renew = self._renewal_pupil(seed_as)
        self.remember("pupil_renewal", to_renew.user, to_renew.licences.get().number)
        other = (
            Licence.objects.filter(season=self.current)
            .exclude(association__department__academy__code="24")
            .select_related("pupil")
            .first()
            .pupil
        )
        other.user.password = self.password_hash
        other.user.save(update_fields=["password"])
        self.remember("pupil_other", other.user, self._current_licence(other).number)
        seed_baskets(self.associations, self.current, self.teacher_of_seed_as, BASKETS_VALIDATED)

    def _current_licence(self, pupil: Pupil) -> Licence:
        return pupil.licences.get(season=self.current)

    def _seed_pupil(self, association) -> Pupil:
        spec = data.PEOPLE["seed_pupil"]
        user = self.user(
            email=spec["email"],
            last_name=spec["last_name"],
            first_name=spec["first_name"],
            civility="M",
        )
        self.grant(user, Role.PUPIL)
        pupil = Pupil.objects.create(
            user=user,
            last_name=spec["last_name"],
            first_name=spec["first_name"],
            sex=Sex[spec["sex"]],
            birth_date=spec["birth_date"],
            email=spec["email"],
            phone=spec["phone"],
            jo_number=spec["jo_number"],
        )
        for season in (self.previous, self.current):
            self._licence(
                pupil, association, season, spec["sequence"], class_level=spec["class_level"]
            )
        return pupil

    def _renewal_pupil(self, association) -> Pupil:
        spec = data.PEOPLE["renewal_pupil"]
        names = {"last_name": spec["last_name"], "first_name": spec["first_name"]}
        user = self.user(email=spec["email"], civility="M", **names)
        self.grant(user, Role.PUPIL)
        born = spec["birth_date"]
        pupil = Pupil.objects.create(
            user=user, sex=Sex[spec["sex"]], birth_date=born, email=spec["email"], **names,
        )
        # Not through _licence: its draw from self.rng would change the rest of the demo.
        Licence.objects.create(
            number=f"{association.code}{spec['sequence']:04d}",
            pupil=pupil,
            association=association,
            season=self.previous,
            category=category_for(self.current, born.replace(year=born.year + 1)),
            class_level=spec["class_level"],
            created_at=timezone.make_aware(datetime(self.previous.start_year, 9, 12, 10)),
        )
        return pupil

    def _pupils_for(self, association, count: int) -> None:
        is_college = (
            association.establishment.type == EstablishmentType.COL
            or association.code in data.SECOND_AS
        )
        years = (2011, 2014) if is_college else (2007, 2010)
        used = set(association.licences.values_list("number", flat=True))
        sequence = 1
        for _ in range(count):
            # New this season, renewed, or licensed last season only (to renew in a basket).
            wanted = self.rng.choices(
                [[self.current], [self.previous, self.current], [self.previous]],
                weights=[35, 45, 20],
            )[0]
            seasons = self._affiliated_in(association, wanted) or self._affiliated_in(
                association, [self.previous]
            )
            if not seasons:
                return
            while f"{association.code}{sequence:04d}" in used:
                sequence += 1
            sex = self.rng.choice([Sex.FEMALE, Sex.MALE])
            first = (
                self.fake.first_name_female() if sex == Sex.FEMALE else self.fake.first_name_male()
            )
            last = self.fake.last_name().upper()
            birth = date(self.rng.randint(*years), self.rng.randint(1, 12), self.rng.randint(1, 28))
            user = self.user(email=None, last_name=last, first_name=first, password=False)
            self.grant(user, Role.PUPIL)
            pupil = Pupil.objects.create(
                user=user,
                last_name=last,
                first_name=first,
                sex=sex,
                birth_date=birth,
                guardian_email=self.fake.email(),
                guardian1_phone=self.fake.phone_number(),
            )
            for season in seasons:
                self._licence(pupil, association, season, sequence)
            used.add(f"{association.code}{sequence:04d}")

    def _licence_window(self, season, start: datetime) -> float:
        """This season's licences were all made before its baskets were validated."""
        if season != self.current:
            return 1.0
        return (BASKETS_VALIDATED - timezone.make_aware(start)) / LICENCE_SPREAD

    def _affiliated_in(self, association, seasons) -> list:
        """Only an affiliated AS licenses: no licence in a season it was not affiliated in."""
        affiliated = set(
            association.affiliations.filter(state="AFFILIATED").values_list("season_id", flat=True)
        )
        return [season for season in seasons if season.pk in affiliated]

    def _licence(self, pupil, association, season, sequence: int, class_level: str = "") -> Licence:
        # Only the current season's rules are on file; a pupil's category last season is the
        # one of a pupil born a year later this season (categories go by birth year).
        shift = self.current.start_year - season.start_year
        born = pupil.birth_date.replace(year=pupil.birth_date.year + shift)
        start = datetime.combine(date(season.start_year, 9, 8), time(9))
        after = timedelta(days=self.rng.randint(0, 70), minutes=self.rng.randint(0, 600))
        created = timezone.make_aware(start) + after * self._licence_window(season, start)
        return Licence.objects.create(
            number=f"{association.code}{sequence:04d}",
            pupil=pupil,
            association=association,
            season=season,
            category=category_for(self.current, born),
            class_level=class_level,
            created_at=created,
        )
