"""Each AS's plan (is it new, where is this season's form, how many pupils in which seasons),
its affiliations of both seasons with their bureau and animateurs, its bank details and, for this
season's affiliated AS, the ledger lines an affiliation appends (`ledger.affiliation_charges`)."""

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.utils import timezone
from schwifty import IBAN

from opuss.affiliations.enums import AffiliationState
from opuss.affiliations.models import Affiliation, AffiliationAnimateur, Officer
from opuss.associations.models import SportsAssociation
from opuss.demo import data as demo_data
from opuss.demo.affiliations import BANKS, siret
from opuss.demo.national.rows import Rows, row_of
from opuss.demo.national.sink import Sink
from opuss.demo.national.territories import Place, Territories
from opuss.finance import ledger
from opuss.finance.models import BankAccount, LedgerLine
from opuss.rules.enums import ContractChoice
from opuss.rules.fees import FeeInput, compute_fee
from opuss.rules.season import load_season
from opuss.sport.models import Activity

NEW_SHARE = 0.02  # AS affiliating for the first time this season
# This season's form on the demo's day: most AS are affiliated, some wait for their SR, a few
# were sent back or are drafts, a few have not started.
CURRENT_STATES = [(AffiliationState.AFFILIATED, 92), (AffiliationState.PENDING, 4),
                  (AffiliationState.RETURNED, 1), (AffiliationState.DRAFT, 2), (None, 1)]
PREPAYMENT_SHARE = 0.15
# Which seasons a pupil is licensed in: this one only, both, last one only (not renewed yet).
GROUPS = ("current", "both", "previous")
USUAL_SHARES = (30, 45, 25)
# The large AS the bench works with have renewed few of last season's pupils yet.
BIG_SHARES = (10, 30, 60)
BIG_WEIGHT = 10


@dataclass
class Plan:
    place: Place
    new: bool
    current_state: str | None
    prepayment: bool
    groups: tuple[int, int, int]  # pupils licensed this season only, in both, last season only

    @property
    def licensed_now(self) -> bool:
        return self.current_state == AffiliationState.AFFILIATED

    @property
    def previous_licensees(self) -> int:
        return self.groups[1] + self.groups[2]


def plan(places: list[Place], pupils: int, rng: random.Random) -> list[Plan]:
    weights = [BIG_WEIGHT if place.big else rng.uniform(0.3, 1.7) for place in places]
    counts = _split_exactly(pupils, weights)
    plans = []
    for place, count in zip(places, counts, strict=True):
        state = AffiliationState.AFFILIATED if place.big else rng.choices(
            *zip(*CURRENT_STATES, strict=True))[0]
        # A new AS licenses only once affiliated: the others have no pupil yet.
        new = state == AffiliationState.AFFILIATED and not place.big and rng.random() < NEW_SHARE
        plans.append(Plan(place, new, state, not place.big and rng.random() < PREPAYMENT_SHARE,
                          _groups(count, place, new, state, rng)))
    return plans


def _groups(count: int, place: Place, new: bool, state, rng) -> tuple[int, int, int]:
    if new:  # no licence last season
        return (count, 0, 0)
    if state != AffiliationState.AFFILIATED:  # cannot license yet this season
        return (0, 0, count)
    drawn = rng.choices(range(3), weights=BIG_SHARES if place.big else USUAL_SHARES, k=count)
    return (drawn.count(0), drawn.count(1), drawn.count(2))


def _split_exactly(total: int, weights: list[float]) -> list[int]:
    scale = total / sum(weights)
    parts = [int(weight * scale) for weight in weights]
    for i in range(total - sum(parts)):
        parts[i % len(parts)] += 1
    return parts


