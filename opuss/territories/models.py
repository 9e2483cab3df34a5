"""The federation's map: académies (each with its regional service, SR), départements (SD),
districts, and the establishments whose sports associations affiliate.

UNSS calls "région" the territory of a regional service, which is an académie (the AS code starts
with the académie's two digits; the seed's "Région : Strasbourg" is the académie of Strasbourg).
"""

from django.db import models

from opuss.core.scope import Level, ScopedQuerySet
from opuss.territories.enums import Civility, EstablishmentType, Sector, Zone
from opuss.territories.validators import validate_uai


class AcademyQuerySet(ScopedQuerySet):
    scope_paths = {Level.ACADEMY: "pk"}


class Academy(models.Model):
    code = models.CharField("code", max_length=2, unique=True, help_text="Deux chiffres.")
    name = models.CharField("nom", max_length=100, unique=True)
    email = models.EmailField("e-mail du service régional", blank=True)
    phone = models.CharField("téléphone du service régional", max_length=20, blank=True)

    objects = AcademyQuerySet.as_manager()

    class Meta:
        verbose_name = "académie"
        ordering = ["name"]
        constraints = [
            # The AS code starts with these two digits (memento 2011-2012, "code d'accès").
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^[0-9]{2}$"), name="academy_code_two_digits"
            )
        ]

    def __str__(self) -> str:
        return self.name


class DepartmentQuerySet(ScopedQuerySet):
    scope_paths = {Level.DEPARTMENT: "pk", Level.ACADEMY: "academy"}


class Department(models.Model):
    code = models.CharField("code", max_length=3, unique=True)
    name = models.CharField("nom", max_length=100)
    academy = models.ForeignKey(
        Academy, on_delete=models.PROTECT, related_name="departments", verbose_name="académie"
    )

    objects = DepartmentQuerySet.as_manager()

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} – {self.name}"


class DistrictQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.ASSOCIATION: "associations",
        Level.DEPARTMENT: "department",
        Level.ACADEMY: "department__academy",
    }
    scope_through_many = True


class District(models.Model):
    """A group of AS of a department, labelled by its service ("68-Mulhouse lycées")."""

    label = models.CharField("libellé", max_length=120)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="districts", verbose_name="département"
    )
    coordinators = models.ManyToManyField(
        "accounts.User",
        blank=True,
        related_name="coordinated_districts",
        verbose_name="coordonnateurs",
    )

    objects = DistrictQuerySet.as_manager()

    class Meta:
        verbose_name = "district"
        ordering = ["label"]
        constraints = [
            models.UniqueConstraint(
                fields=["department", "label"], name="district_label_unique_in_department"
            )
        ]

    def __str__(self) -> str:
        return self.label


class EstablishmentQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.ASSOCIATION: "associations",
        Level.DEPARTMENT: "department",
        Level.ACADEMY: "department__academy",
    }
    scope_through_many = True


class Establishment(models.Model):
    uai = models.CharField("code UAI (RNE)", max_length=8, unique=True, validators=[validate_uai])
    name = models.CharField(
        "dénomination exacte",
        max_length=200,
        help_text="Sans le type d'établissement (« Charles de Gaulle », pas « Lycée Charles de "
        "Gaulle »).",
    )
    type = models.CharField("type", max_length=3, choices=EstablishmentType.choices)
    sector = models.CharField(
        "statut", max_length=7, choices=Sector.choices, blank=True, help_text="Public ou privé."
    )
    aefe = models.BooleanField("établissement de l'AEFE", default=False)
    rep_plus = models.BooleanField("collège REP+", default=False)
    ex_priority_education = models.BooleanField("LP de l'ex-éducation prioritaire", default=False)
    zone = models.CharField("zone", max_length=5, choices=Zone.choices, blank=True)
    address = models.CharField("adresse", max_length=200)
    postcode = models.CharField("code postal", max_length=5)
    city = models.CharField("commune", max_length=100)
    phone = models.CharField("téléphone", max_length=20, blank=True)
    email = models.EmailField("e-mail", blank=True)
    head_civility = models.CharField(
        "civilité du chef d'établissement", max_length=3, choices=Civility.choices, blank=True
    )
    head_last_name = models.CharField("nom du chef d'établissement", max_length=100, blank=True)
    head_first_name = models.CharField("prénom du chef d'établissement", max_length=100, blank=True)
    department = models.ForeignKey(
        Department,
        on_delete=models.PROTECT,
        related_name="establishments",
        verbose_name="département",
    )

    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        verbose_name = "établissement"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(uai__regex=r"^[0-9]{7}[A-Z]$"), name="establishment_uai_shape"
            ),
            # Circular 2025-2026: halved contract "pour les collèges classés REP+ ou les LP de
            # l'ex-éducation prioritaire" — the flags only exist on those types.
            models.CheckConstraint(
                condition=models.Q(rep_plus=False) | models.Q(type="COL"),
                name="establishment_rep_plus_only_college",
            ),
            models.CheckConstraint(
                condition=models.Q(ex_priority_education=False) | models.Q(type="LP"),
                name="establishment_ex_priority_only_lp",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()} {self.name}"

    @property
    def full_name(self) -> str:
        return str(self)

    @property
    def head_display(self) -> str:
        civility = Civility(self.head_civility).label if self.head_civility else ""
        return " ".join(
            p for p in (civility, self.head_last_name.upper(), self.head_first_name) if p
        )


class EstablishmentImport(models.Model):
    """One run of `opuss import-establishments`: what it read and did. The run is the object of
    its audit entry (the establishments are written in bulk, which django-auditlog does not
    see)."""

    started_at = models.DateTimeField("lancé le")
    file_name = models.CharField("fichier", max_length=255)
    counts = models.JSONField("décompte", default=dict)

    class Meta:
        verbose_name = "import de l'annuaire des établissements"
        verbose_name_plural = "imports de l'annuaire des établissements"
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"Import de l'annuaire du {self.started_at:%d/%m/%Y %H:%M}"
