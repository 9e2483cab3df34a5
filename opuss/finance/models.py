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
    # What the AS owes (positive amounts; a regularisation may be negative).
    AFFILIATION = "AFFILIATION", "Affiliation"
    CONTRACT = "CONTRACT", "Contrat licences"
    CONTRACT_ADJUSTMENT = "CONTRACT_ADJ", "Régularisation"
    MAIF_INDIVIDUAL = "MAIF_INDIVIDUAL", "MAIF individuelle"
    CNED_LICENCE = "CNED_LICENCE", "Licence à l'unité (CNED)"
    # What settles it (negative), and a rejected debit that reopens it (positive).
    DEBIT = "DEBIT", "Prélèvement"
    REJECT = "REJECT", "Rejet de prélèvement"
    PAYMENT = "PAYMENT", "Règlement par chèque ou virement"
    COMPENSATION = "COMPENSATION", "Compensation sur une aide nationale"


CHARGES = [
    LedgerKind.AFFILIATION,
    LedgerKind.CONTRACT,
    LedgerKind.CONTRACT_ADJUSTMENT,
    LedgerKind.MAIF_INDIVIDUAL,
    LedgerKind.CNED_LICENCE,
]
CREDITS = [LedgerKind.DEBIT, LedgerKind.PAYMENT, LedgerKind.COMPENSATION]


class PaymentMethod(models.TextChoices):
    CHEQUE = "CHEQUE", "Chèque à l'ordre de l'UNSS"
    TRANSFER = "TRANSFER", "Virement au compte de la direction nationale"


class LedgerLineQuerySet(ScopedQuerySet):
    scope_paths = {
        Level.ASSOCIATION: "association",
        Level.DEPARTMENT: "association__department",
        Level.ACADEMY: "association__department__academy",
    }

    def balance(self):
        """What the lines add up to: balances are derived, never stored."""
        return self.aggregate(total=models.Sum("amount"))["total"] or Decimal("0.00")

    def charges(self):
        return self.filter(kind__in=CHARGES)

    def not_debited(self):
        """Charges no direct debit has taken yet."""
        return self.charges().filter(debit_item__isnull=True)


