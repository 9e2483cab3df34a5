"""The payment-mode change form (circular, section IV): the AS asks (its teachers and secretary,
as for the affiliation form), its SR or DN decides, the SD sees; the RIB opens for the AS, and
for its SR and DN once they typed their password again (tests/finance/test_mode_changes.py)."""

from tests.access import HOME, POST_ONLY, STAFF, Write, only, writers
from tests.factories import PASSWORD

AS_MEMBERS = {"teacher", "secretary"}
READERS = AS_MEMBERS | {"sd", "sr", "dn"}
DECIDERS = {"sr", "dn"}


def transmitted_a(w):
    """Side A's form of the season, transmitted (its mode may now be changed by request); made
    here when a rolled-back probe took away the world's."""
    from opuss.affiliations.models import Affiliation
    from tests.factories import AffiliationFactory

    existing = Affiliation.objects.filter(association=w.a.association, season=w.season).first()
    return existing or AffiliationFactory(
        association=w.a.association, season=w.season, state="PENDING"
    )


def code_a(w):
    transmitted_a(w)
    return {"code": w.a.association.code}


def waiting_a(w, kind="TO_PREPAYMENT"):
    """Side A's waiting request (the one the AS may have at a time), made if need be."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from opuss.finance.mode_changes import request_change, waiting_request

    change = waiting_request(w.a.association, w.season) or request_change(
        association=transmitted_a(w).association,
        season=w.season,
        actor=w.a.secretary,
        kind=kind,
        rib=SimpleUploadedFile("rib.pdf", b"%PDF-1.4 RIB"),
    )
    return {"pk": change.pk}


def with_rib_a(w):
    """A new AS in direct debit, its RIB attached."""
    return waiting_a(w, kind="NEW_AS")


RULES = {
    "mode_changes:request": (code_a, only(AS_MEMBERS)),
    "mode_changes:list": (None, only(STAFF)),
    "mode_changes:detail": (waiting_a, only(READERS)),
    "mode_changes:pdf": (waiting_a, only(READERS)),
    # The SR and DN are first sent to confirm their password on the request's page.
    "mode_changes:rib": (with_rib_a, only(AS_MEMBERS) | {"sr": HOME, "dn": HOME}),
    "mode_changes:password": (waiting_a, POST_ONLY),
    "mode_changes:accept": (waiting_a, POST_ONLY),
    "mode_changes:refuse": (waiting_a, POST_ONLY),
}

WRITES = {
    # The AS leaves direct debit (no RIB for that box).
    "mode_changes:request": Write(
        code_a,
        lambda w, k: {"kind": "TO_PREPAYMENT", "note": "L'AS préfère payer par chèque."},
        writers(AS_MEMBERS),
    ),
    # Writes the AS's audit entry « accès aux coordonnées bancaires » (and the session).
    "mode_changes:password": Write(
        waiting_a, lambda w, k: {"password": PASSWORD}, writers(DECIDERS)
    ),
    "mode_changes:accept": Write(waiting_a, lambda w, k: {"confirmed": "on"}, writers(DECIDERS)),
    "mode_changes:refuse": Write(
        waiting_a, lambda w, k: {"comment": "Le solde est à régler d'abord."}, writers(DECIDERS)
    ),
}
