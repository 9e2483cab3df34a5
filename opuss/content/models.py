"""The federation's news (seed 000: "Derniers articles", "Mon actualité") and partners ("Mes
partenaires"). Each belongs to a level (national, SR, SD, CD, AS) and the territory of that
level; who publishes where is in perms.py, who reads what in `visible_to`."""

from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q

from opuss.content import perms
from opuss.content.enums import ARTICLE_LEVELS, PARTNER_LEVELS
from opuss.content.validators import validate_attachment, validate_logo
from opuss.core import clock
from opuss.core.scope import Level, scope_of
from opuss.territories.levels import LEVEL_SHORT, Territory, TerritoryLevel
from opuss.territories.territorial import (
    TerritorialModel,
    TerritorialQuerySet,
    level_field,
    territory_shape,
    within_condition,
)


def pupil_association_id(user) -> int | None:
    from opuss.licences.selectors import latest_licence_of

    licence = latest_licence_of(user)
    return licence.association_id if licence else None


def readable_condition(user) -> Q:
    """Every logged-in person reads national, SR, SD and CD content of any territory; AS content
    is read by that AS's pupils and members and by the services above it (SD, SR, DN)."""
    scope = scope_of(user)
    if scope.national:
        return Q()
    associations = set(scope.ids.get(Level.ASSOCIATION, ()))
    if Level.PUPIL in scope.ids and (own := pupil_association_id(user)) is not None:
        associations.add(own)
    readers = [
        *(Territory(TerritoryLevel.ACADEMY, pk) for pk in scope.ids.get(Level.ACADEMY, ())),
        *(Territory(TerritoryLevel.DEPARTMENT, pk) for pk in scope.ids.get(Level.DEPARTMENT, ())),
        *(Territory(TerritoryLevel.ASSOCIATION, pk) for pk in associations),
    ]
    as_level = Q(level=TerritoryLevel.ASSOCIATION)
    return ~as_level | (as_level & within_condition(readers))


class ContentQuerySet(TerritorialQuerySet):
    def published_condition(self) -> Q:
        return Q()

    def visible_to(self, user):
        """What `user` may read: published and readable by him, or his to manage (a writer
        previews what he publishes). Every reading page, fragment and download goes through
        it."""
        if not getattr(user, "is_authenticated", False) or not user.is_active:
            return self.none()
        return self.filter(
            (self.published_condition() & readable_condition(user)) | self._managed(user)
        )

    def managed_by(self, user):
        """What `user` may edit (same rule for articles and partners)."""
        return self.filter(self._managed(user))

    def _managed(self, user) -> Q:
        reach = perms.reach_of(user)
        return Q(pk__in=[]) if reach.is_empty else perms.managed_condition(reach)


class TerritorialContent(TerritorialModel):
    class Meta:
        abstract = True

    @property
    def level_short(self) -> str:
        """The seed's letter for the level: "SR", "SD", "CD", "AS", "N" for national."""
        return LEVEL_SHORT[TerritoryLevel(self.level)]


class ArticleQuerySet(ContentQuerySet):
    def published_condition(self) -> Q:
        # A publication date to come: the article waits for it.
        return Q(published_at__lte=clock.now())

    def published(self):
        return self.filter(self.published_condition())


class Article(TerritorialContent):
    allowed_levels = ARTICLE_LEVELS
    level = level_field(ARTICLE_LEVELS)
    title = models.CharField("titre", max_length=200)
    summary = models.CharField("chapeau", max_length=300, blank=True)
    body = models.TextField("texte")
    published_at = models.DateTimeField("publié le")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="auteur",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "article"
        ordering = ["-published_at", "-pk"]
        constraints = [territory_shape(ARTICLE_LEVELS, "article_territory_matches_level")]
        indexes = [models.Index(fields=["level", "-published_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_published(self) -> bool:
        return self.published_at <= clock.now()


class Attachment(models.Model):
    """A file joined to an article, served only by the `content:attachment` view."""

    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="attachments", verbose_name="article"
    )
    file = models.FileField(
        "fichier", upload_to="articles/%Y/", max_length=255, validators=[validate_attachment]
    )
    label = models.CharField("libellé", max_length=200, blank=True)

    class Meta:
        verbose_name = "fichier joint"
        verbose_name_plural = "fichiers joints"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.label or self.filename

    @property
    def filename(self) -> str:
        return PurePath(self.file.name).name


class Partner(TerritorialContent):
    allowed_levels = PARTNER_LEVELS
    level = level_field(PARTNER_LEVELS)
    name = models.CharField("nom", max_length=200)
    description = models.TextField("présentation", blank=True)
    website = models.URLField("site internet", blank=True)
    logo = models.ImageField(
        "logo", upload_to="partenaires/", max_length=255, blank=True, validators=[validate_logo]
    )

    objects = ContentQuerySet.as_manager()

    class Meta:
        verbose_name = "partenaire"
        ordering = ["name", "pk"]
        constraints = [territory_shape(PARTNER_LEVELS, "partner_territory_matches_level")]

    def __str__(self) -> str:
        return self.name
