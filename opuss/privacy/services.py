"""Writes of the privacy app: a download of a pupil's data is recorded in the audit log (who
took it, by which way, in which format), so that the pupil and the federation can see it."""

from opuss.core.audit import record

DOWNLOADED = "données personnelles téléchargées"


def download_recorded(*, pupil, actor, by: str, fmt: str) -> None:
    record(actor=actor, action=DOWNLOADED, obj=pupil, after={"par": by, "format": fmt})
