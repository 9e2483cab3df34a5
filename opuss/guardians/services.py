"""Writes on guardians' validations (circular 2025-2026, III.8): "La saisie de l'email du
responsable légal du licencié est fortement conseillée lors de la prise de licence. Un email sera
envoyé automatiquement au responsable légal via cette adresse email".

A licence is never blocked by this procedure: a missing or wrong address, an unanswered link, an
expired one leave the licence active (a blocking version, tried in 2023, was withdrawn after the
schools protested). Each service checks, raises GuardianError with a French message, runs in one
transaction, leaves an audit entry on the licence and sends its e-mail after commit."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.db.models.functions import Coalesce
from django.utils import timezone

from opuss.associations.signals import forget_associations
from opuss.core import clock
from opuss.core.audit import audit_entry, record, record_all
from opuss.core.mail import render_email, send_batch, send_templated_email
from opuss.guardians import perms
from opuss.guardians.enums import Channel
from opuss.guardians.links import link_days, link_url
from opuss.guardians.mentions import QUESTIONS, shown_for
from opuss.guardians.models import (
    CorrectionHandling,
    GuardianRequest,
    GuardianResponse,
    new_nonce,
)
from opuss.licences.enums import LicenceState
from opuss.licences.models import Licence
from opuss.rules.errors import UnknownSeason
from opuss.rules.season import load_season
from opuss.seasons.models import Season

# Reminders: one every `guardian_reminder_days` (season file) after the last sending, at most
# this many; then the AS or its SR resends by hand, or records the paper form. Not in the
# circular: two reminders keep "100% de réponses" in sight without harassing a family.
MAX_REMINDERS = 2
# The links of a basket's licences are e-mailed by tasks of this many, each rendered and sent by
# the worker through one connection to the mail server.
LINKS_PER_TASK = 200
LINK_EMAIL = "guardians/email/request"


class GuardianError(Exception):
    """A refused step; the message is shown as it is."""


def clean_email(value: str | None) -> str | None:
    """The address lowercased, or None if it is empty or not an e-mail address."""
    address = (value or "").strip().lower()
    if not address:
        return None
    try:
        validate_email(address)
    except ValidationError:
        return None
    return address


def validation_enabled(season) -> bool:
    try:
        return load_season(season.label).licences.guardian_validation
    except UnknownSeason:
        return False


# --- sending links ---------------------------------------------------------------------------


def licence_created(licence, actor) -> GuardianRequest | None:
    """One licence's link (see `licences_created`)."""
    requests = licences_created([licence], actor)
    return requests[0] if requests else None


def licences_created(licences, actor) -> list[GuardianRequest]:
    """Called in the transaction that creates pupil licences, a basket's all at once: one
    request per licence whose guardian address is valid, written and audited in one INSERT
    each, the links e-mailed by tasks after the commit. Never raises for a missing or invalid
    address: the licence is taken anyway."""
    now = clock.now()
    requests = [
        GuardianRequest(
            licence=licence, email=address, created_at=now, created_by=actor, sent_at=now
        )
        for licence in licences
        if validation_enabled(licence.season)
        and (address := clean_email(licence.guardian_address)) is not None
    ]
    GuardianRequest.objects.bulk_create(requests)
    forget_associations(licence.association_id for licence in licences)  # bulk: no signal
    record_all(
        [
            audit_entry(
                actor=actor,
                action="lien envoyé au responsable légal",
                obj=request.licence,
                after={"e-mail": request.email},
            )
            for request in requests
        ]
    )
    queue_links(requests)
    return requests


def _request_for(licence, address: str, actor) -> GuardianRequest:
    request, _ = GuardianRequest.objects.get_or_create(
        licence=licence, email=address, defaults={"created_at": clock.now(), "created_by": actor}
    )
    return request


def request_send(request: GuardianRequest) -> None:
    """Sends the request's link (by a task, after commit) and starts its reminders afresh."""
    request.sent_at = clock.now()
    request.last_reminder_at = None
    request.reminders = 0
    request.save(update_fields=["sent_at", "last_reminder_at", "reminders"])
    queue_links([request])


