"""Pupils (licenciés) and their licences, one per season and AS. A licence is evidence: it is
never deleted (memento 2011-2012: "Une licence saisie ne peut pas être supprimée")."""

from django.conf import settings
from django.db import models

from opuss.core.scope import Level, ScopedQuerySet
from opuss.licences.enums import (
    AdultKind,
    BasketState,
    Insurance,
    LicenceState,
    LineSource,
    RenewalState,
    Sex,
)
from opuss.rules.text import PERSON_KEY_LENGTH, person_key


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
    # The names and birth date as `opuss.rules.text.same_person` compares them, kept by save()
    # (and by the bulk paths, `set_person_key`): probable duplicates are found through its index,
    # never by reading every pupil (issue #14).
    person_key = models.CharField(
        "clé de recherche des doublons", max_length=PERSON_KEY_LENGTH, blank=True,
        editable=False,
    )

    objects = PupilQuerySet.as_manager()

    class Meta:
        verbose_name = "licencié"
        ordering = ["last_name", "first_name"]
        indexes = [
            # Equality only (no LIKE): a probable duplicate, and « one guardian e-mail shared by
            # more than five pupils », are looked up through these.
            models.Index(fields=["person_key"], name="pupil_person_key"),
            models.Index(fields=["guardian_email"], name="pupil_guardian_email"),
            # No index on the names for sorting: PostgreSQL would walk it to sort an AS's few
            # licensees, reading thousands of other pupils (issue #14, bench/RESULTS.md). Names
            # are searched through the trigram indexes of migration 0011 (PostgreSQL only).
        ]
        constraints = [
            # A JO number names one Jeune Officiel (opuss.jo.numbering never gives one twice;
            # this also refuses one typed twice by hand).
            models.UniqueConstraint(
                fields=["jo_number"], condition=~models.Q(jo_number=""),
                name="pupil_jo_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"

    def save(self, *args, **kwargs):
        self.set_person_key()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) & set(PERSON_KEY_FIELDS):
            kwargs["update_fields"] = {*update_fields, "person_key"}
        super().save(*args, **kwargs)

    def set_person_key(self) -> None:
        born = self._meta.get_field("birth_date").to_python(self.birth_date)
        self.person_key = person_key(self.last_name, self.first_name, born)


PERSON_KEY_FIELDS = ("last_name", "first_name", "birth_date")
UNIT_SALE = "Licence à l'unité (CNED)"


class EvidenceDeletion(Exception):
    """Licences are evidence: "Une licence saisie ne peut pas être supprimée"."""


class LicenceQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.PUPIL: "pupil",
        Level.ASSOCIATION: "association",
        Level.DEPARTMENT: "association__department",
        Level.ACADEMY: "association__department__academy",
    }

    def delete(self):
        raise EvidenceDeletion("Une licence ne se supprime pas : elle peut être corrigée.")


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
        "état", max_length=12, choices=LicenceState.choices, default=LicenceState.ACTIVE
    )
    sport_partage = models.BooleanField("sport partagé", default=False)
    # The contacts the AS typed for this season's licence: the guardian's link goes there. They
    # never rewrite the pupil's own addresses, where his password links go (issue #11).
    email = models.EmailField("e-mail de l'élève saisi par l'AS", blank=True)
    guardian_email = models.EmailField("e-mail du responsable légal saisi par l'AS", blank=True)
    guardian1_phone = models.CharField("téléphone du parent 1", max_length=20, blank=True)
    guardian2_phone = models.CharField("téléphone du parent 2", max_length=20, blank=True)
    created_at = models.DateTimeField("prise le")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="prise par",
    )
    basket = models.ForeignKey(
        "licences.Basket", on_delete=models.PROTECT, null=True, blank=True,
        related_name="licences", verbose_name="panier",
    )
    # Sold alone by the regional service to a pupil of télé-enseignement (circular 2025-2026:
    # « Achat à l'unité (uniquement pour les élèves relevant du CNED) »): the AS pays its price.
    unit_sale = models.BooleanField("licence à l'unité (CNED)", default=False)

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
        indexes = [
            # The sortable columns of the lists of a season's licences (issue #14): the number
            # has the unique constraint's (season, number).
            models.Index(fields=["season", "created_at", "id"], name="licence_season_created"),
            models.Index(fields=["season", "category", "id"], name="licence_season_category"),
            models.Index(fields=["season", "state", "id"], name="licence_season_state"),
            models.Index(fields=["association", "season"], name="licence_association_season"),
        ]

    def __str__(self) -> str:
        return f"Licence {self.number} ({self.season})"

    @property
    def guardian_address(self) -> str:
        """Where this licence's guardian link goes: the address typed with the licence, else the
        one the pupil's record holds (licences taken before they carried their own)."""
        return self.guardian_email or self.pupil.guardian_email

    def delete(self, *args, **kwargs):
        raise EvidenceDeletion("Une licence ne se supprime pas : elle peut être corrigée.")


