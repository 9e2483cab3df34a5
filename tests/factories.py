import datetime as dt

import factory
from django.contrib.auth.hashers import make_password
from django.utils import timezone

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment, User
from opuss.associations.models import SportsAssociation
from opuss.finance.models import BankAccount
from opuss.licences.models import Licence, Pupil
from opuss.rules.identifiers import uai_check_letter
from opuss.seasons.models import Season
from opuss.territories.models import Academy, Department, District, Establishment

factory.Faker._DEFAULT_LOCALE = "fr_FR"

PASSWORD = "un mot de passe très long"
# Hashed once with the real hasher (argon2) and shared: fast tests, real password checks.
PASSWORD_HASH = make_password(PASSWORD)


class AcademyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Academy
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{30 + n % 60:02d}")
    name = factory.LazyAttributeSequence(lambda o, n: f"Académie {o.code}-{n}")


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Department

    code = factory.Sequence(lambda n: f"{n % 1000:03d}")
    name = factory.Faker("city")
    academy = factory.SubFactory(AcademyFactory)


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    label = factory.Sequence(lambda n: f"District {n}")
    department = factory.SubFactory(DepartmentFactory)


def _uai(n: int) -> str:
    digits = f"{(681000 + n) % 10_000_000:07d}"
    return digits + uai_check_letter(digits)


class EstablishmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Establishment

    uai = factory.Sequence(_uai)
    name = factory.Faker("last_name")
    type = "LYC"
    address = factory.Faker("street_address")
    postcode = factory.Faker("postcode")
    city = factory.Faker("city")
    department = factory.SubFactory(DepartmentFactory)


class AssociationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SportsAssociation

    establishment = factory.SubFactory(EstablishmentFactory)
    department = factory.LazyAttribute(lambda o: o.establishment.department)
    district = factory.LazyAttribute(lambda o: DistrictFactory(department=o.department))
    code = factory.LazyAttributeSequence(
        lambda o, n: f"{o.establishment.department.academy.code}{n % 1000:03d}"
    )


class SeasonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Season
        django_get_or_create = ["start_year"]

    start_year = 2025
    is_current = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"personne{n}@example.fr")
    last_name = factory.Faker("last_name")
    first_name = factory.Faker("first_name")
    password = PASSWORD_HASH


def user_with_role(role: Role, **scope) -> User:
    user = UserFactory()
    RoleAssignment.objects.create(user=user, role=role, **scope)
    return user


class PupilFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pupil

    last_name = factory.Faker("last_name")
    first_name = factory.Faker("first_name")
    sex = "F"
    birth_date = dt.date(2009, 5, 17)
    user = factory.LazyFunction(lambda: user_with_role(Role.PUPIL))


class LicenceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Licence

    pupil = factory.SubFactory(PupilFactory)
    association = factory.SubFactory(AssociationFactory)
    season = factory.SubFactory(SeasonFactory)
    number = factory.LazyAttributeSequence(lambda o, n: f"{o.association.code}{n % 10000:04d}")
    category = "Cadet"
    created_at = factory.LazyFunction(timezone.now)


class AffiliationFactory(factory.django.DjangoModelFactory):
    """A complete form (every field the SR needs), in the state asked for."""

    class Meta:
        model = "affiliations.Affiliation"
        skip_postgeneration_save = True

    association = factory.SubFactory(AssociationFactory)
    season = factory.SubFactory(SeasonFactory)
    siret = "73282932000074"
    establishment_type = factory.LazyAttribute(lambda o: o.association.establishment.type)
    boys = 310
    girls = 290
    deducted = 0
    eps_teachers = 4
    as_animateurs = 3
    outside_animateurs = 0
    forfaits_as = 3
    postes_eps = 4
    eps_trainees = 0
    insurance = "MAIF_COLLECTIVE"
    payment_mode = "DIRECT_DEBIT"
    contract_type = "personalised"

    @factory.post_generation
    def people(self, create, extracted, **kwargs):
        if not create or extracted is False:
            return
        from opuss.affiliations.models import AffiliationAnimateur, Officer

        for role in ("PRESIDENT", "SECRETARY", "TREASURER"):
            Officer.objects.create(
                affiliation=self,
                role=role,
                civility="MME",
                last_name=f"Nom {role}",
                first_name="Claire",
                email=f"{role.lower()}.{self.association.code}@example.fr",
                phone="0102030405",
            )
        AffiliationAnimateur.objects.create(
            affiliation=self,
            civility="M",
            last_name="Prof",
            first_name="Paul",
            email=f"paul.prof.{self.association.code}@example.fr",
        )


def affiliated_as(association, season):
    """The AS affiliated for the season (on 20 September 2025, its animateurs not yet entered),
    so that it may license."""
    return AffiliationFactory(
        association=association,
        season=season,
        state="AFFILIATED",
        affiliated_at="2025-09-20T10:00:00+02:00",
        fee_affiliation=100,
        fee_contract=0,
        people=False,
    )


class BankAccountFactory(factory.django.DjangoModelFactory):
    """Bank details as the SR enters them (a valid French IBAN and BIC)."""

    class Meta:
        model = BankAccount

    holder = "AS"
    iban = "FR7630006000011234567890189"
    bic = "AGRIFRPPXXX"
    rum = factory.Sequence(lambda n: f"UNSS-TEST-{n:03d}")


class ExportJobFactory(factory.django.DjangoModelFactory):
    """An export built in the background, ready (a small file) unless `state` says otherwise."""

    class Meta:
        model = "core.ExportJob"

    path = "/licences/"
    query = "export=xlsx"
    format = "xlsx"
    filename = "licences-2025-2026-20251006-1030.xlsx"
    state = "DONE"
    rows_total = 12
    rows_done = 12
    content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    expires_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=7))
    file = factory.django.FileField(data=b"PK-export", filename="export.xlsx")
