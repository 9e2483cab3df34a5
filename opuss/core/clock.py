"""The time the federation's rules are judged at (opening periods, deadlines).

Real time, unless OPUSS_NOW is set: the demo sets it inside the latest season for which a circular
exists (2025-2026), so that its forms are open. Never set it in production."""

from datetime import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime


def now() -> datetime:
    frozen = getattr(settings, "OPUSS_NOW", "")
    if frozen:
        moment = parse_datetime(frozen)
        if moment is None:
            raise ValueError(f"OPUSS_NOW is not an ISO date-time: {frozen!r}")
        return timezone.make_aware(moment) if timezone.is_naive(moment) else moment
    return timezone.now()
