"""Pupils (licenciés) and their licences, one per season and AS. A licence is evidence: it is
never deleted (memento 2011-2012: "Une licence saisie ne peut pas être supprimée")."""

from django.conf import settings
from django.db import models

from opuss.core.scope import Level, ScopedQuerySet
from opuss.licences.enums import Insurance, LicenceState, Sex


class PupilQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.PUPIL: "pk",
        Level.ASSOCIATION: "licences__association",
        Level.DEPARTMENT: "licences__association__department",
        Level.ACADEMY: "licences__association__department__academy",
    }
    scope_through_many = True


class Pupil(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pupil",
        verbose_name="compte",
    )
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("date de naissance")
    ine = models.CharField(
        "INE",
        max_length=11,
        null=True,
        blank=True,
        unique=True,
        help_text="Identifiant national élève, facultatif.",
    )
    email = models.EmailField("e-mail de l'élève", blank=True)
    phone = models.CharField("téléphone de l'élève", max_length=20, blank=True)
    guardian_email = models.EmailField("e-mail du responsable légal", blank=True)
    guardian1_phone = models.CharField("téléphone du parent 1", max_length=20, blank=True)
    guardian2_phone = models.CharField("téléphone du parent 2", max_length=20, blank=True)
    jo_number = models.CharField("n° Jeune Officiel", max_length=10, blank=True)
    handicap = models.BooleanField("handicap", default=False)

    objects = PupilQuerySet.as_manager()

    class Meta:
        verbose_name = "licencié"
        ordering = ["last_name", "first_name"]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


class LicenceQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.PUPIL: "pupil",
        Level.ASSOCIATION: "association",
        Level.DEPARTMENT: "association__department",
        Level.ACADEMY: "association__department__academy",
    }


class Licence(models.Model):
    number = models.CharField("n° de licence", max_length=9)
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="licences", verbose_name="licencié"
    )
    association = models.ForeignKey(
        "associations.SportsAssociation",
        on_delete=models.PROTECT,
        related_name="licences",
        verbose_name="AS",
    )
    season = models.ForeignKey(
        "seasons.Season", on_delete=models.PROTECT, related_name="licences", verbose_name="saison"
    )
    category = models.CharField("catégorie", max_length=20)
    class_level = models.CharField("classe", max_length=60, blank=True)
    insurance = models.CharField(
        "assurance", max_length=20, choices=Insurance.choices, default=Insurance.MAIF_COLLECTIVE
    )
    state = models.CharField(
        "état", max_length=10, choices=LicenceState.choices, default=LicenceState.ACTIVE
    )
    created_at = models.DateTimeField("prise le")

    objects = LicenceQuerySet.as_manager()

    class Meta:
        verbose_name = "licence"
        ordering = ["-season__start_year", "number"]
        constraints = [
            # The number is the AS code and a four-digit sequence (seed: 242140172 is AS 24214,
            # licence 0172): it identifies one licence of the season.
            models.UniqueConstraint(
                fields=["season", "number"], name="licence_number_unique_in_season"
            ),
            # One licence per pupil, AS and season.
            models.UniqueConstraint(
                fields=["season", "association", "pupil"], name="licence_one_per_pupil_as_season"
            ),
            models.CheckConstraint(
                condition=models.Q(number__regex=r"^[0-9]{9}$"), name="licence_number_nine_digits"
            ),
        ]

    def __str__(self) -> str:
        return f"Licence {self.number} ({self.season})"
