"""The bank's return files: which direct debits it rejected or returned, and why.

Two ISO 20022 messages carry them: the Customer Payment Status Report (pain.002.001.03: each
`TxInfAndSts` names the debit by `OrgnlEndToEndId`, `TxSts` is `RJCT` and `StsRsnInf/Rsn/Cd` the
reason) and the debit/credit notification (camt.054.001.02: each `TxDtls` of an entry that is a
return names it by `Refs/EndToEndId`, with `RtrInf/Rsn/Cd`). A file is read with the care of
opuss/core/archives.py: bounded in size, no DTD (so no entity, no external resource), then
validated against its schema (opuss/finance/schemas/, vendored) before a single value is read.
Whatever is wrong with it, the person gets a French sentence, never an error page."""

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import xmlschema
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from opuss.core.archives import MEGABYTE
from opuss.finance.models import Debit, DebitState
from opuss.rules.money import format_eur
from opuss.rules.sepa_returns import reason_label

PAIN_002 = "urn:iso:std:iso:20022:tech:xsd:pain.002.001.03"
CAMT_054 = "urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"
FORMATS = {PAIN_002: "pain.002.001.03", CAMT_054: "camt.054.001.02"}
SCHEMAS = Path(__file__).parent / "schemas"
# A month of returns of the whole federation is far smaller (a camt.054 transaction takes about
# 2 KB): anything bigger is not a return file of ours.
MAX_BYTES = 10 * MEGABYTE
REJECTED = "RJCT"
ACCEPTED_TYPES = ".xml,text/xml,application/xml"


class ReturnFileError(Exception):
    """The file cannot be read as a return file; the message says why, in French."""


@dataclass(frozen=True)
class ReturnedDebit:
    """One debit the bank rejected or returned, as the file names it."""

    end_to_end_id: str
    reason_code: str
    amount: Decimal | None = None

    @property
    def reason(self) -> str:
        return reason_label(self.reason_code)

    def to_json(self) -> dict:
        amount = None if self.amount is None else str(self.amount)
        return {"id": self.end_to_end_id, "code": self.reason_code, "amount": amount}

    @classmethod
    def from_json(cls, values: dict) -> "ReturnedDebit":
        amount = values.get("amount")
        return cls(values["id"], values["code"], None if amount is None else Decimal(amount))


@dataclass(frozen=True)
class ReturnFile:
    format: str
    message_id: str
    returned: tuple[ReturnedDebit, ...]
    # Rejects of a whole file or batch, which name no debit: said, never applied.
    notices: tuple[str, ...] = ()


def read_return_file(data: bytes) -> ReturnFile:
    """The debits a pain.002.001.03 or camt.054.001.02 file rejects, or ReturnFileError."""
    if not data.strip():
        raise ReturnFileError("Le fichier est vide.")
    if len(data) > MAX_BYTES:
        raise ReturnFileError(
            f"Le fichier dépasse {MAX_BYTES // MEGABYTE} Mo : ce n'est pas un fichier de retour "
            "de la banque."
        )
    root = _parse(data)
    namespace = root.tag[1:].partition("}")[0] if root.tag.startswith("{") else ""
    if namespace not in FORMATS or root.tag != f"{{{namespace}}}Document":
        raise ReturnFileError(
            "Ce fichier n'est ni un compte rendu de prélèvements (pain.002.001.03) ni un avis "
            "de rejets (camt.054.001.02) : demandez à la banque l'un de ces deux formats."
        )
    _validate(root, namespace)
    if namespace == PAIN_002:
        return _pain_002(root)
    return _camt_054(root)


def _parse(data: bytes) -> Element:
    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ReturnFileError(
            "Ce fichier déclare une DTD ou des entités, ce que ne fait aucun fichier ISO 20022 "
            "d'une banque : il est refusé."
        ) from None
    except (ParseError, ValueError) as error:
        raise ReturnFileError(
            f"Ce fichier n'est pas un fichier XML lisible (détail : {error})."
        ) from None


@functools.cache
def schema(namespace: str) -> xmlschema.XMLSchema10:
    """The vendored schema, read once; it imports nothing, so nothing is fetched."""
    return xmlschema.XMLSchema10(str(SCHEMAS / f"{FORMATS[namespace]}.xsd"))


def _validate(root: Element, namespace: str) -> None:
    error = next(schema(namespace).iter_errors(root), None)
    if error is not None:
        where = f" (à {_without_namespace(error.path)})" if error.path else ""
        raise ReturnFileError(
            f"Le fichier ne respecte pas le schéma ISO 20022 {FORMATS[namespace]}{where} : "
            f"il est refusé en entier. Détail : {_without_namespace(error.reason or '')}"
        )


def _without_namespace(text: str) -> str:
    return re.sub(r"\{[^}]*\}", "", text)


# --- reading the elements -----------------------------------------------------------------------


def _find(element: Element | None, path: str, namespace: str) -> Element | None:
    if element is None:
        return None
    return element.find(_qualified(path, namespace))


def _text(element: Element | None, path: str, namespace: str) -> str:
    if element is None:
        return ""
    return (element.findtext(_qualified(path, namespace)) or "").strip()


def _qualified(path: str, namespace: str) -> str:
    return "/".join(f"{{{namespace}}}{step}" for step in path.split("/"))


def _reason(element: Element | None, path: str, namespace: str) -> str:
    """The reason code of a status or return reason (`Cd`, or the bank's own `Prtry`)."""
    return _text(element, f"{path}/Cd", namespace) or _text(element, f"{path}/Prtry", namespace)


