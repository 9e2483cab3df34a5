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
from opuss.demo.tables import load
from opuss.finance import debits, mode_changes, settlements
from opuss.finance.models import ModeChangeKind, PaymentMethod
from opuss.seasons.models import Season

TABLE = load("money.toml")


@contextlib.contextmanager
def at(moment: datetime | str):
    """Everything inside happens at `moment` (a datetime or its ISO text): the rules' clock and
    the rows' dates."""
    if isinstance(moment, str):
        moment = datetime.fromisoformat(moment)
    with override_settings(OPUSS_NOW=moment.isoformat()), travel(moment, tick=False):
        yield


def seed_money(rng: random.Random) -> None:
    season = Season.objects.get(is_current=True)
    dn = RoleAssignment.objects.filter(role=Role.DN).first().user
    run, rejects, cheque, aid = (
        TABLE[key] for key in ("september_run", "rejects", "cheque", "aid")
    )
    with at(run["at"]):
        batch = debits.batch_generate(season=season, run_month=run["month"], actor=dn)
    in_academy = [
        debit
        for debit in batch.debits.select_related("association__department__academy")
        if debit.association.department.academy.code == TABLE["academy"]
    ]
    settled = next(debit for debit in in_academy if debit.association.code == TABLE["association"])
    compensated = rng.choice([debit for debit in in_academy if debit is not settled])
    sr = RoleAssignment.objects.get(role=Role.SR, academy__code=TABLE["academy"]).user
    with at(rejects["at"]):
        settlements.debit_reject(debit=settled, reason=rejects["settled_reason"], actor=sr)
        settlements.debit_reject(debit=compensated, reason=rejects["compensated_reason"], actor=sr)
    with at(cheque["at"]):
        settlements.payment_record(
            association=settled.association,
            season=season,
            amount=settled.amount,
            method=PaymentMethod.CHEQUE,
            reference=f"{settled.association.code} {cheque['reference']}",
            actor=sr,
            debit=settled,
        )
    with at(aid["at"]):
        settlements.aid_pay(
            association=compensated.association,
            season=season,
            amount=aid["amount"],
            label=aid["label"],
            actor=dn,
        )
    _bank_change(season, settled.association)


def _bank_change(season, association) -> None:
    secretary = (
        RoleAssignment.objects.filter(role=Role.AS_SECRETARY, association=association).first().user
    )
    rib = HTML(string=f"<h1>Relevé d'identité bancaire</h1><p>AS {association.code}</p>")
    with at(TABLE["bank_change"]["at"]):
        mode_changes.request_change(
            association=association,
            season=season,
            actor=secretary,
            kind=ModeChangeKind.BANK_CHANGE,
            rib=ContentFile(rib.write_pdf(), name="rib.pdf"),
            note=TABLE["bank_change"]["note"],
        )
