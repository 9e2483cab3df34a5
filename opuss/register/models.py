"""The AS's register (seed 000, "REGISTRE DE MON AS : liste des événements saisis par les
enseignants EPS de son AS (Compétitions, entraînements, animations, tournois, réunions...)").

A diary the AS keeps for its licenciés, not evidence: its authors change and delete their events
(changes are audited all the same)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from opuss.core.scope import Level, ScopedQuerySet
from opuss.register.enums import EventKind


class RegisterEventQuerySet(ScopedQuerySet):
    # The pupil reads his AS's register through his latest licence (register.views), not
    # through a scope of his own.
    scope_paths = {
        Level.ASSOCIATION: "association",
        Level.DEPARTMENT: "association__department",
        Level.ACADEMY: "association__department__academy",
    }


class RegisterEvent(models.Model):
    association = models.ForeignKey(
        "associations.SportsAssociation",
        on_delete=models.PROTECT,
        related_name="register_events",
        verbose_name="AS",
    )
    kind = models.CharField("type", max_length=12, choices=EventKind.choices)
    title = models.CharField("intitulé", max_length=150)
    date = models.DateField("date")
    end_date = models.DateField(
        "jusqu'au", null=True, blank=True, help_text="Pour un événement sur plusieurs jours."
    )
    start_time = models.TimeField("heure de début", null=True, blank=True)
    end_time = models.TimeField("heure de fin", null=True, blank=True)
    place = models.CharField("lieu", max_length=200, blank=True)
    activity = models.ForeignKey(
        "sport.Activity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="activité",
    )
    description = models.TextField("description", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="saisi par",
    )
    created_at = models.DateTimeField("saisi le", default=timezone.now)
    updated_at = models.DateTimeField("modifié le", auto_now=True)

    objects = RegisterEventQuerySet.as_manager()

    class Meta:
        verbose_name = "événement du registre"
        verbose_name_plural = "événements du registre"
        ordering = ["-date", "-start_time", "-pk"]
        indexes = [models.Index(fields=["association", "date"], name="register_event_as_date")]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("date")),
                name="register_event_ends_after_start",
            ),
            models.CheckConstraint(
                condition=Q(end_time__isnull=True) | Q(start_time__isnull=False),
                name="register_event_end_time_needs_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.date:%d/%m/%Y})"

    @property
    def when_text(self) -> str:
        """ "12/11/2025, 13h30–16h00" or "du 12/11/2025 au 14/11/2025"."""
        if self.end_date and self.end_date != self.date:
            text = f"du {self.date:%d/%m/%Y} au {self.end_date:%d/%m/%Y}"
        else:
            text = f"{self.date:%d/%m/%Y}"
        if self.start_time:
            text += f", {self.start_time:%H}h{self.start_time:%M}"
            if self.end_time:
                text += f"–{self.end_time:%H}h{self.end_time:%M}"
        return text

    @property
    def hours_text(self) -> str:
        if not self.start_time:
            return ""
        text = f"{self.start_time:%H}h{self.start_time:%M}"
        if self.end_time:
            text += f"–{self.end_time:%H}h{self.end_time:%M}"
        return text
