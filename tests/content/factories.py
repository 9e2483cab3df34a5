import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from opuss.content.demo import tiny_pdf, tiny_png
from opuss.content.enums import ContentLevel
from opuss.content.models import Article, Attachment, Partner
from tests.factories import UserFactory

PUBLISHED = dt.datetime(2025, 9, 15, 10, 0, tzinfo=dt.UTC)


class ArticleFactory(factory.django.DjangoModelFactory):
    """A national article unless a level and its territory are given."""

    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    body = "Premier paragraphe.\n\nSecond paragraphe."
    level = ContentLevel.NATIONAL
    published_at = PUBLISHED
    author = factory.SubFactory(UserFactory)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    description = "Un partenaire de l'UNSS."
    level = ContentLevel.NATIONAL


def article_for(level: str, territory=None, **fields) -> Article:
    field = {"SR": "academy", "SD": "department", "CD": "district", "AS": "association"}
    extra = {field[level]: territory} if territory is not None else {}
    return ArticleFactory(level=level, **extra, **fields)


def partner_for(level: str, territory=None, **fields) -> Partner:
    field = {"SR": "academy", "SD": "department", "AS": "association"}
    extra = {field[level]: territory} if territory is not None else {}
    return PartnerFactory(level=level, **extra, **fields)


def attach(article: Article, label: str = "Règlement") -> Attachment:
    attachment = Attachment(article=article, label=label)
    attachment.file.save("reglement.pdf", ContentFile(tiny_pdf(label)), save=False)
    attachment.save()
    return attachment


def stored(name: str, content: bytes) -> str:
    """A file at a fixed name of the default storage (written once), for rows that only need
    one to exist."""
    if not default_storage.exists(name):
        default_storage.save(name, ContentFile(content))
    return name


def logo_png() -> bytes:
    return tiny_png((200, 30, 30))
