"""Licence numbers: the AS code and a four-digit sequence unique in the AS (seed 000: 242140172
is AS 24214, licence 0172). Pupil and adult licences share the sequence."""

from django.db import IntegrityError, transaction
from django.db.models import F

from opuss.licences.models import AdultLicence, Licence, LicenceSequence

LAST_SEQUENCE = 9999


class NumberingError(Exception):
    pass


def allocate_numbers(association, count: int) -> list[str]:
    """`count` new numbers for the AS. Must run inside the transaction that creates the
    licences: the UPDATE locks the AS's sequence row until it commits, so two baskets validated
    at once (on PostgreSQL as on SQLite) wait for each other and never share a number."""
    if count <= 0:
        return []
    _ensure_sequence(association)
    try:
        with transaction.atomic():
            LicenceSequence.objects.filter(association=association).update(last=F("last") + count)
    except IntegrityError:  # the check constraint: past 9999
        raise NumberingError(
            f"L'AS {association.code} n'a plus assez de numéros de licence libres (jusqu'à "
            f"{LAST_SEQUENCE}) : contactez votre service régional."
        ) from None
    last = LicenceSequence.objects.get(association=association).last
    return [f"{association.code}{n:04d}" for n in range(last - count + 1, last + 1)]


def _ensure_sequence(association) -> None:
    """The sequence row starts after the highest number the AS has ever used."""
    if LicenceSequence.objects.filter(association=association).exists():
        return
    used = [
        int(number[5:])
        for model in (Licence, AdultLicence)
        for number in model.objects.filter(number__startswith=association.code).values_list(
            "number", flat=True
        )
    ]
    try:
        with transaction.atomic():
            LicenceSequence.objects.create(association=association, last=max(used, default=0))
    except IntegrityError:
        pass  # created meanwhile by a concurrent basket: its row is the one to advance
