"""Debits as the monthly batch leaves them (the batch generator is not needed to test what
happens after), and the bank's return files that reject them."""

import datetime as dt
from decimal import Decimal

from opuss.finance.models import (
    Debit,
    DebitBatch,
    DebitItem,
    LedgerKind,
    LedgerLine,
)
from tests.factories import BankAccountFactory, UserFactory

COLLECTION_DATES = {"2025-10": dt.date(2025, 11, 4), "2025-11": dt.date(2025, 12, 2)}


def batch_of(season, run_month="2025-10") -> DebitBatch:
    batch, _ = DebitBatch.objects.get_or_create(
        season=season,
        run_month=run_month,
        defaults={
            "message_id": f"UNSS-{run_month}",
            "collection_date": COLLECTION_DATES.get(run_month, dt.date(2026, 1, 5)),
            "xml": "<Document/>",
            "total": Decimal("0.00"),
            "count": 0,
        },
    )
    return batch


def sent_debit(association, season, amount="412.00", run_month="2025-10") -> Debit:
    """The AS's contract third of `run_month`, charged and then debited by that run's batch:
    its account is balanced."""
    amount = Decimal(amount)
    batch = batch_of(season, run_month)
    charge = LedgerLine.objects.create(
        association=association,
        season=season,
        kind=LedgerKind.CONTRACT,
        label="Contrat, 1er tiers",
        amount=amount,
        run_month=run_month,
        third=1,
    )
    debit = Debit.objects.create(
        batch=batch,
        association=association,
        bank_account=BankAccountFactory(association=association, created_by=UserFactory()),
        amount=amount,
        sequence_type="FRST",
        end_to_end_id=f"UNSS-{run_month}-{association.code}",
    )
    DebitItem.objects.create(debit=debit, line=charge)
    LedgerLine.objects.create(
        association=association,
        season=season,
        kind=LedgerKind.DEBIT,
        label=f"Prélèvement {run_month}",
        amount=-amount,
        debit=debit,
    )
    return debit


def pain_002(*rejects, message_id="STS-20251105-001") -> bytes:
    """A Customer Payment Status Report rejecting (end-to-end id, reason code, amount)s."""
    transactions = "".join(
        f"""<TxInfAndSts>
          <OrgnlEndToEndId>{end_to_end_id}</OrgnlEndToEndId>
          <TxSts>RJCT</TxSts>
          <StsRsnInf><Rsn><Cd>{code}</Cd></Rsn></StsRsnInf>
          <OrgnlTxRef>
            <Amt><InstdAmt Ccy="EUR">{amount}</InstdAmt></Amt>
            <ReqdColltnDt>2025-11-04</ReqdColltnDt>
          </OrgnlTxRef>
        </TxInfAndSts>"""
        for end_to_end_id, code, amount in rejects
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.002.001.03">
  <CstmrPmtStsRpt>
    <GrpHdr>
      <MsgId>{message_id}</MsgId>
      <CreDtTm>2025-11-05T09:00:00</CreDtTm>
      <CdtrAgt><FinInstnId><BIC>AGRIFRPPXXX</BIC></FinInstnId></CdtrAgt>
    </GrpHdr>
    <OrgnlGrpInfAndSts>
      <OrgnlMsgId>UNSS-2025-10</OrgnlMsgId>
      <OrgnlMsgNmId>pain.008.001.02</OrgnlMsgNmId>
    </OrgnlGrpInfAndSts>
    <OrgnlPmtInfAndSts>
      <OrgnlPmtInfId>UNSS-2025-10-RCUR</OrgnlPmtInfId>
      {transactions}
    </OrgnlPmtInfAndSts>
  </CstmrPmtStsRpt>
</Document>""".encode()


def camt_054(*returns, message_id="NTF-20251106-001") -> bytes:
    """A debit notification with one returned direct debit per entry, and a credit that is no
    return."""
    entries = "".join(
        f"""<Ntry>
        <Amt Ccy="EUR">{amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RDDT</Cd><SubFmlyCd>UPDD</SubFmlyCd></Fmly></Domn>
        </BkTxCd>
        <NtryDtls><TxDtls>
          <Refs><EndToEndId>{end_to_end_id}</EndToEndId></Refs>
          <AmtDtls><TxAmt><Amt Ccy="EUR">{amount}</Amt></TxAmt></AmtDtls>
          <RtrInf><Rsn><Cd>{code}</Cd></Rsn></RtrInf>
        </TxDtls></NtryDtls>
      </Ntry>"""
        for end_to_end_id, code, amount in returns
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02">
  <BkToCstmrDbtCdtNtfctn>
    <GrpHdr><MsgId>{message_id}</MsgId><CreDtTm>2025-11-06T08:00:00</CreDtTm></GrpHdr>
    <Ntfctn>
      <Id>NTF-1</Id>
      <CreDtTm>2025-11-06T08:00:00</CreDtTm>
      <Acct><Id><IBAN>FR7630006000011234567890189</IBAN></Id></Acct>
      {entries}
      <Ntry>
        <Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn>
        </BkTxCd>
        <NtryDtls><TxDtls><Refs><EndToEndId>VIREMENT-24001</EndToEndId></Refs></TxDtls>
        </NtryDtls>
      </Ntry>
    </Ntfctn>
  </BkToCstmrDbtCdtNtfctn>
</Document>""".encode()
