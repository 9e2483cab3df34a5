"""One run of `opuss retention`: what it erased, by category. The audit entries of its batches
hang on it."""

from django.db import models


class RetentionRun(models.Model):
    started_at = models.DateTimeField("lancée le")
    counts = models.JSONField("traités, par catégorie", default=dict)

    class Meta:
        verbose_name = "passage de la conservation"
        verbose_name_plural = "passages de la conservation"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Conservation du {self.started_at:%d/%m/%Y %H:%M}"
