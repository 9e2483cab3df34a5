"""Bank details: the SR (or DN) confirms his password before the IBAN is shown in full or
changed; the confirmation is kept in his session for ten minutes."""

from tests.access import POST_ONLY, Write, writers
from tests.factories import PASSWORD


def pending_a(w):
    return {"pk": w.affiliation.pk}


def confirmed_just_now(w, kwargs):
    """Every actor of the world confirmed his password a moment ago (each only for himself; the
    window runs on real time, not on OPUSS_NOW)."""
    from django.utils import timezone

    from opuss.finance.reauth import SESSION_KEY

    people = [w.dn] + [
        getattr(side, role)
        for side in (w.a, w.b)
        for role in ("pupil", "teacher", "secretary", "sd", "sr")
    ]
    return {SESSION_KEY: {str(user.pk): timezone.now().isoformat() for user in people}}


RULES = {
    "affiliations:bank_password": (pending_a, POST_ONLY),
}

WRITES = {
    # Writes the AS's audit entry « accès aux coordonnées bancaires » (and the session).
    "affiliations:bank_password": Write(
        pending_a, lambda w, k: {"password": PASSWORD}, writers({"sr", "dn"})
    ),
    # Replaces the base table's entry (tests/test_write_matrix.py): without a fresh confirmation
    # the SR's post changes nothing (tests/finance/test_bank_masking.py).
    "affiliations:bank_details": Write(
        pending_a,
        lambda w, k: {
            "holder": "AS du lycée",
            "iban": "FR76 3000 6000 0112 3456 7890 189",
            "bic": "AGRIFRPPXXX",
        },
        writers({"sr", "dn"}),
        session=confirmed_just_now,
    ),
}