class LedgerLine(models.Model):
    """One line of an AS's account for a season. Lines are appended, never edited; a change is
    a new line (a regularisation may be negative). The sign says who owes: a charge or a
    rejected debit is positive, a debit, a payment or a compensation negative."""

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
    # For a charge: the month of the run that collects it ("2025-10"), from the season's
    # calendar, whatever the payment mode (a prepaying AS's run debits its SR, who collects from
    # it); empty when no run does (« hors échéancier », docs/rules.md reading 12).
    run_month = models.CharField("échéance", max_length=7, blank=True)
    third = models.PositiveSmallIntegerField("tiers", null=True, blank=True)
    # For a debit or a reject: the debit; for a payment or compensation: the debit it settles.
    debit = models.ForeignKey(
        "finance.Debit", on_delete=models.PROTECT, null=True, blank=True, related_name="lines",
        verbose_name="prélèvement",
    )
    payment_method = models.CharField(
        "moyen de paiement", max_length=10, choices=PaymentMethod.choices, blank=True
    )
    reference = models.CharField("référence", max_length=140, blank=True)
    aid = models.ForeignKey(
        "finance.Aid", on_delete=models.PROTECT, null=True, blank=True, related_name="lines",
        verbose_name="aide",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="saisie par",
    )

    objects = LedgerLineQuerySet.as_manager()

    class Meta:
        verbose_name = "ligne de compte"
        verbose_name_plural = "lignes de compte"
        ordering = ["at", "pk"]
        indexes = [
            models.Index(fields=["season", "run_month"], name="ledger_season_run"),
            models.Index(fields=["association", "season"], name="ledger_as_season"),
        ]
        constraints = [
            # Charges and rejects raise what the AS owes, only a regularisation may lower it;
            # debits, payments and compensations lower it.
            models.CheckConstraint(
                condition=models.Q(kind="CONTRACT_ADJ")
                | models.Q(kind__in=["AFFILIATION", "CONTRACT", "MAIF_INDIVIDUAL",
                                     "CNED_LICENCE"], amount__gte=0)
                | models.Q(kind="REJECT", amount__gt=0)
                | models.Q(kind__in=["DEBIT", "PAYMENT", "COMPENSATION"], amount__lt=0),
                name="ledger_line_sign_by_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} : {self.amount}"

    @property
    def is_charge(self) -> bool:
        return self.kind in CHARGES


class DebitBatch(models.Model):
    """One month's SEPA direct-debit file (pain.008.001.02), generated once: a second run for
    the same month returns this very file."""

    season = models.ForeignKey(
        "seasons.Season", on_delete=models.PROTECT, related_name="debit_batches",
        verbose_name="saison",
    )
    run_month = models.CharField("échéance", max_length=7)
    message_id = models.CharField("identifiant du message", max_length=35, unique=True)
    collection_date = models.DateField("date de prélèvement")
    xml = models.TextField("fichier pain.008")
    total = models.DecimalField("montant total", max_digits=15, decimal_places=2)
    count = models.PositiveIntegerField("nombre de prélèvements")
    created_at = models.DateTimeField("généré le", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="généré par",
    )

    class Meta:
        verbose_name = "lot de prélèvements"
        verbose_name_plural = "lots de prélèvements"
        ordering = ["-season__start_year", "-run_month"]
        constraints = [
            models.UniqueConstraint(fields=["season", "run_month"], name="one_batch_per_run")
        ]

    def __str__(self) -> str:
        return f"Prélèvements {self.run_month} ({self.count})"


class DebitState(models.TextChoices):
    SENT = "SENT", "Transmis à la banque"
    REJECTED = "REJECTED", "Rejeté"


class SequenceType(models.TextChoices):
    FIRST = "FRST", "Premier prélèvement du mandat"
    RECURRING = "RCUR", "Prélèvement récurrent"


class DebitQuerySet(ScopedQuerySet):
    scope_paths = LedgerLineQuerySet.scope_paths


class Debit(models.Model):
    """One AS's debit in a batch: the sum of its lines due by that run, under its mandate."""

    batch = models.ForeignKey(
        DebitBatch, on_delete=models.PROTECT, related_name="debits", verbose_name="lot"
    )
    association = models.ForeignKey(
        "associations.SportsAssociation", on_delete=models.PROTECT, related_name="debits",
        verbose_name="AS",
    )
    bank_account = models.ForeignKey(
        BankAccount, on_delete=models.PROTECT, related_name="debits", verbose_name="mandat"
    )
    amount = models.DecimalField("montant", max_digits=13, decimal_places=2)
    sequence_type = models.CharField("séquence", max_length=4, choices=SequenceType.choices)
    end_to_end_id = models.CharField("référence de bout en bout", max_length=35, unique=True)
    state = models.CharField(
        "état", max_length=10, choices=DebitState.choices, default=DebitState.SENT
    )
    rejected_at = models.DateTimeField("rejeté le", null=True, blank=True)
    reject_reason = models.CharField("motif du rejet", max_length=200, blank=True)

    objects = DebitQuerySet.as_manager()

    class Meta:
        verbose_name = "prélèvement"
        ordering = ["batch", "association__code"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gt=0), name="debit_positive"),
            models.UniqueConstraint(fields=["batch", "association"], name="one_debit_per_as"),
        ]

    def __str__(self) -> str:
        return f"{self.end_to_end_id} : {self.amount}"


class DebitItem(models.Model):
    """Which charge a debit takes. One charge, one debit at most: the database itself refuses
    to debit a line twice."""

    debit = models.ForeignKey(Debit, on_delete=models.PROTECT, related_name="items")
    line = models.OneToOneField(LedgerLine, on_delete=models.PROTECT, related_name="debit_item")

    class Meta:
        verbose_name = "ligne prélevée"

    def __str__(self) -> str:
        return f"{self.line} → {self.debit}"


class AidQuerySet(ScopedQuerySet):
    scope_paths = LedgerLineQuerySet.scope_paths


