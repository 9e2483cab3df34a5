import datetime as dt

import factory
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from opuss.content.demo import tiny_pdf, tiny_png
from opuss.content.enums import LEVEL_OF_LETTER
from opuss.content.models import Article, Attachment, Partner
from opuss.territories.levels import LEVEL_FIELD, TerritoryLevel
from tests.factories import UserFactory

PUBLISHED = dt.datetime(2025, 9, 15, 10, 0, tzinfo=dt.UTC)


class ArticleFactory(factory.django.DjangoModelFactory):
    """A national article unless a level and its territory are given."""

    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Article {n}")
    body = "Premier paragraphe.\n\nSecond paragraphe."
    level = TerritoryLevel.NATIONAL
    published_at = PUBLISHED
    author = factory.SubFactory(UserFactory)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    description = "Un partenaire de l'UNSS."
    level = TerritoryLevel.NATIONAL


def _placed(letter: str, territory) -> dict:
    """The level of a seed letter ("SR", "SD", "CD", "AS") and its territory; the containing
    territories are filled on save."""
    level = LEVEL_OF_LETTER[letter]
    return {"level": level} | ({LEVEL_FIELD[level]: territory} if territory is not None else {})


def article_for(letter: str, territory=None, **fields) -> Article:
    return ArticleFactory(**_placed(letter, territory), **fields)


def partner_for(letter: str, territory=None, **fields) -> Partner:
    return PartnerFactory(**_placed(letter, territory), **fields)


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
