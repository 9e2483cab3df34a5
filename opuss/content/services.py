"""Writes on articles and partners: checked against the writer's reach, in one transaction,
audited with their author."""

from django.db import transaction

from opuss.content import perms
from opuss.content.forms import label_from
from opuss.content.models import Article, Attachment, Partner
from opuss.core.audit import record, snapshot

ARTICLE_FIELDS = [
    "title",
    "summary",
    "level",
    "academy",
    "department",
    "district",
    "association",
    "published_at",
    "body",
]
PARTNER_FIELDS = [
    "name",
    "description",
    "website",
    "logo",
    "level",
    "academy",
    "department",
    "association",
]


class ContentError(Exception):
    """A refused write; the message is shown as it is."""


def _check_reach(actor, obj) -> None:
    if not perms.may_publish(perms.reach_of(actor), obj.level, obj.territory_object):
        raise ContentError("Vous ne pouvez pas publier à ce niveau pour ce territoire.")


@transaction.atomic
def article_save(*, article: Article, actor, files=(), removed=()) -> Article:
    """Creates or updates `article` (filled by the form), adds `files`, removes `removed`."""
    _check_reach(actor, article)
    creating = article.pk is None
    before = None if creating else snapshot(Article.objects.get(pk=article.pk), ARTICLE_FIELDS)
    if creating:
        article.author = actor
    article.save()
    record(
        actor=actor,
        action="article créé" if creating else "article modifié",
        obj=article,
        before=before,
        after=snapshot(article, ARTICLE_FIELDS),
    )
    for attachment in removed:
        if attachment.article_id != article.pk:
            raise ContentError("Ce fichier joint n'appartient pas à cet article.")
        record(
            actor=actor,
            action="fichier joint retiré",
            obj=article,
            before={"fichier": attachment.filename},
        )
        storage, name = attachment.file.storage, attachment.file.name
        attachment.delete()
        transaction.on_commit(lambda storage=storage, name=name: storage.delete(name))
    for file in files:
        attachment = Attachment.objects.create(article=article, file=file, label=label_from(file))
        record(
            actor=actor,
            action="fichier joint ajouté",
            obj=article,
            after={"fichier": attachment.filename},
        )
    return article


@transaction.atomic
def partner_save(*, partner: Partner, actor) -> Partner:
    _check_reach(actor, partner)
    creating = partner.pk is None
    before = None if creating else snapshot(Partner.objects.get(pk=partner.pk), PARTNER_FIELDS)
    partner.save()
    record(
        actor=actor,
        action="partenaire créé" if creating else "partenaire modifié",
        obj=partner,
        before=before,
        after=snapshot(partner, PARTNER_FIELDS),
    )
    return partner