def queue_links(requests) -> None:
    """The links are rendered and sent by tasks once the transaction has committed (nothing if
    it rolls back), never in the request: each task gets the ids of LINKS_PER_TASK requests."""
    from opuss.guardians.tasks import send_guardian_links

    ids = [request.pk for request in requests]

    def enqueue() -> None:
        for start in range(0, len(ids), LINKS_PER_TASK):
            send_guardian_links.enqueue(ids[start : start + LINKS_PER_TASK])

    if ids:
        transaction.on_commit(enqueue)


def send_links(request_ids: list[int]) -> int:
    """The links of these requests, rendered and sent at once (the task's work)."""
    requests = (
        GuardianRequest.objects.filter(pk__in=request_ids)
        .select_related("licence__pupil", "licence__season", "licence__association__establishment")
        .order_by("pk")
    )
    return send_batch(
        [
            (*render_email(LINK_EMAIL, _link_context(request, reminder=False)), request.email)
            for request in requests
        ]
    )


def _mail(request: GuardianRequest, *, reminder: bool) -> None:
    send_templated_email(LINK_EMAIL, _link_context(request, reminder=reminder), [request.email])


def _link_context(request: GuardianRequest, *, reminder: bool) -> dict:
    licence = request.licence
    days = link_days(request)
    return {
        "reminder": reminder,
        "link": link_url(request),
        # The signature is timestamped with the real time, whatever OPUSS_NOW says.
        "expires": timezone.localdate() + timedelta(days=days) if days else None,
        "pupil": licence.pupil,
        "association": licence.association,
        "establishment": licence.association.establishment,
        "season": licence.season,
    }


def request_resend(*, licence, actor, email: str | None = None) -> GuardianRequest:
    """ "Renvoyer": a fresh link to the pupil's guardian address, or to `email` (another guardian:
    each guardian can answer). A link sent before to the same address stops working."""
    if not perms.can_resend(actor, licence.association):
        raise GuardianError("Seuls l'AS et son service régional renvoient ce lien.")
    if not validation_enabled(licence.season):
        raise GuardianError(
            f"La saison {licence.season} ne prévoit pas de validation par le responsable légal."
        )
    if licence.state != LicenceState.ACTIVE:
        raise GuardianError("Cette licence n'est plus active : rien à renvoyer.")
    address = clean_email(email or licence.guardian_address)
    if address is None:
        raise GuardianError(
            f"« {email} » n'est pas une adresse e-mail valide."
            if email
            else "Aucune adresse e-mail de responsable légal n'est connue pour ce licencié : "
            "saisissez-en une ou enregistrez un formulaire papier."
        )
    with transaction.atomic():
        request = _request_for(licence, address, actor)
        answered = request.responses.first()
        if answered is not None:
            raise GuardianError(
                f"{address} a déjà répondu le {_when(answered.answered_at)} : rien à renvoyer."
            )
        if request.sent_at is not None:
            request.nonce = new_nonce()
            request.save(update_fields=["nonce"])
        request_send(request)
        record(
            actor=actor,
            action="lien renvoyé au responsable légal",
            obj=licence,
            after={"e-mail": address},
        )
    return request


def association_resend(*, association, season, actor) -> int:
    """Resends the link of every licence of the AS still without an answer whose pupil has a
    valid guardian address; returns how many were sent."""
    if not perms.can_resend(actor, association):
        raise GuardianError("Seuls l'AS et son service régional renvoient ces liens.")
    licences = (
        Licence.objects.filter(association=association, season=season, state=LicenceState.ACTIVE)
        .exclude(Exists(GuardianResponse.objects.filter(licence=OuterRef("pk"))))
        .exclude(guardian_email="", pupil__guardian_email="")
        .select_related("pupil", "season", "association__establishment")
    )
    sent = 0
    for licence in licences:
        try:
            request_resend(licence=licence, actor=actor)
        except GuardianError:
            continue
        sent += 1
    return sent


