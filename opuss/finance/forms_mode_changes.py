"""The « Fiche de modifications » as the AS fills it in, and the SR's decision on it."""

from django import forms

from opuss.content.validators import DOCUMENTS, IMAGES, MEGABYTE, validate_file
from opuss.finance.mode_changes import RIB_REQUIRED
from opuss.finance.models import ModeChangeKind

# A photocopy of a RIB: a scan or a photo, or the PDF the bank gives.
RIB_TYPES = {"pdf": DOCUMENTS["pdf"], **{ext: IMAGES[ext] for ext in ("jpg", "jpeg", "png")}}
MAX_RIB_BYTES = 5 * MEGABYTE
RIB_KINDS = "un PDF ou une image JPEG ou PNG"
# What the circular's form says under each box.
BOX_MENTIONS = {
    ModeChangeKind.TO_DEBIT: "Joindre obligatoirement une photocopie du RIB",
    ModeChangeKind.TO_PREPAYMENT: "Montant du solde à inscrire en prépaiement :",
    ModeChangeKind.BANK_CHANGE: "Joindre obligatoirement une photocopie du nouveau RIB",
    ModeChangeKind.NEW_AS: "Joindre obligatoirement une photocopie du RIB de l'AS",
}
# The same, as the AS reads it when it ticks the box.
HINTS = BOX_MENTIONS | {
    ModeChangeKind.TO_PREPAYMENT: "le service régional inscrit en prépaiement ce qui reste dû "
    "et n'a pas été prélevé",
}


class ModeChangeForm(forms.Form):
    kind = forms.ChoiceField(label="Modification demandée", widget=forms.RadioSelect)
    rib = forms.FileField(
        label="Photocopie du RIB de l'AS",
        required=False,
        help_text=f"Obligatoire, sauf pour le passage au prépaiement. Joignez {RIB_KINDS} ; "
        f"{MAX_RIB_BYTES // MEGABYTE} Mo au plus.",
    )
    note = forms.CharField(
        label="Précisions pour le service régional",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, kinds=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (kind, f"{ModeChangeKind(kind).label} – {HINTS[kind]}") for kind in kinds
        ]

    def clean_rib(self):
        rib = self.cleaned_data.get("rib")
        if rib:
            validate_file(rib, RIB_TYPES, MAX_RIB_BYTES, RIB_KINDS)
        return rib

    def clean(self):
        data = super().clean()
        if data.get("kind") in RIB_REQUIRED and not data.get("rib") and "rib" not in self.errors:
            self.add_error("rib", f"{BOX_MENTIONS[data['kind']]} ({RIB_KINDS}).")
        return data


class AcceptForm(forms.Form):
    confirmed = forms.BooleanField(
        label="J'ai vérifié la demande : le changement est définitif", required=False
    )


class RefuseForm(forms.Form):
    comment = forms.CharField(
        label="Motif du refus, pour l'AS", widget=forms.Textarea(attrs={"rows": 3})
    )
