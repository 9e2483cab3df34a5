"""The federation's news (seed 000: "Derniers articles", "Mon actualité") and partners ("Mes
partenaires"). Each belongs to a level (national, SR, SD, CD, AS) and the territory of that
level; who publishes where is in perms.py, who reads what in `visible_to`."""

from functools import reduce
from operator import or_
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.db.models import Q

from opuss.content import perms
from opuss.content.enums import (
    ARTICLE_LEVELS,
    PARTNER_LEVELS,
    TERRITORY_FIELD,
    TERRITORY_FIELDS,
    ContentLevel,
)
from opuss.content.validators import validate_attachment, validate_logo
from opuss.core import clock
from opuss.core.scope import Level, scope_of


def territory_matches_level(levels, name: str) -> models.CheckConstraint:
    """Exactly the territory of the level is set: an académie for SR, a department for SD, a
    district for CD, an AS for AS, none for national."""

    def matches(level):
        field = TERRITORY_FIELD[level]
        return Q(level=level, **{f"{f}__isnull": f != field for f in TERRITORY_FIELDS})

    return models.CheckConstraint(
        condition=reduce(or_, (matches(level) for level in levels)),
        name=name,
        violation_error_message="Le territoire ne correspond pas au niveau choisi.",
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
    readers = perms.Reach(
        academies=scope.ids.get(Level.ACADEMY, frozenset()),
        departments=scope.ids.get(Level.DEPARTMENT, frozenset()),
        associations=frozenset(associations),
    )
    return ~Q(level=ContentLevel.AS) | perms.level_condition(readers, ContentLevel.AS)


class TerritorialQuerySet(models.QuerySet):
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


class TerritorialContent(models.Model):
    level = models.CharField("niveau", max_length=8, choices=ContentLevel.choices)
    academy = models.ForeignKey(
        "territories.Academy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="académie",
    )
    department = models.ForeignKey(
        "territories.Department",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="département",
    )
    district = models.ForeignKey(
        "territories.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="district",
    )
    association = models.ForeignKey(
        "associations.SportsAssociation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="AS",
    )

    class Meta:
        abstract = True

    @property
    def territory(self):
        field = TERRITORY_FIELD[self.level]
        return getattr(self, field) if field else None

    @property
    def territory_label(self) -> str:
        territory = self.territory
        return "National" if territory is None else str(territory)


class ArticleQuerySet(TerritorialQuerySet):
    def published_condition(self) -> Q:
        # A publication date to come: the article waits for it.
        return Q(published_at__lte=clock.now())

    def published(self):
        return self.filter(self.published_condition())


class Article(TerritorialContent):
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
        constraints = [territory_matches_level(ARTICLE_LEVELS, "article_territory_matches_level")]
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
    name = models.CharField("nom", max_length=200)
    description = models.TextField("présentation", blank=True)
    website = models.URLField("site internet", blank=True)
    logo = models.ImageField(
        "logo", upload_to="partenaires/", max_length=255, blank=True, validators=[validate_logo]
    )

    objects = TerritorialQuerySet.as_manager()

    class Meta:
        verbose_name = "partenaire"
        ordering = ["name", "pk"]
        constraints = [territory_matches_level(PARTNER_LEVELS, "partner_territory_matches_level")]

    def __str__(self) -> str:
        return self.name