# --- reminders -------------------------------------------------------------------------------


def _pending():
    return GuardianRequest.objects.filter(
        sent_at__isnull=False, reminders__lt=MAX_REMINDERS, licence__state=LicenceState.ACTIVE
    ).exclude(Exists(GuardianResponse.objects.filter(licence=OuterRef("licence"))))


def reminders_due(now) -> list[GuardianRequest]:
    """Links without an answer for the licence, sent (or last reminded) at least the season's
    `guardian_reminder_days` ago, reminded fewer than MAX_REMINDERS times, in a season not
    over."""
    pending = _pending()
    today = timezone.localtime(now).date()
    due: list[GuardianRequest] = []
    for season in Season.objects.filter(pk__in=pending.values("licence__season")):
        try:
            rules = load_season(season.label)
        except UnknownSeason:
            continue
        delay = rules.licences.guardian_reminder_days
        if delay is None or today > rules.ends:
            continue
        due += (
            pending.filter(licence__season=season)
            .annotate(last_sent=Coalesce("last_reminder_at", "sent_at"))
            .filter(last_sent__lte=now - timedelta(days=delay))
            .select_related(
                "licence__pupil", "licence__season", "licence__association__establishment"
            )
            .order_by("pk")
        )
    return due


def send_reminders(now) -> int:
    """Sends the reminders due at `now`; returns how many. Safe to run twice at once: the
    conditional UPDATE lets only one run count a reminder."""
    sent = 0
    for request in reminders_due(now):
        with transaction.atomic():
            claimed = GuardianRequest.objects.filter(
                pk=request.pk, reminders=request.reminders
            ).update(reminders=F("reminders") + 1, last_reminder_at=now)
            if not claimed:
                continue
            request.reminders += 1
            request.last_reminder_at = now
            _mail(request, reminder=True)
        sent += 1
    return sent


# --- answers ---------------------------------------------------------------------------------


def _when(moment) -> str:
    return timezone.localtime(moment).strftime("%d/%m/%Y à %H:%M")


def already_answered(response: GuardianResponse) -> str:
    return (
        f"Une réponse a déjà été enregistrée avec ce lien le {_when(response.answered_at)}. "
        "Pour la modifier, adressez-vous à l'association sportive."
    )


def _answers(values: dict, *, offered: bool) -> dict:
    """The answer's fields, checked: the two notices read, a yes or no to each question."""
    if values.get("rgpd_read") is not True or values.get("insurance_read") is not True:
        raise GuardianError(
            "Pour répondre, cochez « lu et pris connaissance » pour la mention sur le RGPD et "
            "pour la mention sur les assurances et le règlementaire."
        )
    for key in ("data_correct", "image_rights"):
        if not isinstance(values.get(key), bool):
            raise GuardianError(f"Répondez à la question « {QUESTIONS[key]} »")
    note = (values.get("correction_note") or "").strip()
    if not values["data_correct"] and not note:
        raise GuardianError("Précisez ce qui est inexact dans les éléments de la licence.")
    ia_sport_plus = values.get("ia_sport_plus") if offered else None
    if offered and not isinstance(ia_sport_plus, bool):
        raise GuardianError("Indiquez si vous souscrivez l'option IA Sport+ ou si vous la refusez.")
    return {
        "guardian_name": (values.get("guardian_name") or "").strip()[:200],
        "data_correct": values["data_correct"],
        "correction_note": "" if values["data_correct"] else note,
        "image_rights": values["image_rights"],
        "rgpd_read": True,
        "insurance_read": True,
        "ia_sport_plus": ia_sport_plus,
    }


def _summary(response: GuardianResponse) -> dict:
    return {
        "canal": response.get_channel_display(),
        "éléments exacts": response.data_correct,
        "droit à l'image": response.image_rights,
        "IA Sport+": response.ia_sport_plus,
    }


