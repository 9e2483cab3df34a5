"""« Rejets et règlements »: the regional service of the AS's académie and DN; « Aides
nationales »: DN; the AS's « Rejets et aides »: its members and the services of its territory.
A debit of another académie does not exist for an SR (404); an AS code of another académie in a
payment is refused as unknown (tests/finance/test_rejects.py, test_settlements.py)."""

from tests.access import POST_ONLY, SIDE_A_AS, BodyId, Write, only, writers

SETTLERS = {"sr", "dn", "sr_b"}
AS_A = lambda w: {"code": w.a.association.code}  # noqa: E731
TOKEN = "apercu-des-rejets-de-la-matrice"


def sent_debit_a(w):
    """Side A's AS debited by the October run."""
    from opuss.finance.models import Debit
    from tests.finance.settlement_factories import sent_debit

    existing = Debit.objects.filter(association=w.a.association).first()
    return {"pk": (existing or sent_debit(w.a.association, w.season)).pk}


def rejected_debit_a(w):
    from opuss.finance.models import Debit
    from opuss.finance.settlements import debit_reject

    debit = Debit.objects.get(**sent_debit_a(w))
    debit_reject(debit=debit, reason="AM04 – provision insuffisante", actor=w.dn)
    return {"pk": debit.pk}


def with_sent_debit_a(w):
    sent_debit_a(w)
    return None


def return_file(w, k):
    """The bank's pain.002 rejecting side A's debit (the upload writes only the session)."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from opuss.finance.models import Debit
    from tests.finance.settlement_factories import pain_002

    debit = Debit.objects.get(association=w.a.association)
    content = pain_002((debit.end_to_end_id, "AM04", str(debit.amount)))
    return {"file": SimpleUploadedFile("retour.xml", content, content_type="text/xml")}


def previewed(w, k):
    """What the preview left in the session: side A's debit, rejected for AM04."""
    from opuss.finance.models import Debit
    from opuss.finance.returns import ReturnedDebit
    from opuss.finance.views_settlements import SESSION_KEY

    debit = Debit.objects.get(association=w.a.association)
    returned = ReturnedDebit(debit.end_to_end_id, "AM04", debit.amount)
    return {
        SESSION_KEY: {
            "id": TOKEN,
            "source": "fichier de la matrice",
            "returned": [returned.to_json()],
        }
    }


def payment_body(code: str) -> dict:
    return {
        "association": code,
        "amount": "100,00",
        "method": "CHEQUE",
        "reference": code,
        "confirmed": "1",
    }


RULES = {
    "settlements:rejects": (None, only(SETTLERS)),
    "settlements:import": (None, only(SETTLERS)),
    "settlements:import_confirm": (None, POST_ONLY),
    "settlements:choose_debit": (None, only(SETTLERS)),
    "settlements:reject": (sent_debit_a, only({"sr", "dn"})),
    "settlements:settle": (rejected_debit_a, only({"sr", "dn"})),
    "settlements:payment": (None, only(SETTLERS)),
    "settlements:aids": (None, only({"dn"})),
    "settlements:aid_create": (None, only({"dn"})),
    "settlements:association": (AS_A, only(SIDE_A_AS)),
}

WRITES = {
    # The preview writes the session only: its page for the settlers, 404 for the others.
    "settlements:import": Write(with_sent_debit_a, return_file, only(SETTLERS)),
    # Side B's SR confirms a preview naming side A's debit: nothing of his is rejected.
    "settlements:import_confirm": Write(
        with_sent_debit_a,
        lambda w, k: {"preview": TOKEN},
        writers({"sr", "dn"}) | {"sr_b": 302},
        session=previewed,
    ),
    "settlements:reject": Write(
        sent_debit_a, lambda w, k: {"code": "AM04", "confirmed": "1"}, writers({"sr", "dn"})
    ),
    "settlements:settle": Write(
        rejected_debit_a,
        lambda w, k: {
            "amount": "412,00",
            "method": "CHEQUE",
            "reference": "24001 Rejet",
            "confirmed": "1",
        },
        writers({"sr", "dn"}),
    ),
    # Side B's SR types side A's code: « Aucune AS de votre territoire n'a ce code. »
    "settlements:payment": Write(
        None, lambda w, k: payment_body(w.a.association.code), writers({"sr", "dn"}) | {"sr_b": 200}
    ),
    "settlements:aid_create": Write(
        None,
        lambda w, k: {
            "association": w.a.association.code,
            "label": "Aide solidarité",
            "amount": "300,00",
            "confirmed": "1",
        },
        writers({"dn"}),
    ),
}

BODY_IDS = {
    ("settlements:payment", "association"): BodyId(
        ("opuss.finance.settlement_forms.AssociationCodeForm.association",),
        lambda w, k: {"association": w.b.association.code},
        actors=frozenset({"sr"}),
    ),
}
