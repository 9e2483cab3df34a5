"""The guardian's way to his child's data: the signed link he was e-mailed for the guardian
validation (opuss.guardians.links). It opens the data while it would open the form: signed by
us, its request still known, not replaced by a newer link, not older than the season's
`guardian_link_days`. Unlike the validation page, which shows an answered link's answer whatever
its age, the data need a link still valid: a forwarded or forgotten e-mail must not open them
for years. A guardian's right to his child's data ends at the child's majority."""

from datetime import date, timedelta

from django.core import signing
from django.utils.crypto import constant_time_compare

from opuss.guardians.links import SALT, link_days
from opuss.guardians.models import GuardianRequest
from opuss.rules.errors import UnknownSeason

MAJORITY = 18


class LinkRefused(Exception):
    """Tampered, unknown, replaced or expired: the link gives nothing."""


class PupilOfAge(Exception):
    """The pupil is an adult: he reaches his data himself, from his space."""


def of_age(birth_date: date, today: date) -> bool:
    birthday_passed = (today.month, today.day) >= (birth_date.month, birth_date.day)
    return today.year - birth_date.year - (0 if birthday_passed else 1) >= MAJORITY


def request_for_download(token: str, *, today: date) -> GuardianRequest:
    try:
        payload = signing.loads(token, salt=SALT)
        pk, nonce = int(payload["r"]), str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkRefused from None
    request = (
        GuardianRequest.objects.select_related("licence__pupil__user", "licence__season")
        .filter(pk=pk)
        .first()
    )
    if request is None or not constant_time_compare(request.nonce, nonce):
        raise LinkRefused
    try:
        days = link_days(request)
    except UnknownSeason:
        raise LinkRefused from None  # a season without its rules: no known validity, no data
    if days is not None:
        try:
            signing.loads(token, salt=SALT, max_age=timedelta(days=days))
        except signing.SignatureExpired:
            raise LinkRefused from None
    if of_age(request.licence.pupil.birth_date, today):
        raise PupilOfAge
    return request