class LicenceSequence(models.Model):
    """The last four-digit sequence given in an AS. Numbers are never reused: a pupil who renews
    in the same AS keeps his number, a new one takes the next. The row is locked by the UPDATE
    that advances it, so two baskets validated at once get distinct numbers."""

    association = models.OneToOneField(
        "associations.SportsAssociation", on_delete=models.PROTECT, primary_key=True,
        related_name="licence_sequence",
    )
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "séquence de numéros de licence"
        constraints = [
            # "AS code + a 4-digit sequence": 9999 numbers per AS.
            models.CheckConstraint(condition=models.Q(last__lte=9999), name="sequence_four_digits")
        ]

    def __str__(self) -> str:
        return f"AS {self.association_id} : {self.last}"


class BasketQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.ASSOCIATION: "association",
        Level.DEPARTMENT: "association__department",
        Level.ACADEMY: "association__department__academy",
    }


class Basket(models.Model):
    """Memento 2011-2012: "Créer un panier ... renouveler des licences ... créer des licences ...
    cliquer sur commander et valider le panier". One open basket per person and AS."""

    association = models.ForeignKey(
        "associations.SportsAssociation", on_delete=models.PROTECT, related_name="baskets",
        verbose_name="AS",
    )
    season = models.ForeignKey(
        "seasons.Season", on_delete=models.PROTECT, related_name="baskets", verbose_name="saison"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="baskets",
        verbose_name="créé par",
    )
    created_at = models.DateTimeField("créé le", auto_now_add=True)
    state = models.CharField(
        "état", max_length=10, choices=BasketState.choices, default=BasketState.OPEN
    )
    validated_at = models.DateTimeField("validé le", null=True, blank=True)
    confirmed_checks = models.JSONField("vérifications confirmées", default=list, blank=True)

    objects = BasketQuerySet.as_manager()

    class Meta:
        verbose_name = "panier"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["association", "season", "created_by"],
                condition=models.Q(state="OPEN"),
                name="basket_one_open_per_person_and_as",
            )
        ]

    def __str__(self) -> str:
        return f"Panier {self.pk} – AS {self.association.code}"


class BasketLine(models.Model):
    """A licence to take: a renewal (a pupil already known) or a new pupil's data as typed or
    imported. Nothing is created before the basket is validated."""

    basket = models.ForeignKey(Basket, on_delete=models.CASCADE, related_name="lines")
    source = models.CharField("origine", max_length=10, choices=LineSource.choices)
    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="élève déjà connu",
    )
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100)
    sex = models.CharField("sexe", max_length=1, choices=Sex.choices)
    birth_date = models.DateField("date de naissance")
    ine = models.CharField("INE", max_length=11, blank=True)
    class_level = models.CharField("classe", max_length=60, blank=True)
    email = models.EmailField("e-mail de l'élève", blank=True)
    guardian_email = models.EmailField("e-mail du responsable légal", blank=True)
    guardian1_phone = models.CharField("téléphone du parent 1", max_length=20, blank=True)
    guardian2_phone = models.CharField("téléphone du parent 2", max_length=20, blank=True)
    insurance = models.CharField(
        "assurance", max_length=20, choices=Insurance.choices, default=Insurance.MAIF_COLLECTIVE
    )
    handicap = models.BooleanField("handicap", default=False)
    sport_partage = models.BooleanField("sport partagé", default=False)
    licence = models.OneToOneField(
        Licence, on_delete=models.PROTECT, null=True, blank=True, related_name="basket_line"
    )

    class Meta:
        verbose_name = "ligne de panier"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["basket", "pupil"], condition=models.Q(pupil__isnull=False),
                name="basket_line_pupil_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


class AdultLicenceQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.ASSOCIATION: "association",
        Level.DEPARTMENT: "association__department",
        Level.ACADEMY: "association__department__academy",
    }


class AdultLicence(models.Model):
    """Memento 2011-2012, "Licence adulte gratuite": animateurs get theirs from the affiliation;
    the AS orders others for its board ("Dirigeant") and its educational community. Free, and no
    card is sent."""

    number = models.CharField("n° de licence", max_length=9)
    association = models.ForeignKey(
        "associations.SportsAssociation", on_delete=models.PROTECT,
        related_name="adult_licences", verbose_name="AS",
    )
    season = models.ForeignKey(
        "seasons.Season", on_delete=models.PROTECT, related_name="adult_licences",
        verbose_name="saison",
    )
    kind = models.CharField("qualité", max_length=10, choices=AdultKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="adult_licences", verbose_name="compte",
    )
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100)
    email = models.EmailField("e-mail", blank=True)
    created_at = models.DateTimeField("prise le", auto_now_add=True)

    objects = AdultLicenceQuerySet.as_manager()

    class Meta:
        verbose_name = "licence adulte"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(fields=["season", "number"], name="adult_number_unique"),
            models.UniqueConstraint(
                fields=["season", "association", "user"], condition=models.Q(user__isnull=False),
                name="adult_one_per_user_as_season",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name} ({self.get_kind_display()})"


class RenewalRequestQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.PUPIL: "pupil",
        Level.ASSOCIATION: "association",
        Level.DEPARTMENT: "association__department",
        Level.ACADEMY: "association__department__academy",
    }


class RenewalRequest(models.Model):
    """Seed 000, "Renouvellement : permet à l'élève de renouveler sa licence": the pupil asks his
    AS, which takes the licence in its basket (only the AS licenses: it pays for it)."""

    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="renewal_requests", verbose_name="licencié"
    )
    association = models.ForeignKey(
        "associations.SportsAssociation", on_delete=models.PROTECT,
        related_name="renewal_requests", verbose_name="AS",
    )
    season = models.ForeignKey(
        "seasons.Season", on_delete=models.PROTECT, related_name="+", verbose_name="saison"
    )
    message = models.CharField("message à l'AS", max_length=500, blank=True)
    created_at = models.DateTimeField("demandée le")
    state = models.CharField(
        "état", max_length=10, choices=RenewalState.choices, default=RenewalState.PENDING
    )
    handled_at = models.DateTimeField("traitée le", null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="traitée par",
    )
    licence = models.ForeignKey(
        Licence, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="licence prise",
    )

    objects = RenewalRequestQuerySet.as_manager()

    class Meta:
        verbose_name = "demande de renouvellement"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["pupil", "season"], condition=models.Q(state="PENDING"),
                name="renewal_one_pending_per_pupil_season",
            )
        ]

    def __str__(self) -> str:
        return f"Renouvellement {self.season} – {self.pupil}"


class ContactMessage(models.Model):
    """A message a pupil sent through « Lui écrire » / « Contacter mon AS »: who, to whom, when and
    about what (not the text, which lives in the recipient's mailbox). It bounds how many a
    pupil may send a day."""

    pupil = models.ForeignKey(
        Pupil, on_delete=models.PROTECT, related_name="contact_messages", verbose_name="licencié"
    )
    association = models.ForeignKey(
        "associations.SportsAssociation", on_delete=models.PROTECT, related_name="+",
        verbose_name="AS",
    )
    recipient = models.CharField("destinataire", max_length=200)
    subject = models.CharField("objet", max_length=120)
    sent_at = models.DateTimeField("envoyé le")

    class Meta:
        verbose_name = "message d'un licencié"
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["pupil", "sent_at"])]

    def __str__(self) -> str:
        return f"{self.pupil} → {self.recipient} : {self.subject}"


class ImportJob(models.Model):
    """A pupil list too long to read and check within a request (more than
    `importing.IMMEDIATE_LINES` lines): a task reads and checks it, the page shows its progress,
    and its preview is kept until the AS adds it to its basket (issue #14). The file itself is
    dropped once read; `opuss retention` deletes the job after `periods.IMPORT_JOB_DAYS` days
    (opuss.privacy.periods.IMPORTS)."""

    class State(models.TextChoices):
        QUEUED = "QUEUED", "En attente"
        RUNNING = "RUNNING", "Vérification en cours"
        DONE = "DONE", "Aperçu prêt"
        FAILED = "FAILED", "Fichier illisible"

    association = models.ForeignKey(
        "associations.SportsAssociation", on_delete=models.CASCADE, related_name="import_jobs",
        verbose_name="AS",
    )
    season = models.ForeignKey(
        "seasons.Season", on_delete=models.CASCADE, related_name="+", verbose_name="saison"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+",
        verbose_name="importé par",
    )
    created_at = models.DateTimeField("importé le", auto_now_add=True)
    filename = models.CharField("fichier", max_length=200)
    content = models.BinaryField("contenu du fichier, jusqu'à sa lecture", blank=True)
    state = models.CharField("état", max_length=8, choices=State.choices, default=State.QUEUED)
    lines_done = models.PositiveIntegerField("lignes vérifiées", default=0)
    lines_total = models.PositiveIntegerField("lignes à vérifier", default=0)
    error = models.TextField("pourquoi le fichier n'a pas été lu", blank=True)
    # The rows read and decided (`importing.ImportRow`), the columns read and those ignored.
    preview = models.JSONField("aperçu", default=dict, blank=True)
    added_at = models.DateTimeField("ajouté au panier le", null=True, blank=True)

    class Meta:
        verbose_name = "import d'une liste d'élèves"
        verbose_name_plural = "imports de listes d'élèves"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["created_at"], name="import_job_created_at")]

    def __str__(self) -> str:
        return f"Import {self.filename} – AS {self.association_id}"

    @property
    def pending(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