class AffiliationBuilder:
    def __init__(self, sink: Sink, rng: random.Random, territories: Territories, seasons,
                 now: datetime) -> None:
        self.sink, self.rng, self.map, self.now = sink, rng, territories, now
        self.previous, self.current = seasons
        self.rules = load_season(self.current.label)
        self.activities = list(Activity.objects.order_by("name").values_list("pk", flat=True))
        self.invoices = {self.previous.pk: 0, self.current.pk: 0}
        self.rows: dict[type, list[tuple]] = {model: [] for model in (
            BankAccount, Affiliation, Officer, AffiliationAnimateur,
            AffiliationAnimateur.activities.through, LedgerLine)}
        self.officers, self.animateurs = Rows(Officer), Rows(AffiliationAnimateur)
        self.activity_links = Rows(AffiliationAnimateur.activities.through)

    def build(self, plans: list[Plan]) -> None:
        for item in plans:
            bank = None if item.prepayment else self._bank_account(item.place)
            if not item.new:
                self._affiliation(item, self.previous, AffiliationState.AFFILIATED, bank)
            if item.current_state is not None:
                self._affiliation(item, self.current, item.current_state, bank)
        for model, rows in self.rows.items():
            self.sink.write(model, rows)

    def _bank_account(self, place: Place) -> BankAccount:
        bank, bic = self.rng.choice(BANKS)
        iban = IBAN.generate(
            "FR", bank_code=bank, branch_code=f"{self.rng.randint(1, 99999):05d}",
            account_code=f"{self.rng.randint(1, 10**11 - 1):011d}",
        )
        account = BankAccount(
            id=self.sink.next_id(BankAccount), association_id=place.id,
            holder=f"AS {place.name}"[:70], iban=iban.compact, bic=bic,
            rum=f"UNSS-{place.code}-001", created_at=self._moment(self.previous),
            created_by_id=self.map.sr[place.academy_id],
        )
        self.rows[BankAccount].append(row_of(account))
        return account

    def _affiliation(self, item: Plan, season, state: str, bank: BankAccount | None) -> None:
        place = item.place
        size = self.rng.randint(700, 2200) if place.big else self.rng.randint(180, 1400)
        boys = size // 2 + self.rng.randint(-40, 40)
        staff = max(1, size // 150)
        affiliation = Affiliation(
            id=self.sink.next_id(Affiliation), association_id=place.id, season=season,
            state=state, siret="" if state == AffiliationState.DRAFT else siret(self.rng),
            establishment_type=place.type, boys=boys, girls=size - boys,
            deducted=self.rng.choice([0, 0, 12, 24]) if place.type == "COL" else 0,
            eps_teachers=staff, as_animateurs=2, outside_animateurs=0, forfaits_as=staff,
            postes_eps=staff, eps_trainees=0,
            insurance="" if state == AffiliationState.DRAFT else "MAIF_COLLECTIVE",
            payment_mode="PREPAYMENT" if item.prepayment else "DIRECT_DEBIT",
            contract_type="personalised", created_at=self.now, updated_at=self.now,
        )
        affiliation.association = _association(place)
        moment = self._moment(season)
        if state != AffiliationState.DRAFT:
            affiliation.transmitted_at = moment
        if state == AffiliationState.RETURNED:
            affiliation.return_comment = demo_data.AFFILIATIONS["returned"]["comment"]
        if state == AffiliationState.AFFILIATED:
            self._affiliate(affiliation, item, season, moment, bank)
        self.rows[Affiliation].append(row_of(affiliation))
        self._people(affiliation, place)

    def _affiliate(self, affiliation, item: Plan, season, moment, bank) -> None:
        sr = self.map.sr[item.place.academy_id]
        fee = compute_fee(self.rules, FeeInput(
            establishment_type=item.place.type, enrolment=affiliation.enrolment,
            previous_licensees=item.previous_licensees if season == self.current
            else self.rng.randint(10, 60),
            contract=ContractChoice.PERSONALISED, rep_plus=item.place.rep_plus,
            ex_priority=item.place.ex_priority,
            first_affiliation=item.new and season == self.current,
        ))
        self.invoices[season.pk] += 1
        affiliation.bank_account_id = bank.pk if bank else None
        affiliation.affiliated_at = moment + timedelta(days=2)
        affiliation.affiliated_by_id = sr
        affiliation.fee_affiliation, affiliation.fee_contract = fee.affiliation, fee.contract
        affiliation.fee_explanation = list(fee.explanation)
        affiliation.invoice_number = f"F{season.start_year}-{self.invoices[season.pk]:05d}"
        if season == self.current:  # the account of the season on file
            for line in ledger.affiliation_charges(affiliation):
                line.id = self.sink.next_id(LedgerLine)
                line.created_by_id = sr
                self.rows[LedgerLine].append(row_of(line))

    def _people(self, affiliation: Affiliation, place: Place) -> None:
        civility, last, first = place.head
        officers = [("PRESIDENT", (civility, last, first, f"ce.{place.uai.lower()}@demo.opuss.fr"))]
        officers += [("SECRETARY", place.staff[place.secretary]),
                     ("TREASURER", place.staff[place.teachers[-1]])]
        for role, (civ, last_name, first_name, email) in officers:
            self.rows[Officer].append(self.officers.make(
                id=self.sink.next_id(Officer), affiliation_id=affiliation.pk, role=role,
                civility=civ, last_name=last_name, first_name=first_name, email=email,
                phone=place.phone,
            ))
        for teacher in place.teachers:
            civ, last_name, first_name, email = place.staff[teacher]
            animateur = self.sink.next_id(AffiliationAnimateur)
            self.rows[AffiliationAnimateur].append(self.animateurs.make(
                id=animateur, affiliation_id=affiliation.pk, civility=civ, last_name=last_name,
                first_name=first_name, email=email, user_id=teacher,
            ))
            through = AffiliationAnimateur.activities.through
            self.rows[through] += [
                self.activity_links.make(id=self.sink.next_id(through),
                                         affiliationanimateur_id=animateur, activity_id=activity)
                for activity in self.rng.sample(self.activities, min(4, len(self.activities)))
            ]

    def _moment(self, season) -> datetime:
        start = datetime.combine(datetime(season.start_year, 9, 2).date(), time(10))
        return timezone.make_aware(start + timedelta(days=self.rng.randint(0, 25)))


def _association(place: Place) -> SportsAssociation:
    """The AS as `ledger.affiliation_charges` reads it (its id only)."""
    return SportsAssociation(id=place.id, code=place.code)
