"""The forms of « Rejets et règlements » and « Aides nationales ». Each irreversible action is
posted twice: once to be checked and shown back for confirmation, once with `confirmed`."""

from django import forms

from opuss.associations.models import SportsAssociation
from opuss.finance.models import PaymentMethod
from opuss.finance.returns import ACCEPTED_TYPES, MAX_BYTES
from opuss.finance.settlement_selectors import can_settle
from opuss.rules.sepa_returns import COMMON, REASONS, reason_label

OTHER = "AUTRE"


class ConfirmedForm(forms.Form):
    """`confirmed` is sent by the confirmation page only."""

    confirmed = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def values_to_confirm(self):
        return [field for field in self if field.name != "confirmed"]


class ReturnFileForm(forms.Form):
    file = forms.FileField(
        label="Fichier de retour de la banque (XML)",
        help_text=f"pain.002.001.03 ou camt.054.001.02, {MAX_BYTES // (1024 * 1024)} Mo au plus.",
        widget=forms.FileInput(attrs={"accept": ACCEPTED_TYPES}),
    )


class ImportConfirmForm(forms.Form):
    """The preview's random id, matched to the one kept in the session."""

    preview = forms.CharField(max_length=64)


class RejectForm(ConfirmedForm):
    code = forms.ChoiceField(
        label="Motif du rejet",
        choices=[(code, reason_label(code)) for code in COMMON]
        + [(code, reason_label(code)) for code in sorted(REASONS) if code not in COMMON]
        + [(OTHER, "Autre motif (à préciser)")],
    )
    detail = forms.CharField(
        label="Précision",
        required=False,
        max_length=120,
        help_text="Facultatif : ce que la banque ou l'AS a indiqué.",
    )

    def clean(self):
        data = super().clean()
        if data.get("code") == OTHER and not data.get("detail", "").strip():
            self.add_error("detail", "Précisez le motif du rejet.")
        return data

    @property
    def reason(self) -> str:
        code, detail = self.cleaned_data["code"], self.cleaned_data["detail"].strip()
        if code == OTHER:
            return detail
        return f"{reason_label(code)} : {detail}" if detail else reason_label(code)


class AssociationCodeForm(ConfirmedForm):
    """An AS of the user's territory that he may settle, by its code."""

    association = forms.CharField(label="Code de l'AS", max_length=5, min_length=5)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_association(self):
        code = self.cleaned_data["association"].strip()
        association = (
            SportsAssociation.objects.for_user(self.user)
            .select_related("establishment", "department__academy")
            .filter(code=code)
            .first()
        )
        if association is None or not can_settle(self.user, association):
            raise forms.ValidationError("Aucune AS de votre territoire n'a ce code.")
        return association


class PaymentFieldsForm(ConfirmedForm):
    amount = forms.DecimalField(
        label="Montant reçu (€)", max_digits=11, decimal_places=2, min_value=0.01, localize=True
    )
    method = forms.ChoiceField(
        label="Moyen de paiement", choices=PaymentMethod.choices, widget=forms.RadioSelect
    )
    reference = forms.CharField(
        label="Référence portée sur le chèque ou le virement",
        max_length=140,
        help_text="Le numéro de l'AS, et la mention « Rejet » pour un rejet (circulaire, III.2).",
    )


class SettleForm(PaymentFieldsForm):
    """A payment for one rejected debit (the debit is the page's)."""


class PaymentForm(AssociationCodeForm, PaymentFieldsForm):
    """A payment for what no run collects: « hors échéancier » items, a prepayment."""

    field_order = ["association", "amount", "method", "reference"]


class AidForm(AssociationCodeForm):
    label = forms.CharField(
        label="Aide", max_length=200, help_text="Par exemple : aide solidarité, kilomètres."
    )
    amount = forms.DecimalField(
        label="Montant de l'aide (€)",
        max_digits=11,
        decimal_places=2,
        min_value=0.01,
        localize=True,
    )
