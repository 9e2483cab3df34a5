"""Bank details of the AS and their SEPA mandates. Entered by the regional service only
(circular 2025-2026: "La saisie des coordonnées bancaires ... est effectuée exclusivement par le
SR"), remembered from season to season, never deleted: a change of account is a new row with a new
mandate reference (RUM), so that each debit keeps the mandate it was made under."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils import timezone

from opuss.core.scope import Level, ScopedQuerySet
from opuss.finance.masking import mask_iban


class BankAccountQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.ASSOCIATION: "association",
        Level.DEPARTMENT: "association__department",
        Level.ACADEMY: "association__department__academy",
    }

    def current_for(self, association) -> "BankAccount | None":
        return self.filter(association=association).order_by("-created_at", "-pk").first()


class BankAccount(models.Model):
    association = models.ForeignKey(
        "associations.SportsAssociation",
        on_delete=models.PROTECT,
        related_name="bank_accounts",
        verbose_name="AS",
    )
    holder = models.CharField("titulaire du compte", max_length=70)
    iban = models.CharField("IBAN", max_length=34)
    bic = models.CharField("BIC", max_length=11)
    # Référence unique de mandat: at most 35 characters (SEPA rulebook).
    rum = models.CharField("référence unique de mandat (RUM)", max_length=35, unique=True)
    created_at = models.DateTimeField("saisi le", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="saisi par",
    )

    objects = BankAccountQuerySet.as_manager()

    class Meta:
        verbose_name = "coordonnées bancaires"
        verbose_name_plural = "coordonnées bancaires"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.holder} – {self.masked_iban} ({self.rum})"

    @property
    def masked_iban(self) -> str:
        return mask_iban(self.iban)

    @property
    def formatted_iban(self) -> str:
        return " ".join(self.iban[i : i + 4] for i in range(0, len(self.iban), 4))


class LedgerKind(models.TextChoices):
    AFFILIATION = "AFFILIATION", "Affiliation"
    CONTRACT = "CONTRACT", "Contrat licences"
    CONTRACT_ADJUSTMENT = "CONTRACT_ADJ", "Régularisation du contrat"
    MAIF_INDIVIDUAL = "MAIF_INDIVIDUAL", "MAIF individuelle"


class LedgerLineQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.ASSOCIATION: "association",
        Level.DEPARTMENT: "association__department",
        Level.ACADEMY: "association__department__academy",
    }

    def balance(self):
        """What the lines add up to: balances are derived, never stored."""
        return self.aggregate(total=models.Sum("amount"))["total"] or Decimal("0.00")


class LedgerLine(models.Model):
    """One charge to an AS's account for a season. Lines are appended, never edited; a change is
    a new line (a regularisation may be negative)."""

    association = models.ForeignKey(
        "associations.SportsAssociation", on_delete=models.PROTECT, related_name="ledger_lines",
        verbose_name="AS",
    )
    season = models.ForeignKey(
        "seasons.Season", on_delete=models.PROTECT, related_name="ledger_lines",
        verbose_name="saison",
    )
    kind = models.CharField("nature", max_length=16, choices=LedgerKind.choices)
    label = models.CharField("libellé", max_length=200)
    amount = models.DecimalField("montant", max_digits=13, decimal_places=2)
    at = models.DateTimeField("le", default=timezone.now)
    licence = models.ForeignKey(
        "licences.Licence", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = LedgerLineQuerySet.as_manager()

    class Meta:
        verbose_name = "ligne de compte"
        ordering = ["at", "pk"]
        constraints = [
            # Only a regularisation may lower what the AS owes.
            models.CheckConstraint(
                condition=models.Q(amount__gte=0) | models.Q(kind="CONTRACT_ADJ"),
                name="ledger_line_positive_unless_adjustment",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} : {self.amount}"
