"""The guardian's validation of a licence (circular 2025-2026, III.8): "Un email sera envoyé
automatiquement au responsable légal ... Le responsable légal devra valider les éléments de la
licence, ainsi que : Droit à l'image ..., Condition d'utilisation des données (RGPD) ...,
Assurance et règlement".

A request is one address the link was sent to; a response is one guardian's answer, by that link
or on a paper form the AS recorded. Responses are evidence kept ten years ("Ce consentement doit
être conservé et archivé pendant 10 ans"): nothing here is ever deleted."""

import secrets
from datetime import datetime

from django.conf import settings
from django.db import models

from opuss.core.scope import Level, ScopedQuerySet
from opuss.guardians.enums import Channel
from opuss.licences.models import EvidenceDeletion

# Circular 2025-2026, insurance part: "Ce consentement doit être conservé et archivé pendant
# 10 ans"; "dans le cadre du formulaire d'adhésion papier, les documents doivent être conservés
# pendant 10 ans".
RETENTION_YEARS = 10


class EvidenceChange(Exception):
    """A guardian's answer is kept as it was given."""


def new_nonce() -> str:
    return secrets.token_hex(16)


def years_after(moment: datetime, years: int) -> datetime:
    """The same day and time `years` later; 29 February becomes 28 February."""
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:
        return moment.replace(year=moment.year + years, day=28)


SCOPE_THROUGH_LICENCE = {
    Level.ASSOCIATION: "licence__association",
    Level.DEPARTMENT: "licence__association__department",
    Level.ACADEMY: "licence__association__department__academy",
}


class GuardianRequestQuerySet(ScopedQuerySet):
    scope_paths = SCOPE_THROUGH_LICENCE

    def delete(self):
        raise EvidenceDeletion("Une demande envoyée à un responsable légal ne se supprime pas.")


class GuardianRequest(models.Model):
    """A link sent to one guardian address for one licence. The signed link carries the request
    and its nonce: a new nonce ("Renvoyer") makes the older links of this address invalid."""

    licence = models.ForeignKey(
        "licences.Licence",
        on_delete=models.PROTECT,
        related_name="guardian_requests",
        verbose_name="licence",
    )
    email = models.EmailField("e-mail du responsable légal")
    nonce = models.CharField("jeton", max_length=64, unique=True, default=new_nonce)
    created_at = models.DateTimeField("créée le")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="créée par",
    )
    sent_at = models.DateTimeField("envoyée le", null=True, blank=True)
    last_reminder_at = models.DateTimeField("dernière relance le", null=True, blank=True)
    reminders = models.PositiveSmallIntegerField("relances", default=0)

    objects = GuardianRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande au responsable légal"
        verbose_name_plural = "demandes aux responsables légaux"
        ordering = ["-created_at", "-pk"]
        constraints = [
            # One request per licence and address: "Renvoyer" sends the same request again with
            # a fresh link; another guardian gets his own request. Addresses are stored lowercased.
            models.UniqueConstraint(
                fields=["licence", "email"], name="guardian_request_one_per_licence_and_email"
            ),
        ]

    def __str__(self) -> str:
        return f"Demande {self.email} – licence {self.licence.number}"

    def delete(self, *args, **kwargs):
        raise EvidenceDeletion("Une demande envoyée à un responsable légal ne se supprime pas.")

    @property
    def last_sent_at(self) -> datetime | None:
        return self.last_reminder_at or self.sent_at


class GuardianResponseQuerySet(ScopedQuerySet):
    scope_paths = SCOPE_THROUGH_LICENCE

    def delete(self):
        raise EvidenceDeletion(
            "La réponse d'un responsable légal se conserve 10 ans : elle ne se supprime pas."
        )

    def update(self, **kwargs):
        raise EvidenceChange("La réponse d'un responsable légal ne se modifie pas.")


