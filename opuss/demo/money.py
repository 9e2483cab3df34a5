"""The demo's money, on its one clock (6 October 2025): the September run's file (the
affiliations of September, processing 30 September, value 3 October), two of its debits
rejected on the value date — one (AS 24214's) settled by cheque through the SR, the other set
off against a national aid — and AS 24214's change of bank waiting for the SR. October's file is
the DN's to generate (« Prélèvements SEPA »): its turn comes on the demo's day."""

import contextlib
import random
from datetime import datetime

from django.core.files.base import ContentFile
from django.test.utils import override_settings
from time_machine import travel
from weasyprint import HTML

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment
from opuss.finance import debits, mode_changes, settlements
from opuss.finance.models import ModeChangeKind, PaymentMethod
from opuss.seasons.models import Season

SEED_AS = "24214"


@contextlib.contextmanager
def at(moment: str):
    """Everything inside happens at `moment`: the rules' clock and the rows' dates."""
    with override_settings(OPUSS_NOW=moment), travel(datetime.fromisoformat(moment), tick=False):
        yield


def seed_money(rng: random.Random) -> None:
    season = Season.objects.get(is_current=True)
    dn = RoleAssignment.objects.filter(role=Role.DN).first().user
    with at("2025-09-30T09:00:00+02:00"):
        batch = debits.batch_generate(season=season, run_month="2025-09", actor=dn)
    in_strasbourg = [
        debit for debit in batch.debits.select_related("association__department__academy")
        if debit.association.department.academy.code == "24"
    ]
    settled = next(debit for debit in in_strasbourg if debit.association.code == SEED_AS)
    compensated = rng.choice([debit for debit in in_strasbourg if debit is not settled])
    sr = RoleAssignment.objects.get(role=Role.SR, academy__code="24").user
    with at("2025-10-03T16:00:00+02:00"):
        settlements.debit_reject(debit=settled, reason="AM04", actor=sr)
        settlements.debit_reject(debit=compensated, reason="MS02", actor=sr)
    with at("2025-10-06T09:00:00+02:00"):
        settlements.payment_record(
            association=settled.association, season=season, amount=settled.amount,
            method=PaymentMethod.CHEQUE, reference=f"{SEED_AS} Rejet – chèque n° 4 417 203",
            actor=sr, debit=settled,
        )
        settlements.aid_pay(
            association=compensated.association, season=season, amount="150.00",
            label="Aide solidarité – déplacements du championnat d'académie", actor=dn,
        )
    _bank_change(season, settled.association)


def _bank_change(season, association) -> None:
    secretary = RoleAssignment.objects.filter(
        role=Role.AS_SECRETARY, association=association
    ).first().user
    rib = HTML(string=f"<h1>Relevé d'identité bancaire</h1><p>AS {association.code}</p>")
    with at("2025-10-05T18:30:00+02:00"):
        mode_changes.request_change(
            association=association, season=season, actor=secretary,
            kind=ModeChangeKind.BANK_CHANGE, rib=ContentFile(rib.write_pdf(), name="rib.pdf"),
            note="Notre AS change de banque : nouveau compte au Crédit Mutuel à partir de "
            "novembre.",
        )
