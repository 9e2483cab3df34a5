"""The season's affiliation of an AS: a form the AS fills in (drafts allowed), transmits to its
regional service, which checks it and affiliates the AS (circular 2025-2026, part II)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models

from opuss.affiliations.enums import (
    AffiliationState,
    ASInsurance,
    ContractTypeChoices,
    OfficerRole,
    PaymentMode,
    SectionKind,
)
from opuss.core.scope import Level, ScopedQuerySet
from opuss.rules.fees import MAX_HEADCOUNT
from opuss.territories.enums import Civility, EstablishmentType

MONEY = {"max_digits": 13, "decimal_places": 2}


class AffiliationQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.ASSOCIATION: "association",
        Level.DEPARTMENT: "association__department",
        Level.ACADEMY: "association__department__academy",
    }


def count_field(label: str) -> models.PositiveIntegerField:
    # The bound of the fee's rules: the form refuses what `compute_fee` would (docs/rules.md).
    return models.PositiveIntegerField(
        label, null=True, blank=True, validators=[MaxValueValidator(MAX_HEADCOUNT)]
    )


class Affiliation(models.Model):
    association = models.ForeignKey(
        "associations.SportsAssociation",
        on_delete=models.PROTECT,
        related_name="affiliations",
        verbose_name="AS",
    )
    season = models.ForeignKey(
        "seasons.Season",
        on_delete=models.PROTECT,
        related_name="affiliations",
        verbose_name="saison",
    )
    state = models.CharField(
        "état", max_length=10, choices=AffiliationState.choices, default=AffiliationState.DRAFT
    )

    siret = models.CharField("n° SIRET de l'AS", max_length=14, blank=True)
    establishment_type = models.CharField(
        "type d'établissement", max_length=3, choices=EstablishmentType.choices, blank=True
    )
    boys = count_field("garçons scolarisés")
    girls = count_field("filles scolarisées")
    deducted = count_field("élèves déduits (SEGPA, ULIS en collège ; post-bac en lycée)")
    eps_teachers = count_field("enseignants d'EPS")
    as_animateurs = count_field("animateurs d'AS")
    outside_animateurs = count_field("animateurs extérieurs")
    forfaits_as = count_field("forfaits AS")
    postes_eps = count_field("postes EPS")
    eps_trainees = count_field("stagiaires EPS mi-temps")

    insurance = models.CharField(
        "assurance de l'AS", max_length=20, choices=ASInsurance.choices, blank=True
    )
    insurer_name = models.CharField("nom de l'assureur", max_length=100, blank=True)
    payment_mode = models.CharField(
        "mode de paiement", max_length=15, choices=PaymentMode.choices, blank=True
    )
    contract_type = models.CharField(
        "contrat", max_length=15, choices=ContractTypeChoices.choices, blank=True
    )
    bank_account = models.ForeignKey(
        "finance.BankAccount",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="affiliations",
        verbose_name="coordonnées bancaires validées",
    )

    return_comment = models.TextField("commentaire du service régional", blank=True)
    transmitted_at = models.DateTimeField("transmise le", null=True, blank=True)
    seen_by_sr_at = models.DateTimeField("vue par le SR le", null=True, blank=True)
    affiliated_at = models.DateTimeField("affiliée le", null=True, blank=True)
    affiliated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="affiliée par",
    )
    # The fee as billed at affiliation (and after an allowed change of enrolment or type):
    # evidence of what the AS owes, with the explanation it was shown.
    fee_affiliation = models.DecimalField("affiliation", null=True, blank=True, **MONEY)
    fee_contract = models.DecimalField("contrat", null=True, blank=True, **MONEY)
    fee_explanation = models.JSONField("détail du calcul", default=list, blank=True)
    invoice_number = models.CharField(
        "n° de facture", max_length=20, null=True, blank=True, unique=True
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    updated_at = models.DateTimeField("modifiée le", auto_now=True)

    objects = AffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = "affiliation"
        ordering = ["-season__start_year", "association__code"]
        indexes = [
            # The services' homes and the dashboards count the season's forms by state and
            # payment mode, and sum their enrolment, from the index alone (10,000 forms a season
            # nationally, issue #14).
            models.Index(
                fields=["season", "state", "payment_mode"],
                include=["association", "id", "girls", "boys"],
                name="affiliation_season_state",
            ),
        ]
        constraints = [
            # One affiliation per AS and season.
            models.UniqueConstraint(
                fields=["association", "season"], name="affiliation_one_per_as_and_season"
            ),
            models.CheckConstraint(
                condition=models.Q(fee_affiliation__gte=0) & models.Q(fee_contract__gte=0)
                | models.Q(fee_affiliation__isnull=True),
                name="affiliation_fees_not_negative",
            ),
            # An affiliated AS has a fee and a date: the invoice and the debits stand on them.
            models.CheckConstraint(
                condition=~models.Q(state="AFFILIATED")
                | models.Q(
                    affiliated_at__isnull=False,
                    fee_affiliation__isnull=False,
                    fee_contract__isnull=False,
                ),
                name="affiliation_affiliated_has_fee",
            ),
        ]

    def __str__(self) -> str:
        return f"Affiliation {self.season} – AS {self.association.code}"

    @property
    def enrolment(self) -> int | None:
        """Effectif pris en compte: boys + girls, less the pupils the circular lets deduct."""
        if self.boys is None or self.girls is None:
            return None
        return max(self.boys + self.girls - (self.deducted or 0), 0)

    @property
    def fee_total(self):
        if self.fee_affiliation is None or self.fee_contract is None:
            return None
        return self.fee_affiliation + self.fee_contract


class Officer(models.Model):
    """The AS's instances: the head of establishment presides, a secretary, a treasurer."""

    affiliation = models.ForeignKey(Affiliation, on_delete=models.CASCADE, related_name="officers")
    role = models.CharField("fonction", max_length=10, choices=OfficerRole.choices)
    civility = models.CharField("civilité", max_length=3, choices=Civility.choices, blank=True)
    last_name = models.CharField("nom", max_length=100, blank=True)
    first_name = models.CharField("prénom", max_length=100, blank=True)
    email = models.EmailField("e-mail", blank=True)
    phone = models.CharField("téléphone", max_length=20, blank=True)

    class Meta:
        verbose_name = "membre du bureau"
        constraints = [
            models.UniqueConstraint(fields=["affiliation", "role"], name="officer_one_per_role")
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()} : {self.last_name.upper()} {self.first_name}"

    @property
    def is_complete(self) -> bool:
        return all([self.civility, self.last_name, self.first_name, self.email, self.phone])