class GuardianResponse(models.Model):
    """One guardian's answer, with exactly what he was shown. Never changed, never deleted."""

    request = models.ForeignKey(
        GuardianRequest,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name="demande",
    )
    licence = models.ForeignKey(
        "licences.Licence",
        on_delete=models.PROTECT,
        related_name="guardian_responses",
        verbose_name="licence",
    )
    channel = models.CharField("canal", max_length=10, choices=Channel.choices)
    guardian_name = models.CharField("nom du responsable légal", max_length=200, blank=True)
    data_correct = models.BooleanField("éléments de la licence exacts")
    correction_note = models.TextField("correction demandée", blank=True)
    image_rights = models.BooleanField("droit à l'image accordé")
    rgpd_read = models.BooleanField("mention RGPD lue")
    insurance_read = models.BooleanField("mention assurances et règlement lue")
    # None: not offered (IA Sport+ is "possible que pour les licenciés qui sont déjà couverts
    # par un contrat MAIF"); True: subscribes; False: "Je refuse cette police d'assurance".
    ia_sport_plus = models.BooleanField("IA Sport+ souscrite", null=True, blank=True)
    shown = models.JSONField("ce qui a été présenté")
    answered_at = models.DateTimeField("répondu le")
    signed_on = models.DateField("date du formulaire papier", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="saisi par",
    )
    keep_until = models.DateTimeField("à conserver jusqu'au")

    objects = GuardianResponseQuerySet.as_manager()

    class Meta:
        verbose_name = "réponse du responsable légal"
        verbose_name_plural = "réponses des responsables légaux"
        ordering = ["-answered_at", "-pk"]
        indexes = [
            # The corrections asked, a few in a hundred answers: the services' home counts
            # those still to handle without reading every answer (issue #14).
            models.Index(
                fields=["licence"],
                condition=models.Q(data_correct=False),
                name="guardian_response_correction",
            ),
        ]
        constraints = [
            # One answer per link: "answered twice" is refused; another guardian answers with
            # his own link (his own request).
            models.UniqueConstraint(
                fields=["request"],
                condition=models.Q(request__isnull=False),
                name="guardian_response_one_per_request",
            ),
            # "Condition d'utilisation des données (RGPD) (lu et pris connaissance), Assurance
            # et règlement (lu et pris connaissance)": an answer without them is no answer.
            models.CheckConstraint(
                condition=models.Q(rgpd_read=True, insurance_read=True),
                name="guardian_response_notices_read",
            ),
            # An e-mail answer comes through its link; a paper form is typed by someone of the AS.
            models.CheckConstraint(
                condition=(
                    models.Q(channel=Channel.EMAIL, request__isnull=False)
                    | models.Q(channel=Channel.PAPER, recorded_by__isnull=False)
                ),
                name="guardian_response_channel_consistent",
            ),
            # Kept at least as long as it exists; save() sets it to ten years after the answer.
            models.CheckConstraint(
                condition=models.Q(keep_until__gt=models.F("answered_at")),
                name="guardian_response_kept_after_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"Réponse du {self.answered_at:%d/%m/%Y} – licence {self.licence.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise EvidenceChange("La réponse d'un responsable légal ne se modifie pas.")
        self.keep_until = years_after(self.answered_at, RETENTION_YEARS)
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EvidenceDeletion(
            "La réponse d'un responsable légal se conserve 10 ans : elle ne se supprime pas."
        )


class CorrectionHandlingQuerySet(models.QuerySet):
    def delete(self):
        raise EvidenceDeletion("Le traitement d'une demande de correction ne se supprime pas.")

    def update(self, **kwargs):
        raise EvidenceChange("Le traitement d'une demande de correction ne se modifie pas.")


class CorrectionHandling(models.Model):
    """The services' mark that a guardian's correction request was dealt with (« Marquer comme
    traitée »): who and when. Kept beside the answer, which stays exactly as it was given;
    never changed, never deleted."""

    response = models.OneToOneField(
        GuardianResponse,
        on_delete=models.PROTECT,
        related_name="handling",
        verbose_name="réponse du responsable légal",
    )
    handled_at = models.DateTimeField("traitée le")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="traitée par",
    )

    objects = CorrectionHandlingQuerySet.as_manager()

    class Meta:
        verbose_name = "traitement d'une demande de correction"
        verbose_name_plural = "traitements des demandes de correction"
        ordering = ["-handled_at", "-pk"]

    def __str__(self) -> str:
        return f"Correction traitée le {self.handled_at:%d/%m/%Y} – {self.response}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise EvidenceChange("Le traitement d'une demande de correction ne se modifie pas.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise EvidenceDeletion("Le traitement d'une demande de correction ne se supprime pas.")
