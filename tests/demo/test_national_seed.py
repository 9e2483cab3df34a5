"""`opuss seed --national`: the whole federation in proportion, the same every time, usable by the
bench (`make bench`). Here at 2,000 pupils; the map does not shrink with them."""

import hashlib
import io

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Sum

from opuss.accounts.models import User
from opuss.affiliations.models import Affiliation
from opuss.associations.models import SportsAssociation
from opuss.demo.models import DemoAccount
from opuss.finance.models import Debit, LedgerLine
from opuss.guardians.models import GuardianRequest, GuardianResponse
from opuss.licences.models import Licence, LicenceSequence, Pupil
from opuss.rules.identifiers import normalize_uai
from opuss.rules.text import person_key
from opuss.seasons.models import Season
from opuss.territories.models import Academy, Department, District, Establishment
from tests.helpers import log_in

pytestmark = pytest.mark.django_db

PUPILS = 2000


def seed(pupils: int = PUPILS) -> None:
    call_command("seed", "--national", "--pupils", str(pupils), "--force",
                 stdout=io.StringIO(), stderr=io.StringIO())


# These two run first, on an empty database: the module's seeded federation comes after.
def test_national_is_guarded_like_the_demo(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG est désactivé"):
        call_command("seed", "--national", "--pupils", "10")
    with pytest.raises(CommandError, match="--pupils va avec --national"):
        call_command("seed", "--pupils", "10", "--force")
    assert not Academy.objects.exists()


def test_the_seed_is_deterministic():
    digests = []
    for _ in range(2):
        with transaction.atomic():
            seed(pupils=300)
            digests.append(digest())
            transaction.set_rollback(True)
    assert digests[0] == digests[1]
    assert not Academy.objects.exists()


@pytest.fixture(scope="module")
def national(django_db_setup, django_db_blocker):
    """Seeded once for the module's tests, rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed()
        yield
        transaction.set_rollback(True)


def digest() -> str:
    """Everything a person would recognise: the map, the AS and their establishments, each
    pupil with his licences, the money."""
    parts = [
        list(Academy.objects.order_by("code").values_list("code", "name")),
        list(District.objects.order_by("label").values_list("label", flat=True)),
        list(SportsAssociation.objects.order_by("code").values_list(
            "code", "establishment__uai", "establishment__name", "district__label")),
        list(Licence.objects.order_by("season__start_year", "number").values_list(
            "number", "pupil__last_name", "pupil__first_name", "pupil__birth_date",
            "category", "created_at")),
        list(Affiliation.objects.order_by("invoice_number", "association__code").values_list(
            "association__code", "state", "fee_affiliation", "fee_contract")),
        list(LedgerLine.objects.order_by("association__code", "kind", "run_month", "label")
             .values_list("association__code", "kind", "amount", "run_month")),
        list(GuardianResponse.objects.order_by("licence__number").values_list(
            "licence__number", "channel", "image_rights")),
    ]
    return hashlib.sha256(repr(parts).encode()).hexdigest()


def test_the_national_seed_builds_the_federation_in_proportion(national):
    assert Academy.objects.count() == 30
    assert Department.objects.count() == 101
    assert District.objects.count() == 404
    associations = SportsAssociation.objects.count()
    assert associations == 30  # one per 120 pupils, at least one per académie
    assert Pupil.objects.count() == PUPILS
    current, previous = Season.objects.get(is_current=True), Season.objects.get(start_year=2024)
    this_season = Licence.objects.filter(season=current).count()
    last_season = Licence.objects.filter(season=previous).count()
    # Each pupil licensed this season, last season or both.
    assert PUPILS < this_season + last_season < 2 * PUPILS
    assert 0.5 * PUPILS < this_season < 0.9 * PUPILS
    assert 0.5 * PUPILS < last_season < 0.9 * PUPILS
    # This season's guardians were sent their link; about 40 % answered.
    assert GuardianRequest.objects.count() == this_season
    assert 0.3 < GuardianResponse.objects.count() / this_season < 0.5
    # Most AS are affiliated this season; every one licensing is.
    affiliated = Affiliation.objects.filter(season=current, state="AFFILIATED")
    assert affiliated.count() >= 0.8 * associations
    assert not Licence.objects.filter(season=current).exclude(
        association__in=affiliated.values("association")).exists()
    # A few debits in September's run.
    assert Debit.objects.exists()


def test_every_establishment_has_a_valid_uai_and_every_number_its_as_code(national):
    uais = list(Establishment.objects.values_list("uai", flat=True))
    assert len(uais) == SportsAssociation.objects.count()
    assert all(normalize_uai(uai) == uai for uai in uais)
    for association in SportsAssociation.objects.select_related("department__academy"):
        assert association.code.startswith(association.department.academy.code)
    mismatched = [number for number, code in Licence.objects.values_list(
        "number", "association__code") if not number.startswith(code)]
    assert mismatched == []


def test_each_affiliation_of_this_season_is_charged_its_fee(national):
    """The lines an affiliation appends (ledger.affiliation_charges), written in bulk."""
    current = Season.objects.get(is_current=True)
    charged = dict(LedgerLine.objects.filter(
        season=current, kind__in=["AFFILIATION", "CONTRACT"]).values("association").annotate(
        total=Sum("amount")).values_list("association", "total"))
    affiliations = Affiliation.objects.filter(season=current, state="AFFILIATED")
    assert affiliations.exists()
    for affiliation in affiliations:
        assert charged[affiliation.association_id] == affiliation.fee_total


def test_pupils_have_their_duplicate_key_and_numbers_continue_after_the_seed(national):
    for pupil in Pupil.objects.all()[:200]:
        assert pupil.person_key == person_key(pupil.last_name, pupil.first_name,
                                              pupil.birth_date)
    used: dict[int, int] = {}
    for association, number in Licence.objects.values_list("association_id", "number"):
        used[association] = max(used.get(association, 0), int(number[5:]))
    sequences = dict(LicenceSequence.objects.values_list("association_id", "last"))
    assert used
    assert all(sequences[association] >= last for association, last in used.items())
    # The database's own ids go on after the seed's.
    User.objects.create(email="apres.le.seed@example.org", last_name="A", first_name="B")


def test_the_demo_accounts_log_in(client, national):
    accounts = {account.role: account for account in DemoAccount.objects.all()}
    assert set(accounts) == {"pupil", "teacher", "as_secretary", "sd", "sr", "dn"}
    response = log_in(client, accounts["pupil"].login, "demo-opuss-2025")
    assert response.status_code == 302
    assert client.get("/licencies/mon-espace/").status_code == 200
