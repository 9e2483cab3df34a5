"""The national map: académies, departments, districts, one establishment (a valid UAI) per AS,
the AS and their people (a secretary and two animateurs each), SD, SR and DN."""

import random
from dataclasses import dataclass, field
from datetime import datetime

from django.utils.text import slugify

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment, User
from opuss.associations.models import SportsAssociation
from opuss.demo.national import reference
from opuss.demo.national.rows import Rows
from opuss.demo.national.sink import Sink
from opuss.rules.identifiers import uai_check_letter
from opuss.territories.models import Academy, Department, District, Establishment

DISTRICTS = ("Nord", "Sud", "Est", "Ouest")
# Establishment types, as often as the federation's AS have them (mostly collèges).
TYPES = [("COL", 58), ("LYC", 12), ("LPO", 11), ("LP", 10), ("LA", 2), ("LPA", 2), ("EEA", 1),
         ("ES", 1), ("CFA", 1), ("AUT", 1), ("PJJ", 1)]
COLLEGE_TYPES = frozenset({"COL", "EEA", "ES", "PJJ"})
MAIL = "demo.opuss.fr"


@dataclass
class Place:
    """An AS and what the other stages need to know of it."""

    id: int
    code: str
    type: str
    name: str
    city: str
    uai: str
    establishment_id: int
    department_id: int
    academy_id: int
    district_id: int
    head: tuple[str, str, str]  # civility, last name, first name
    phone: str
    rep_plus: bool = False
    ex_priority: bool = False
    big: bool = False
    secretary: int = 0
    teachers: list[int] = field(default_factory=list)
    # user id: civility, last name, first name, e-mail
    staff: dict[int, tuple[str, str, str, str]] = field(default_factory=dict)

    @property
    def is_college(self) -> bool:
        return self.type in COLLEGE_TYPES


@dataclass
class People:
    """Draws people's names and unique e-mails."""

    rng: random.Random
    used_emails: set[str] = field(default_factory=set)

    def __post_init__(self) -> None:
        names = reference.names()
        self.last_names = names["last_names"]
        self.female = names["first_names_female"]
        self.male = names["first_names_male"]

    def person(self) -> tuple[str, str, str]:
        civility = self.rng.choice(["M", "MME"])
        first = self.rng.choice(self.male if civility == "M" else self.female)
        return civility, self.rng.choice(self.last_names).upper(), first

    def email(self, prefix: str, last: str, first: str) -> str:
        email = f"{prefix}.{slugify(first)}.{slugify(last)}@{MAIL}"
        suffix = 2
        while email in self.used_emails:
            email = f"{prefix}.{slugify(first)}.{slugify(last)}{suffix}@{MAIL}"
            suffix += 1
        self.used_emails.add(email)
        return email

    def phone(self) -> str:
        return "0" + str(self.rng.randint(1, 5)) + " " + " ".join(
            f"{self.rng.randint(0, 99):02d}" for _ in range(4)
        )


@dataclass
class Territories:
    """What the map stage made: ids by code, the AS, the services' accounts."""

    academies: dict[str, int] = field(default_factory=dict)
    departments: dict[str, int] = field(default_factory=dict)  # code -> id
    department_academy: dict[int, int] = field(default_factory=dict)
    districts: dict[int, list[int]] = field(default_factory=dict)  # department id -> ids
    places: list[Place] = field(default_factory=list)
    sd: dict[int, int] = field(default_factory=dict)  # department id -> user id
    sr: dict[int, int] = field(default_factory=dict)  # académie id -> user id
    dn: int = 0