def _amount(text: str) -> Decimal | None:
    try:
        return Decimal(text) if text else None
    except InvalidOperation:
        return None


# --- pain.002.001.03 --------------------------------------------------------------------------


def _pain_002(root: Element) -> ReturnFile:
    ns = PAIN_002
    report = _find(root, "CstmrPmtStsRpt", ns)
    group = _find(report, "OrgnlGrpInfAndSts", ns)
    group_status = _text(group, "GrpSts", ns)
    group_reason = _reason(group, "StsRsnInf/Rsn", ns)
    returned, notices = [], []
    batches = root.findall(_qualified("CstmrPmtStsRpt/OrgnlPmtInfAndSts", ns))
    for batch in batches:
        status = _text(batch, "PmtInfSts", ns) or group_status
        reason = _reason(batch, "StsRsnInf/Rsn", ns) or group_reason
        transactions = batch.findall(_qualified("TxInfAndSts", ns))
        for transaction in transactions:
            if (_text(transaction, "TxSts", ns) or status) != REJECTED:
                continue
            returned.append(
                ReturnedDebit(
                    _text(transaction, "OrgnlEndToEndId", ns),
                    _reason(transaction, "StsRsnInf/Rsn", ns) or reason,
                    _amount(_text(transaction, "OrgnlTxRef/Amt/InstdAmt", ns)),
                )
            )
        if status == REJECTED and not transactions:
            notices.append(
                f"Le lot {_text(batch, 'OrgnlPmtInfId', ns)} est rejeté en entier "
                f"({reason_label(reason)}) sans que ses prélèvements soient nommés."
            )
    if group_status == REJECTED and not batches:
        notices.append(
            f"Le fichier {_text(group, 'OrgnlMsgId', ns)} est rejeté en entier "
            f"({reason_label(group_reason)}) : aucun de ses prélèvements n'a été présenté."
        )
    return _result("pain.002.001.03", _text(report, "GrpHdr/MsgId", ns), returned, notices)


# --- camt.054.001.02 --------------------------------------------------------------------------


def _camt_054(root: Element) -> ReturnFile:
    ns = CAMT_054
    returned = []
    for entry in root.iterfind(_qualified("BkToCstmrDbtCdtNtfctn/Ntfctn/Ntry", ns)):
        details = entry.findall(_qualified("NtryDtls/TxDtls", ns))
        for detail in details:
            if _find(detail, "RtrInf", ns) is None:
                continue  # a credit or a debit that went through: not a return
            amount = _text(detail, "AmtDtls/TxAmt/Amt", ns) or _text(
                detail, "AmtDtls/InstdAmt/Amt", ns
            )
            if not amount and len(details) == 1:
                amount = _text(entry, "Amt", ns)
            returned.append(
                ReturnedDebit(
                    _text(detail, "Refs/EndToEndId", ns),
                    _reason(detail, "RtrInf/Rsn", ns),
                    _amount(amount),
                )
            )
    message_id = _text(root, "BkToCstmrDbtCdtNtfctn/GrpHdr/MsgId", ns)
    return _result("camt.054.001.02", message_id, returned, [])


def _result(fmt: str, message_id: str, returned, notices) -> ReturnFile:
    """Each debit once (a file may name one twice), in the file's order."""
    unique = {item.end_to_end_id: item for item in reversed(returned)}
    ordered = tuple(item for item in returned if unique.get(item.end_to_end_id) is item)
    return ReturnFile(fmt, message_id, ordered, tuple(notices))


# --- what the file would do -------------------------------------------------------------------


class Outcome:
    REJECT = "REJECT"
    ALREADY = "ALREADY"
    UNKNOWN = "UNKNOWN"


OUTCOME_LABELS = {
    Outcome.REJECT: "Prélèvements à passer en rejet",
    Outcome.ALREADY: "Déjà enregistrés comme rejetés",
    Outcome.UNKNOWN: "Inconnus ou hors de votre territoire",
}


@dataclass
class PreviewLine:
    returned: ReturnedDebit
    debit: Debit | None
    outcome: str
    warnings: list[str] = field(default_factory=list)


def preview(returned: Iterable[ReturnedDebit], debits) -> list[PreviewLine]:
    """What importing would do with each returned debit, among `debits` (those the user may
    reject: his territory's). An id the file names and that is not there is reported, never
    fatal; a debit already rejected is left as it is."""
    returned = list(returned)
    found = {
        debit.end_to_end_id: debit
        for debit in debits.filter(
            end_to_end_id__in=[r.end_to_end_id for r in returned]
        ).select_related("association__establishment", "batch__season")
    }
    return [_line(item, found.get(item.end_to_end_id)) for item in returned]


def _line(item: ReturnedDebit, debit: Debit | None) -> PreviewLine:
    if debit is None:
        return PreviewLine(item, None, Outcome.UNKNOWN)
    if debit.state == DebitState.REJECTED:
        return PreviewLine(item, debit, Outcome.ALREADY)
    warnings = []
    if item.amount is not None and item.amount != debit.amount:
        warnings.append(
            f"Le fichier indique {format_eur(item.amount)}, le prélèvement était de "
            f"{format_eur(debit.amount)} : c'est le prélèvement entier qui est rejeté."
        )
    return PreviewLine(item, debit, Outcome.REJECT, warnings)


def grouped(lines: list[PreviewLine]) -> list[tuple[str, str, list[PreviewLine]]]:
    return [
        (outcome, label, [line for line in lines if line.outcome == outcome])
        for outcome, label in OUTCOME_LABELS.items()
    ]
