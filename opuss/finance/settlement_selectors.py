"""Rejected debits and what is left to settle of each.

A rejected debit is settled by the payments made for it; an AS may also have paid its account
otherwise, or been compensated on a national aid, so what is left of its rejects can never be
more than its debt: the debt of each AS and season is shared out among its rejects, the most
recent first (a compensation extinguishes the oldest debts first)."""

from collections import defaultdict
from decimal import Decimal

from django.db import models
from django.db.models.functions import Coalesce

from opuss.accounts.enums import Role
from opuss.accounts.perms import holds_any_role
from opuss.finance.ledger import Figures, figure_aggregates
from opuss.finance.models import CHARGES, Debit, DebitState, LedgerLine
from opuss.finance.settlements import SETTLING

ZERO = Decimal("0.00")
OPEN, SETTLED = "OPEN", "SETTLED"
STATES = [(OPEN, "À régulariser"), (SETTLED, "Réglé")]
SETTLERS = (Role.SR, Role.DN)


def can_settle(user, association) -> bool:
    """The regional service of the AS's académie, or DN (as for its affiliation)."""
    from opuss.affiliations.perms import can_decide

    return can_decide(user, association)


def settler_debits(user):
    """The debits the user may reject or settle: those of his académie, all for DN."""
    if not holds_any_role(user, SETTLERS):
        return Debit.objects.none()
    debits = Debit.objects.for_user(user)
    if any(a.role == Role.DN for a in user.role_assignments_cached):
        return debits
    academies = [a.academy_id for a in user.role_assignments_cached if a.role == Role.SR]
    return debits.filter(association__department__academy__in=academies)


def with_settled(debits):
    """Each debit with `settled`: what the payments made for it add up to."""
    return debits.annotate(
        settled=Coalesce(
            -models.Sum("lines__amount", filter=models.Q(lines__kind__in=SETTLING)),
            models.Value(ZERO),
        )
    )


def rejected(debits):
    # Not the batch's pain.008 file: megabytes per rejected debit at national scale (issue #14).
    return (
        with_settled(debits.filter(state=DebitState.REJECTED))
        .select_related(
            "association__establishment", "association__department__academy", "batch__season"
        )
        .defer("batch__xml")
    )


def left_to_settle(debits) -> dict[int, Decimal]:
    """debit pk -> what is still to settle of each rejected debit of `debits`."""
    debits = list(rejected(debits).order_by("-rejected_at", "-pk"))
    debts = _debts({(d.association_id, d.batch.season) for d in debits})
    left = {}
    for debit in debits:
        budget = debts[(debit.association_id, debit.batch.season.pk)]
        left[debit.pk] = min(max(debit.amount - debit.settled, ZERO), budget)
        debts[(debit.association_id, debit.batch.season.pk)] = budget - left[debit.pk]
    return left


def _debts(pairs) -> dict[tuple[int, int], Decimal]:
    """(association pk, season pk) -> the AS's debt of that season; one query per season."""
    by_season = defaultdict(set)
    for association_id, season in pairs:
        by_season[season].add(association_id)
    debts: dict[tuple[int, int], Decimal] = defaultdict(lambda: ZERO)
    for season, ids in by_season.items():
        rows = (
            LedgerLine.objects.filter(season=season, association__in=ids)
            .order_by()
            .values("association")
            .annotate(**figure_aggregates(season))
        )
        for row in rows:
            association_id = row.pop("association")
            debts[(association_id, season.pk)] = Figures(**row).debt
    return debts


def with_state(debits, left: dict[int, Decimal]):
    """The rejected debits annotated with `settlement` (OPEN or SETTLED), for filters."""
    still_open = [pk for pk, amount in left.items() if amount > 0]
    return rejected(debits).annotate(
        settlement=models.Case(
            models.When(pk__in=still_open, then=models.Value(OPEN)),
            default=models.Value(SETTLED),
            output_field=models.CharField(),
        )
    )


def open_reject_count(user) -> int:
    """« Rejets à régulariser » on the SR's and DN's home."""
    return sum(1 for amount in left_to_settle(settler_debits(user)).values() if amount > 0)


def off_schedule(user, season):
    """The AS of the user's académie (all for DN) whose charges of the season no run collects
    (« hors échéancier », docs/rules.md reading 12), with their total and their balance: to
    settle by cheque or transfer through the SR."""
    if not holds_any_role(user, SETTLERS):
        return []
    codes = (
        LedgerLine.objects.for_user(user)
        .filter(season=season, kind__in=CHARGES, run_month="")
        .values_list("association", flat=True)
    )
    return (
        LedgerLine.objects.filter(season=season, association__in=codes)
        .order_by("association__code")
        .values("association__code")
        .annotate(
            off_schedule=Coalesce(
                models.Sum("amount", filter=models.Q(kind__in=CHARGES, run_month="")),
                models.Value(ZERO),
            ),
            balance=Coalesce(models.Sum("amount"), models.Value(ZERO)),
        )
    )
