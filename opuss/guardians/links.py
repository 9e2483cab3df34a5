"""The guardian's signed, expiring link. The token carries the request and its nonce, signed with
the project's secret and timestamped (django.core.signing): a changed character is a bad
signature, an old one is expired after the season's `guardian_link_days`, and a request whose
nonce changed ("Renvoyer") no longer answers to its older links."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils.crypto import constant_time_compare

from opuss.guardians.models import GuardianRequest
from opuss.rules.season import load_season

SALT = "opuss.guardians.link"


class LinkInvalid(Exception):
    """Not a link we signed, or its request is unknown: the page does not exist (404)."""


class LinkGone(Exception):
    """A link we signed that no longer opens the form: expired, or replaced by a newer one."""

    def __init__(self, request: GuardianRequest, *, replaced: bool):
        super().__init__(request.pk)
        self.request = request
        self.replaced = replaced


def link_days(request: GuardianRequest) -> int | None:
    return load_season(request.licence.season.label).licences.guardian_link_days


def make_token(request: GuardianRequest) -> str:
    return signing.dumps({"r": request.pk, "n": request.nonce}, salt=SALT)


def link_url(request: GuardianRequest) -> str:
    """Built on SITE_URL, never on the request's Host header (which a visitor controls)."""
    path = reverse("guardians:answer", kwargs={"token": make_token(request)})
    return settings.SITE_URL.rstrip("/") + path


def request_for_token(token: str) -> GuardianRequest:
    """The request a link opens. Raises LinkInvalid (tampered, unknown) or LinkGone (replaced by
    a newer link, or expired). An answered request is returned whatever its link's age, so that
    the guardian who clicks again sees his answer, not an error."""
    try:
        payload = signing.loads(token, salt=SALT)
        pk, nonce = int(payload["r"]), str(payload["n"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise LinkInvalid from None
    request = (
        GuardianRequest.objects.select_related(
            "licence__pupil", "licence__season", "licence__association__establishment"
        )
        .filter(pk=pk)
        .first()
    )
    if request is None:
        raise LinkInvalid
    if request.responses.exists():
        return request
    if not constant_time_compare(request.nonce, nonce):
        raise LinkGone(request, replaced=True)
    days = link_days(request)
    if days is not None:
        try:
            signing.loads(token, salt=SALT, max_age=timedelta(days=days))
        except signing.SignatureExpired:
            raise LinkGone(request, replaced=False) from None
    return request
