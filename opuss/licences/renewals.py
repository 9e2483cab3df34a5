"""The pupil's "Renouvellement" (seed 000): he asks his AS to renew his licence; the AS, which
alone licenses (it pays for the licence), takes the request into its basket or declines it. The
request is fulfilled when the basket that holds him is validated."""

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse

from opuss.core import clock
from opuss.core.audit import record
from opuss.core.mail import send_templated_email
from opuss.licences.enums import RenewalState
from opuss.licences.models import Licence, RenewalRequest
from opuss.licences.selectors import latest_licence


class RenewalError(Exception):
    """A refused request; the message is shown as it is."""


@dataclass(frozen=True)
class RenewalStatus:
    season: object
    licence: Licence | None  # his licence of the season, once taken
    pending: RenewalRequest | None
    last: RenewalRequest | None
    association: object | None  # the AS he would ask: his latest licence's

    @property
    def can_ask(self) -> bool:
        return self.licence is None and self.pending is None and self.association is not None


def status(pupil, season) -> RenewalStatus:
    requests = RenewalRequest.objects.filter(pupil=pupil, season=season)
    latest = latest_licence(pupil)
    return RenewalStatus(
        season=season,
        licence=pupil.licences.filter(season=season).select_related("association").first(),
        pending=requests.filter(state=RenewalState.PENDING).first(),
        last=requests.first(),
        association=latest.association if latest else None,
    )


def request_renewal(*, pupil, season, message: str = "") -> RenewalRequest:
    current = status(pupil, season)
    if current.licence is not None:
        raise RenewalError(f"Ta licence {season} est déjà prise.")
    if current.pending is not None:
        raise RenewalError("Ta demande est déjà transmise à ton AS.")
    if current.association is None:
        raise RenewalError("Aucune licence précédente : adresse-toi à ton professeur d'EPS.")
    renewal = RenewalRequest.objects.create(
        pupil=pupil,
        association=current.association,
        season=season,
        message=message.strip(),
        created_at=clock.now(),
    )
    send_templated_email(
        "licences/email/renewal_requested",
        {"renewal": renewal, "basket_url": basket_url(current.association)},
        [current.association.email],
    )
    return renewal


def basket_url(association) -> str:
    """Absolute, on SITE_URL: the e-mail is read outside any request."""
    path = reverse("baskets:basket", args=[association.code])
    return settings.SITE_URL.rstrip("/") + path


def pending_for(association, season):
    return (
        RenewalRequest.objects.filter(
            association=association, season=season, state=RenewalState.PENDING
        )
        .select_related("pupil")
        .order_by("created_at")
    )


def decline(*, renewal: RenewalRequest, actor) -> None:
    if renewal.state != RenewalState.PENDING:
        raise RenewalError("Cette demande a déjà été traitée.")
    renewal.state = RenewalState.DECLINED
    renewal.handled_at = clock.now()
    renewal.handled_by = actor
    renewal.save(update_fields=["state", "handled_at", "handled_by"])
    record(
        actor=actor,
        action="demande de renouvellement refusée",
        obj=renewal,
        after={"état": renewal.get_state_display()},
    )


def fulfil(licences: list[Licence]) -> None:
    """The pupils are licensed for the season: their pending requests are done, whichever AS
    took them (one SELECT, one UPDATE, whatever their number)."""
    by_pupil = {(licence.pupil_id, licence.season_id): licence for licence in licences}
    pending = list(RenewalRequest.objects.filter(
        pupil__in={licence.pupil_id for licence in licences},
        season__in={licence.season_id for licence in licences},
        state=RenewalState.PENDING,
    ))
    done = []
    for renewal in pending:
        licence = by_pupil.get((renewal.pupil_id, renewal.season_id))
        if licence is not None:
            renewal.state, renewal.licence = RenewalState.DONE, licence
            renewal.handled_at, renewal.handled_by_id = licence.created_at, licence.created_by_id
            done.append(renewal)
    RenewalRequest.objects.bulk_update(done, ["state", "handled_at", "handled_by", "licence"])