class MapBuilder:
    def __init__(self, sink: Sink, rng: random.Random, people: People, now: datetime,
                 password: str) -> None:
        self.sink, self.rng, self.people, self.now = sink, rng, people, now
        self.password = password
        self.map = Territories()
        self.users, self.roles = Rows(User), Rows(RoleAssignment)
        self.user_rows: list[tuple] = []
        self.role_rows: list[tuple] = []

    def build(self, association_count: int, big: int) -> Territories:
        self._academies_and_departments()
        self._associations(association_count, big)
        self._services()
        self.sink.write(User, self.user_rows)
        self.sink.write(RoleAssignment, self.role_rows)
        self._coordinators()
        return self.map

    # --- the map ---------------------------------------------------------------------------

    def _academies_and_departments(self) -> None:
        academies, departments, districts = Rows(Academy), Rows(Department), Rows(District)
        academy_rows, department_rows, district_rows = [], [], []
        for spec in reference.academies():
            academy_id = self.sink.next_id(Academy)
            self.map.academies[spec.code] = academy_id
            academy_rows.append(academies.make(
                id=academy_id, code=spec.code, name=spec.name, email=f"sr{spec.code}@{MAIL}",
                phone=self.people.phone(),
            ))
            for dep in spec.departments:
                dep_id = self.sink.next_id(Department)
                self.map.departments[dep.code] = dep_id
                self.map.department_academy[dep_id] = academy_id
                department_rows.append(departments.make(
                    id=dep_id, code=dep.code, name=dep.name, academy_id=academy_id))
                ids = self.sink.next_ids(District, len(DISTRICTS))
                self.map.districts[dep_id] = list(ids)
                district_rows += [
                    districts.make(id=i, label=f"{dep.code}-{label}", department_id=dep_id)
                    for i, label in zip(ids, DISTRICTS, strict=True)
                ]
        self.sink.write(Academy, academy_rows)
        self.sink.write(Department, department_rows)
        self.sink.write(District, district_rows)

    def _associations(self, count: int, big: int) -> None:
        """`count` AS over the académies (their share drawn around the mean), each académie's
        numbered from 001 in its departments; the first `big` are large lycées."""
        specs = reference.academies()
        weights = [self.rng.uniform(0.7, 1.3) for _ in specs]
        shares = _split(count, weights)
        establishments, associations = Rows(Establishment), Rows(SportsAssociation)
        establishment_rows, association_rows = [], []
        serials: dict[str, int] = {}
        for spec, share in zip(specs, shares, strict=True):
            for order in range(1, share + 1):
                dep = spec.departments[(order - 1) % len(spec.departments)]
                place = self._place(spec, dep, order, serials, big=len(self.map.places) < big)
                self.map.places.append(place)
                establishment_rows.append(self._establishment_row(establishments, place, dep))
                association_rows.append(associations.make(
                    id=place.id, code=place.code, establishment_id=place.establishment_id,
                    department_id=place.department_id, district_id=place.district_id,
                    email=f"as{place.code}@{MAIL}", phone=place.phone, created_at=self.now,
                ))
                self._staff(place)
        self.sink.write(Establishment, establishment_rows)
        self.sink.write(SportsAssociation, association_rows)

    def _place(self, spec, dep, order: int, serials: dict[str, int], *, big: bool) -> Place:
        names = reference.names()
        type_ = "LPO" if big else self.rng.choices(*zip(*TYPES, strict=True))[0]
        serial = serials.get(dep.code, self.rng.randint(1, 900)) + self.rng.randint(1, 9)
        serials[dep.code] = serial
        digits = f"{dep.uai_prefix}{serial:04d}"
        dep_id = self.map.departments[dep.code]
        return Place(
            id=self.sink.next_id(SportsAssociation),
            code=f"{spec.code}{order:03d}",
            type=type_,
            name=self.rng.choice(names["patrons"]),
            city=dep.prefecture if self.rng.random() < 0.3 else self.rng.choice(names["communes"]),
            uai=digits + uai_check_letter(digits),
            establishment_id=self.sink.next_id(Establishment),
            department_id=dep_id,
            academy_id=self.map.department_academy[dep_id],
            district_id=self.rng.choice(self.map.districts[dep_id]),
            head=self.people.person(),
            phone=self.people.phone(),
            rep_plus=type_ == "COL" and self.rng.random() < 0.06,
            ex_priority=type_ == "LP" and self.rng.random() < 0.2,
            big=big,
        )

    def _establishment_row(self, rows: Rows, place: Place, dep) -> tuple:
        civility, last, first = place.head
        return rows.make(
            id=place.establishment_id, uai=place.uai, name=place.name, type=place.type,
            rep_plus=place.rep_plus, ex_priority_education=place.ex_priority,
            zone=self.rng.choice(["URBAN", "RURAL"]),
            address=f"{self.rng.randint(1, 120)} {self.rng.choice(reference.names()['streets'])}",
            postcode=f"{dep.postcode_prefix}{self.rng.randint(0, 999):03d}"[:5],
            city=place.city, phone=place.phone, head_civility=civility, head_last_name=last,
            head_first_name=first, department_id=place.department_id,
        )

    # --- people ----------------------------------------------------------------------------

    def _staff(self, place: Place) -> None:
        for role in (Role.AS_SECRETARY, Role.AS_TEACHER, Role.AS_TEACHER):
            user_id = self._user(f"as{place.code}", place.staff)
            self._role(user_id, role, association_id=place.id)
            if role == Role.AS_SECRETARY:
                place.secretary = user_id
            else:
                place.teachers.append(user_id)

    def _services(self) -> None:
        for code, dep_id in self.map.departments.items():
            self.map.sd[dep_id] = self._user(f"sd{code.lower()}")
            self._role(self.map.sd[dep_id], Role.SD, department_id=dep_id)
        for code, academy_id in self.map.academies.items():
            self.map.sr[academy_id] = self._user(f"sr{code}")
            self._role(self.map.sr[academy_id], Role.SR, academy_id=academy_id)
        self.map.dn = self._user("dn")
        self._role(self.map.dn, Role.DN)

    def _user(self, prefix: str, into: dict | None = None) -> int:
        civility, last, first = self.people.person()
        email = self.people.email(prefix, last, first)
        user_id = self.sink.next_id(User)
        self.user_rows.append(self.users.make(
            id=user_id, email=email, civility=civility, last_name=last, first_name=first,
            password=self.password, date_joined=self.now,
        ))
        if into is not None:
            into[user_id] = (civility, last, first, email)
        return user_id

    def _role(self, user_id: int, role: Role, **scope) -> None:
        self.role_rows.append(self.roles.make(
            id=self.sink.next_id(RoleAssignment), user_id=user_id, role=role.value,
            created_at=self.now, **scope,
        ))

    def _coordinators(self) -> None:
        """One animateur of each district coordinates it."""
        through = District.coordinators.through
        rows = Rows(through)
        first_of: dict[int, Place] = {}
        for place in self.map.places:
            first_of.setdefault(place.district_id, place)
        self.sink.write(through, [
            rows.make(id=self.sink.next_id(through), district_id=district_id,
                      user_id=place.teachers[0])
            for district_id, place in first_of.items()
        ])


def _split(total: int, weights: list[float]) -> list[int]:
    """`total` in parts proportional to `weights`, each at least 1, adding up exactly."""
    scale = total / sum(weights)
    parts = [max(1, int(weight * scale)) for weight in weights]
    for i in range(total - sum(parts)):
        parts[i % len(parts)] += 1
    while sum(parts) > total:
        parts[parts.index(max(parts))] -= 1
    return parts
