"""The one audit log: every change made by staff to a licence, an AS or bank details is an entry
(who, when, what, before/after). Entries are evidence: never edited, never deleted.
And the exports built in the background (ExportJob), kept a few days."""

import secrets

from django.conf import settings
from django.db import models
from django.http import QueryDict
from django.utils import timezone


class AuditEntry(models.Model):
    at = models.DateTimeField("le", default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="auteur",
    )
    action = models.CharField("action", max_length=60)
    object_type = models.CharField("type d'objet", max_length=60)
    object_id = models.CharField("identifiant", max_length=40)
    object_repr = models.CharField("objet", max_length=200)
    before = models.JSONField("avant", default=dict, blank=True)
    after = models.JSONField("après", default=dict, blank=True)

    class Meta:
        verbose_name = "entrée du journal"
        verbose_name_plural = "journal des modifications"
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%d/%m/%Y %H:%M} {self.action} {self.object_repr}"


def export_file_path(job: "ExportJob", filename: str) -> str:
    """A private path in the default storage (MEDIA is never served: only `core:export_download`
    hands the file out, to its requester), named by a random token, never by its content."""
    return f"exports/{job.user_id}/{secrets.token_urlsafe(16)}.{job.format}"


class ExportJob(models.Model):
    """An export too big for one request (a long XLSX, a large certified list): asked for on a
    list, built by a task as its requester (his scope at the time), kept a few days in « Mes
    exports » (opuss.core.export_jobs)."""

    class State(models.TextChoices):
        QUEUED = "QUEUED", "En attente"
        RUNNING = "RUNNING", "En préparation"
        DONE = "DONE", "Prêt"
        FAILED = "FAILED", "Échec"

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="export_jobs",
        verbose_name="demandé par",
    )
    path = models.CharField("adresse de la liste", max_length=500)
    query = models.TextField("recherche, filtres et tri", blank=True)
    format = models.CharField("format", max_length=4, choices=Format.choices)
    filename = models.CharField("nom du fichier", max_length=200)
    state = models.CharField("état", max_length=8, choices=State.choices, default=State.QUEUED)
    rows_done = models.PositiveIntegerField("lignes écrites", default=0)
    rows_total = models.PositiveIntegerField("lignes en tout", default=0)
    file = models.FileField("fichier", upload_to=export_file_path, blank=True, max_length=200)
    content_type = models.CharField("type du fichier", max_length=100, blank=True)
    created_at = models.DateTimeField("demandé le", default=timezone.now)
    finished_at = models.DateTimeField("terminé le", null=True, blank=True)
    expires_at = models.DateTimeField("disponible jusqu'au", db_index=True)

    class Meta:
        verbose_name = "export"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]

    def __str__(self) -> str:
        return self.filename

    @property
    def pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)

    @property
    def list_url(self) -> str:
        """The page it was asked from, with its search, filters and sort."""
        query = QueryDict(self.query, mutable=True)
        query.pop("export", None)
        return f"{self.path}?{query.urlencode()}" if query else self.path


class PeriodicRun(models.Model):
    """The last slot for which `opuss periodic` enqueued a periodic job (opuss.core.periodic):
    a job is enqueued once per slot, however often the command runs."""

    job = models.CharField("tâche périodique", max_length=60, unique=True)
    slot = models.DateTimeField("dernier créneau mis en file", null=True, blank=True)
    enqueued_at = models.DateTimeField("mise en file le", null=True, blank=True)
    result_id = models.CharField("identifiant de la tâche", max_length=64, blank=True)

    class Meta:
        verbose_name = "tâche périodique"
        verbose_name_plural = "tâches périodiques"
        ordering = ["job"]

    def __str__(self) -> str:
        return self.job
