"""What forgets the kept blocks of the pupils' pages (opuss.core.caching): any article or file
changed, any territory changed."""

from django.db.models.signals import post_delete, post_save

from opuss.content.models import Article, Attachment
from opuss.core.caching import forget
from opuss.territories.models import Academy, Department, District


def _content_changed(**kwargs) -> None:
    forget("content")


def _territories_changed(**kwargs) -> None:
    forget("territories")


def connect() -> None:
    for signal in (post_save, post_delete):
        for model in (Article, Attachment):
            signal.connect(_content_changed, sender=model, dispatch_uid=f"content-{model}")
        for model in (Academy, Department, District):
            signal.connect(_territories_changed, sender=model, dispatch_uid=f"territory-{model}")
