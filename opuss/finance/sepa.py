"""The pain.008.001.02 file of a month's direct debits, built with sepaxml and validated against
the schema sepaxml ships, before anything is saved. Every text goes through the SEPA character
set (`opuss.rules.sepa.sepa_text`), every identifier is checked, every amount is in whole cents:
the control sums are exact."""

import functools
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import sepaxml
from django.conf import settings
from sepaxml import SepaDD
from stdnum.eu import at_02
from stdnum.exceptions import ValidationError as IdentifierError

from opuss.finance.services import BankDetailsError, validate_bank_details
from opuss.rules.sepa import cents, check_identifier, sepa_text

SCHEMA = "pain.008.001.02"
NAME_LENGTH = 70
REMITTANCE_LENGTH = 140


class SepaFileError(Exception):
    """The file cannot be made; the message is French and says what to fix."""


@dataclass(frozen=True)
class Creditor:
    name: str
    identifier: str  # ICS, « FR72ZZZ123456 »
    iban: str
    bic: str


@dataclass(frozen=True)
class Transaction:
    """One AS's debit, as the file carries it."""

    end_to_end_id: str
    amount: Decimal
    sequence_type: str  # FRST or RCUR
    mandate_id: str  # the RUM
    mandate_signed_on: date
    debtor_name: str
    debtor_iban: str
    debtor_bic: str
    remittance: str


def creditor_from_settings() -> Creditor:
    """The creditor of settings.SEPA_CREDITOR, checked: an ICS a bank accepts, an IBAN and BIC
    that hold together."""
    values = settings.SEPA_CREDITOR
    try:
        identifier = at_02.validate(values["identifier"])
    except IdentifierError:
        raise SepaFileError(
            f"L'identifiant créancier SEPA « {values['identifier']} » n'est pas valide "
            "(réglage SEPA_CREDITOR_ID)."
        ) from None
    try:
        iban, bic = validate_bank_details(values["iban"], values["bic"])
    except BankDetailsError as error:
        raise SepaFileError(
            f"Compte du créancier (réglages SEPA_CREDITOR_IBAN et SEPA_CREDITOR_BIC) : {error}"
        ) from None
    return Creditor(sepa_text(values["name"], NAME_LENGTH), identifier, iban, bic)


class _Pain008(SepaDD):
    """sepaxml's direct-debit file with our message id and creation time (sepaxml would draw a
    random id and read the machine's clock, not the project's)."""

    def __init__(self, config: dict, message_id: str, created_at: datetime) -> None:
        self._message_id = message_id
        self._created_at = created_at
        super().__init__(config, schema=SCHEMA, clean=False)

    def _create_header(self) -> None:
        self.msg_id = self._message_id
        super()._create_header()
        created = self._xml.find("CstmrDrctDbtInitn/GrpHdr/CreDtTm")
        created.text = self._created_at.strftime("%Y-%m-%dT%H:%M:%S")


def build_pain008(
    *,
    creditor: Creditor,
    message_id: str,
    created_at: datetime,
    collection_date: date,
    transactions: list[Transaction],
) -> str:
    """The file, validated against the pain.008.001.02 schema; SepaFileError otherwise."""
    if not transactions:
        raise SepaFileError("Un fichier de prélèvements doit contenir au moins un prélèvement.")
    document = _Pain008(
        {
            "name": creditor.name,
            "IBAN": creditor.iban,
            "BIC": creditor.bic,
            "batch": True,
            "creditor_id": creditor.identifier,
            "currency": "EUR",
        },
        check_identifier(message_id, "L'identifiant du message"),
        created_at,
    )
    for transaction in transactions:
        document.add_payment(_payment(transaction, collection_date))
    xml = document.export(validate=False).decode("utf-8")
    validate(xml)
    return xml


@functools.cache
def schema():
    """The pain.008.001.02 schema sepaxml ships, loaded once per process. (xmlschema is imported
    here only: sepaxml warns that importing it at module level upsets ElementTree.)"""
    import xmlschema

    return xmlschema.XMLSchema(Path(sepaxml.__file__).parent / "schemas" / f"{SCHEMA}.xsd")


def validate(xml: str) -> None:
    """SepaFileError, saying where, when `xml` does not follow the schema."""
    error = next(schema().iter_errors(xml), None)
    if error is not None:
        raise SepaFileError(
            f"Le fichier de prélèvements n'est pas conforme au schéma {SCHEMA} "
            f"({error.path}) : {error.reason}"
        )


def _payment(transaction: Transaction, collection_date: date) -> dict:
    return {
        "name": sepa_text(transaction.debtor_name, NAME_LENGTH) or "AS",
        "IBAN": transaction.debtor_iban,
        "BIC": transaction.debtor_bic,
        "amount": cents(transaction.amount),
        "type": transaction.sequence_type,
        "collection_date": collection_date,
        "mandate_id": check_identifier(
            transaction.mandate_id, "La référence unique de mandat (RUM)"
        ),
        "mandate_date": transaction.mandate_signed_on,
        "description": sepa_text(transaction.remittance, REMITTANCE_LENGTH),
        "endtoend_id": check_identifier(transaction.end_to_end_id, "La référence de bout en bout"),
    }
