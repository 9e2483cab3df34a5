"""JO numbers: seven digits (seed 000: "JO N° 1529567"), given at a pupil's first certification,
from one sequence that never goes back, so a number is never given twice."""

from django.db import IntegrityError, transaction
from django.db.models import F, Max

from opuss.core.audit import record
from opuss.jo.models import JoNumberSequence
from opuss.licences.models import Pupil

FIRST_NUMBER = 1_000_000
SEVEN_DIGITS = r"^[0-9]{7}$"


class JoNumberError(Exception):
    pass


def give_jo_number(pupil: Pupil, *, actor, at=None) -> str:
    """The pupil's JO number, given now if he has none. Runs inside the caller's transaction:
    the sequence row stays locked until it commits."""
    if pupil.jo_number:
        return pupil.jo_number
    number = _next_number()
    # Two certifications of the same pupil at once: only the first one's number sticks (the
    # second UPDATE waits for the first and then finds the number set); the other is lost,
    # never given to anyone else.
    if Pupil.objects.filter(pk=pupil.pk, jo_number="").update(jo_number=number):
        pupil.jo_number = number
        record(
            actor=actor,
            action="N° Jeune Officiel attribué",
            obj=pupil,
            before={"jo_number": ""},
            after={"jo_number": number},
            at=at,
        )
    else:
        pupil.refresh_from_db(fields=["jo_number"])
    return pupil.jo_number


def _next_number() -> str:
    _ensure_sequence()
    while True:
        try:
            with transaction.atomic():
                JoNumberSequence.objects.filter(pk=1).update(last=F("last") + 1)
        except IntegrityError:  # the check constraint: past 9 999 999
            raise JoNumberError(
                "Il n'y a plus de numéro Jeune Officiel libre : contactez la direction nationale."
            ) from None
        number = str(JoNumberSequence.objects.get(pk=1).last)
        # A number typed in by hand (an older JO number kept) is skipped, not given again.
        if not Pupil.objects.filter(jo_number=number).exists():
            return number


def _ensure_sequence() -> None:
    """The sequence starts after the highest seven-digit JO number already held."""
    if JoNumberSequence.objects.filter(pk=1).exists():
        return
    highest = Pupil.objects.filter(jo_number__regex=SEVEN_DIGITS).aggregate(
        highest=Max("jo_number")
    )["highest"]
    try:
        with transaction.atomic():
            JoNumberSequence.objects.create(pk=1, last=max(int(highest or 0), FIRST_NUMBER - 1))
    except IntegrityError:
        pass  # created meanwhile by a concurrent certification: its row is the one to advance