class AffiliationAnimateur(models.Model):
    """An animateur declared on the form; his account is created or linked when the AS is
    affiliated (he logs in with this e-mail)."""

    affiliation = models.ForeignKey(
        Affiliation, on_delete=models.CASCADE, related_name="animateurs"
    )
    civility = models.CharField("civilité", max_length=3, choices=Civility.choices, blank=True)
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100)
    email = models.EmailField("e-mail")
    phone = models.CharField("téléphone", max_length=20, blank=True)
    activities = models.ManyToManyField(
        "sport.Activity", blank=True, related_name="+", verbose_name="activités encadrées"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="animateur_declarations",
        verbose_name="compte",
    )

    class Meta:
        verbose_name = "animateur déclaré"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["affiliation", "email"], name="animateur_once_per_affiliation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


class SportsSection(models.Model):
    affiliation = models.ForeignKey(Affiliation, on_delete=models.CASCADE, related_name="sections")
    kind = models.CharField("type de section", max_length=12, choices=SectionKind.choices)
    activity = models.ForeignKey(
        "sport.Activity", on_delete=models.PROTECT, related_name="+", verbose_name="activité"
    )
    eps_teacher = models.CharField("professeur d'EPS responsable", max_length=150)
    coach = models.CharField("entraîneur", max_length=150, blank=True)

    class Meta:
        verbose_name = "section sportive"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.activity}"