def answer(*, request: GuardianRequest, values: dict) -> GuardianResponse:
    """The guardian's answer through his link; one per link."""
    licence = request.licence
    shown = shown_for(licence)
    fields = _answers(values, offered=shown["ia_sport_plus"] is not None)
    with transaction.atomic():
        GuardianRequest.objects.select_for_update().filter(pk=request.pk).first()
        previous = GuardianResponse.objects.filter(request=request).first()
        if previous is not None:
            raise GuardianError(already_answered(previous))
        try:
            with transaction.atomic():
                response = GuardianResponse.objects.create(
                    request=request,
                    licence=licence,
                    channel=Channel.EMAIL,
                    shown=shown,
                    answered_at=clock.now(),
                    **fields,
                )
        except IntegrityError:
            raise GuardianError(
                "Une réponse vient d'être enregistrée avec ce lien. Pour la modifier, "
                "adressez-vous à l'association sportive."
            ) from None
        record(
            actor=None, action="réponse du responsable légal", obj=licence, after=_summary(response)
        )
    return response


def record_paper(*, licence, actor, values: dict) -> GuardianResponse:
    """A paper form signed by a guardian, typed by the AS (which keeps the sheet ten years:
    "dans le cadre du formulaire d'adhésion papier, les documents doivent être conservés pendant
    10 ans")."""
    if not perms.can_record_paper(actor, licence.association):
        raise GuardianError("Seule l'AS du licencié saisit ses formulaires papier.")
    shown = shown_for(licence)
    fields = _answers(values, offered=shown["ia_sport_plus"] is not None)
    if not fields["guardian_name"]:
        raise GuardianError("Indiquez le nom du responsable légal qui a signé le formulaire.")
    signed_on = values.get("signed_on")
    if signed_on is None or signed_on > timezone.localtime(clock.now()).date():
        raise GuardianError("Indiquez la date du formulaire signé (pas une date à venir).")
    with transaction.atomic():
        response = GuardianResponse.objects.create(
            licence=licence,
            channel=Channel.PAPER,
            shown=shown,
            answered_at=clock.now(),
            signed_on=signed_on,
            recorded_by=actor,
            **fields,
        )
        record(actor=actor, action="formulaire papier saisi", obj=licence, after=_summary(response))
    return response


# --- correction requests ---------------------------------------------------------------------


def already_handled(handling: CorrectionHandling) -> str:
    return (
        f"Cette demande de correction a déjà été traitée le {_when(handling.handled_at)} "
        f"par {handling.handled_by}."
    )


def correction_handled(*, response: GuardianResponse, actor) -> CorrectionHandling:
    """« Marquer comme traitée »: the regional service says a guardian's correction request was
    dealt with. The answer itself stays exactly as it was given."""
    if not perms.can_handle_correction(actor, response.licence.association):
        raise GuardianError(
            "Seul le service régional du licencié traite ses demandes de correction."
        )
    if response.data_correct:
        raise GuardianError("Cette réponse ne demande aucune correction.")
    with transaction.atomic():
        GuardianResponse.objects.select_for_update().filter(pk=response.pk).first()
        previous = (
            CorrectionHandling.objects.filter(response=response)
            .select_related("handled_by")
            .first()
        )
        if previous is not None:
            raise GuardianError(already_handled(previous))
        handling = CorrectionHandling.objects.create(
            response=response, handled_at=clock.now(), handled_by=actor
        )
        record(
            actor=actor,
            action="demande de correction traitée",
            obj=response.licence,
            after={"réponse du responsable légal du": _when(response.answered_at)},
        )
    return handling


# --- reading ---------------------------------------------------------------------------------


def response_rate(licences) -> tuple[int, int]:
    """(licences with at least one guardian's answer, licences) of a queryset of licences."""
    answered = licences.filter(Exists(GuardianResponse.objects.filter(licence=OuterRef("pk"))))
    return answered.count(), licences.count()