class Aid(models.Model):
    """A national aid to an AS (solidarité, kilomètres...). Circular 2025-2026, III.2: « si une
    AS est en dette vis-à-vis de l'UNSS nationale, alors l'UNSS nationale appliquera la
    compensation de l'aide, afin d'éteindre la dette de l'AS »."""

    association = models.ForeignKey(
        "associations.SportsAssociation", on_delete=models.PROTECT, related_name="aids",
        verbose_name="AS",
    )
    season = models.ForeignKey(
        "seasons.Season", on_delete=models.PROTECT, related_name="aids", verbose_name="saison"
    )
    label = models.CharField("aide", max_length=200)
    amount = models.DecimalField("montant de l'aide", max_digits=13, decimal_places=2)
    compensated = models.DecimalField(
        "compensé sur la dette", max_digits=13, decimal_places=2, default=Decimal("0.00")
    )
    at = models.DateTimeField("le", default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name="saisie par",
    )

    objects = AidQuerySet.as_manager()

    class Meta:
        verbose_name = "aide nationale"
        verbose_name_plural = "aides nationales"
        ordering = ["-at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0, compensated__gte=0)
                & models.Q(compensated__lte=models.F("amount")),
                name="aid_compensation_within_amount",
            )
        ]

    def __str__(self) -> str:
        return f"{self.label} : {self.amount}"

    @property
    def paid_out(self) -> Decimal:
        """What the AS receives once its debt is set off."""
        return self.amount - self.compensated


class ModeChangeKind(models.TextChoices):
    """The boxes of the circular's form (section IV, « Fiche de modifications »)."""

    TO_DEBIT = "TO_DEBIT", "Passage du prépaiement au prélèvement automatique"
    TO_PREPAYMENT = "TO_PREPAYMENT", "Passage du prélèvement automatique au prépaiement"
    BANK_CHANGE = "BANK_CHANGE", "Changement de banque"
    NEW_AS = "NEW_AS", "Nouvelle AS en prélèvement automatique"


class ModeChangeState(models.TextChoices):
    REQUESTED = "REQUESTED", "En attente du service régional"
    ACCEPTED = "ACCEPTED", "Acceptée"
    REFUSED = "REFUSED", "Refusée"


class PaymentModeChangeQuerySet(ScopedQuerySet):
    scope_paths = LedgerLineQuerySet.scope_paths


class PaymentModeChange(models.Model):
    """A request to change how an AS pays, decided by its SR (« Toute modification sur le
    système ne sera réalisée qu'en présence du présent document »)."""

    association = models.ForeignKey(
        "associations.SportsAssociation", on_delete=models.PROTECT,
        related_name="payment_mode_changes", verbose_name="AS",
    )
    season = models.ForeignKey(
        "seasons.Season", on_delete=models.PROTECT, related_name="+", verbose_name="saison"
    )
    kind = models.CharField("modification", max_length=16, choices=ModeChangeKind.choices)
    rib = models.FileField("RIB de l'AS", upload_to="rib/%Y/", blank=True)
    note = models.TextField("précisions de l'AS", blank=True)
    state = models.CharField(
        "état", max_length=10, choices=ModeChangeState.choices, default=ModeChangeState.REQUESTED
    )
    requested_at = models.DateTimeField("demandée le", default=timezone.now)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name="demandée par",
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True,
        related_name="+", verbose_name="décidée par",
    )
    decision_comment = models.TextField("commentaire du service régional", blank=True)
    # « Montant du solde à inscrire en prépaiement »: what the AS still owes when it leaves
    # direct debit, to be paid through its SR.
    prepayment_balance = models.DecimalField(
        "solde à inscrire en prépaiement", max_digits=13, decimal_places=2, null=True, blank=True
    )
    # The mandate in force when the AS asked, and the one an accepted change to direct debit put
    # in force: it must have been entered by the SR since the request (opuss.finance.mode_changes;
    # ids, not dates, order the two, whatever the demo's clock says).
    mandate_at_request = models.ForeignKey(
        BankAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="mandat en vigueur à la demande",
    )
    mandate = models.ForeignKey(
        BankAccount, on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name="mandat mis en place",
    )

    objects = PaymentModeChangeQuerySet.as_manager()

    class Meta:
        verbose_name = "changement du mode de paiement"
        verbose_name_plural = "changements du mode de paiement"
        ordering = ["-requested_at", "-pk"]
        constraints = [
            # One request waits at a time for an AS and a season.
            models.UniqueConstraint(
                fields=["association", "season"],
                condition=models.Q(state="REQUESTED"),
                name="one_waiting_mode_change",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} – {self.association}"
