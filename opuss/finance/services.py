"""Bank details: validated with schwifty (IBAN checksum, French RIB key, BIC), entered by the
regional service only; a new account means a new mandate reference (RUM)."""

from django.db import transaction
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

from opuss.core.audit import record, snapshot
from opuss.finance.models import BankAccount

BANK_FIELDS = ["holder", "iban", "bic", "rum"]


class BankDetailsError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field


def validate_bank_details(iban: str, bic: str) -> tuple[str, str]:
    """The IBAN and BIC in canonical form, or BankDetailsError naming the field at fault."""
    try:
        account = IBAN(iban)
    except SchwiftyException:
        raise BankDetailsError(
            "iban",
            "Cet IBAN n'est pas valide : vérifiez sa clé (2 chiffres après FR) et la clé "
            "RIB (2 derniers chiffres).",
        ) from None
    try:
        code = BIC(bic)
    except SchwiftyException:
        raise BankDetailsError("bic", "Ce BIC n'est pas valide (8 ou 11 caractères).") from None
    if code.country_code != account.country_code:
        raise BankDetailsError("bic", "Le BIC et l'IBAN ne sont pas du même pays.")
    return account.compact, str(code)


def next_rum(association) -> str:
    count = BankAccount.objects.filter(association=association).count()
    return f"UNSS-{association.code}-{count + 1:03d}"


@transaction.atomic
def bank_details_set(*, association, actor, holder: str, iban: str, bic: str) -> BankAccount:
    """Keeps the current account when nothing changed; otherwise records a new one with a new
    RUM (circular 2025-2026: "En cas de changement de compte bancaire, un nouveau RUM doit être
    généré avec un nouveau numéro"). An AS whose request to go (back) to direct debit waits
    gets a new mandate even at the same bank: it signs it anew (opuss.finance.mode_changes)."""
    from opuss.finance.mode_changes import awaits_new_mandate

    iban, bic = validate_bank_details(iban, bic)
    current = BankAccount.objects.current_for(association)
    unchanged = current and (current.holder, current.iban, current.bic) == (holder, iban, bic)
    if unchanged and not awaits_new_mandate(association):
        return current
    account = BankAccount.objects.create(
        association=association,
        holder=holder,
        iban=iban,
        bic=bic,
        rum=next_rum(association),
        created_by=actor,
    )
    record(
        actor=actor,
        action="coordonnées bancaires",
        obj=association,
        before=_audited(current) if current else {},
        after=_audited(account),
    )
    return account


def _audited(account: BankAccount) -> dict:
    """What the AS's history keeps of an account, under the fields' French names (the entry is
    about the AS, which has no such fields). Everyone who reads that history reads it, so the
    IBAN is masked there: only the SR's bank form shows it in full."""
    values = snapshot(account, BANK_FIELDS) | {"iban": account.masked_iban}
    return {str(BankAccount._meta.get_field(name).verbose_name): values[name] for name in values}
