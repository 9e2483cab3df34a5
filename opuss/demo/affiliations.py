"""The demo's affiliations: last season's for the history the contract rules read, and this
season's in every state of the workflow. Written directly (no e-mail), with audit entries as the
services would leave them."""

import random
from datetime import datetime, time, timedelta

from django.utils import timezone
from schwifty import IBAN
from stdnum import luhn

from opuss.accounts.enums import Role
from opuss.affiliations import selectors
from opuss.affiliations.enums import AffiliationState, SectionKind
from opuss.affiliations.models import Affiliation, AffiliationAnimateur, Officer, SportsSection
from opuss.core.audit import record
from opuss.demo import data
from opuss.finance import ledger
from opuss.finance.services import bank_details_set
from opuss.rules.enums import ContractChoice
from opuss.rules.fees import FeeInput, compute_fee
from opuss.rules.season import available_seasons, load_season
from opuss.sport.models import Activity

TABLE = data.AFFILIATIONS  # affiliations.toml
HISTORY = TABLE["history"]
# This season's state of the AS whose affiliation is not finished; the others are affiliated.
CURRENT_STATE = {code: AffiliationState[name] for code, name in TABLE["current_state"].items()}
# (bank code, BIC): the banks the demo's IBANs are drawn from.
BANKS = [(bank["code"], bank["bic"]) for bank in TABLE["banks"]]
SEED_ANIMATEUR_ACTIVITIES = {row["email"]: row["activities"] for row in data.PEOPLE["animateurs"]}


def siret(rng: random.Random) -> str:
    body = "".join(str(rng.randint(0, 9)) for _ in range(13))
    return body + luhn.calc_check_digit(body)


class AffiliationSeeder:
    def __init__(self, rng: random.Random, seasons: dict[int, object], sr_of) -> None:
        self.rng = rng
        self.seasons = seasons  # start year -> Season
        self.sr_of = sr_of  # association -> the SR user who decides
        self.invoice = dict.fromkeys(seasons, 0)

    def seed(self, associations) -> None:
        current = max(self.seasons)
        for association in associations:
            code = association.code
            if code in data.LAST_AFFILIATED_IN:
                self.affiliation(
                    association, data.LAST_AFFILIATED_IN[code], AffiliationState.AFFILIATED
                )
            elif code not in HISTORY["new"]:
                self.affiliation(association, current - 1, AffiliationState.AFFILIATED)
            state = CURRENT_STATE.get(code, AffiliationState.AFFILIATED)
            self.affiliation(association, current, state)

    def affiliation(self, association, year: int, state: str) -> Affiliation:
        season = self.seasons[year]
        establishment = association.establishment
        size = self.rng.randint(180, 1400)
        boys = size // 2 + self.rng.randint(-40, 40)
        affiliation = Affiliation.objects.create(
            association=association,
            season=season,
            state=AffiliationState.DRAFT,
            siret=siret(self.rng),
            establishment_type=establishment.type,
            boys=boys,
            girls=size - boys,
            deducted=self.rng.choice([0, 0, 12, 24]) if establishment.type == "COL" else 0,
            eps_teachers=max(1, size // 150),
            as_animateurs=2,
            outside_animateurs=0,
            forfaits_as=max(1, size // 150),
            postes_eps=max(1, size // 150),
            eps_trainees=0,
            insurance="MAIF_COLLECTIVE",
            payment_mode="PREPAYMENT"
            if association.code in HISTORY["prepayment"]
            else "DIRECT_DEBIT",
            contract_type="accompanied"
            if association.code in HISTORY["previous_accompanied"]
            else "personalised",
        )
        if state == AffiliationState.DRAFT:
            affiliation.siret, affiliation.insurance = "", ""  # a draft is incomplete
            affiliation.save()
        self.people(affiliation)
        moment = self.moment(year)
        if state in (AffiliationState.PENDING, AffiliationState.RETURNED):
            self.transmit(affiliation, moment)
        if state == AffiliationState.RETURNED:
            self.move(
                affiliation,
                AffiliationState.RETURNED,
                self.sr_of(association),
                "renvoyer à l'AS",
                return_comment=TABLE["returned"]["comment"],
            )
        if state == AffiliationState.AFFILIATED:
            self.affiliate(affiliation, moment, year)
        return affiliation

    def people(self, affiliation) -> None:
        establishment = affiliation.association.establishment
        Officer.objects.create(
            affiliation=affiliation,
            role="PRESIDENT",
            civility=establishment.head_civility,
            last_name=establishment.head_last_name,
            first_name=establishment.head_first_name,
            email=f"ce.{establishment.uai.lower()}@demo.opuss.fr",
            phone=establishment.phone,
        )
        staff = list(affiliation.association.role_assignments.select_related("user"))
        secretary = next((a.user for a in staff if a.role == Role.AS_SECRETARY), None)
        teachers = [a.user for a in staff if a.role == Role.AS_TEACHER]
        for role, person in (("SECRETARY", secretary), ("TREASURER", teachers[-1])):
            Officer.objects.create(
                affiliation=affiliation,
                role=role,
                civility=person.civility,
                last_name=person.last_name,
                first_name=person.first_name,
                email=person.email,
                phone=person.phone or "03 89 00 00 00",
            )
        activities = list(Activity.objects.order_by("name"))
        for teacher in teachers:
            animateur = AffiliationAnimateur.objects.create(
                affiliation=affiliation,
                civility=teacher.civility,
                last_name=teacher.last_name,
                first_name=teacher.first_name,
                email=teacher.email,
                user=teacher,
            )
            chosen = self.rng.sample(activities, 4)
            if teacher.email in SEED_ANIMATEUR_ACTIVITIES:
                chosen = Activity.objects.filter(name__in=SEED_ANIMATEUR_ACTIVITIES[teacher.email])
            animateur.activities.set(chosen)
        for section in TABLE["sections"]:
            if section["as_code"] == affiliation.association.code:
                SportsSection.objects.create(
                    affiliation=affiliation,
                    kind=SectionKind[section["kind"]],
                    activity=Activity.objects.get(name=section["activity"]),
                    eps_teacher=f"{teachers[0].last_name} {teachers[0].first_name}",
                    coach=section["coach"],
                )

    def moment(self, year: int) -> datetime:
        start = datetime.combine(datetime(year, 9, 2).date(), time(10))
        return timezone.make_aware(start + timedelta(days=self.rng.randint(0, 25)))

    def transmit(self, affiliation, moment) -> None:
        secretary = (
            affiliation.association.role_assignments.filter(role=Role.AS_SECRETARY).first().user
        )
        self.move(
            affiliation,
            AffiliationState.PENDING,
            secretary,
            "transmettre au SR",
            transmitted_at=moment,
        )

    def move(self, affiliation, state, actor, action, at=None, **fields) -> None:
        before = affiliation.get_state_display()
        affiliation.state = state
        for name, value in fields.items():
            setattr(affiliation, name, value)
        affiliation.save()
        record(
            actor=actor,
            action=action,
            obj=affiliation,
            before={"état": before},
            after={"état": affiliation.get_state_display()},
        )

    def affiliate(self, affiliation, moment, year: int) -> None:
        sr = self.sr_of(affiliation.association)
        self.transmit(affiliation, moment)
        if affiliation.payment_mode == "DIRECT_DEBIT":
            affiliation.bank_account = self.bank_account(affiliation.association, sr)
        result = compute_fee(load_season(self.rules_label(year)), self.fee_input(affiliation, year))
        self.invoice[year] += 1
        self.move(
            affiliation,
            AffiliationState.AFFILIATED,
            sr,
            "affilier",
            affiliated_at=moment + timedelta(days=2),
            affiliated_by=sr,
            fee_affiliation=result.affiliation,
            fee_contract=result.contract,
            fee_explanation=list(result.explanation),
            invoice_number=f"F{year}-{self.invoice[year]:05d}",
        )
        if year == max(self.seasons):  # the account of the season on file
            ledger.charge_affiliation(affiliation, sr)

    def fee_input(self, affiliation, year: int) -> FeeInput:
        if year == max(self.seasons):
            return selectors.fee_input(affiliation)  # this season: the history decides
        establishment = affiliation.association.establishment
        return FeeInput(
            establishment_type=affiliation.establishment_type,
            enrolment=affiliation.enrolment,
            previous_licensees=self.rng.randint(10, 60),
            contract=ContractChoice(affiliation.contract_type),
            rep_plus=establishment.rep_plus,
            ex_priority=establishment.ex_priority_education,
            aefe=establishment.aefe,
        )

    def rules_label(self, year: int) -> str:
        """2024-2025's circular is not on file: last season's demo fees follow 2025-2026's."""
        label = f"{year}-{year + 1}"
        if label in available_seasons():
            return label
        return f"{max(self.seasons)}-{max(self.seasons) + 1}"

    def bank_account(self, association, sr):
        existing = association.bank_accounts.first()
        if existing:
            return existing
        bank, bic = self.rng.choice(BANKS)
        iban = IBAN.generate(
            "FR",
            bank_code=bank,
            branch_code=f"{self.rng.randint(1, 99999):05d}",
            account_code=f"{self.rng.randint(1, 10**11 - 1):011d}",
        )
        return bank_details_set(
            association=association,
            actor=sr,
            holder=f"AS {association.establishment.name}"[:70],
            iban=iban.compact,
            bic=bic,
        )
