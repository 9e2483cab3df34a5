from django import forms
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.fr import siret

from opuss.affiliations import selectors
from opuss.affiliations.enums import ContractTypeChoices, OfficerRole
from opuss.affiliations.models import Affiliation, AffiliationAnimateur, Officer, SportsSection
from opuss.affiliations.services import ENROLMENT_FIELDS, FORM_FIELDS
from opuss.core.forms import drop_blank_radio_choices


class AffiliationForm(forms.ModelForm):
    """Every field optional: a draft may be saved at any stage. Completeness is checked when the
    AS transmits (selectors.missing_items)."""

    # Typed with spaces as it is printed ("732 829 320 00074"): 14 digits once cleaned.
    siret = forms.CharField(label="N° SIRET de l'AS", max_length=20, required=False)

    class Meta:
        model = Affiliation
        fields = FORM_FIELDS
        widgets = {
            "insurance": forms.RadioSelect,
            "payment_mode": forms.RadioSelect,
            "contract_type": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.required = False
        offered = selectors.offered_contracts(self.instance)
        self.fields["contract_type"].choices = [
            (value, label) for value, label in ContractTypeChoices.choices if value in offered
        ]
        drop_blank_radio_choices(self)
        self.fields[
            "siret"
        ].help_text = (
            "14 chiffres. Obligatoire pour toute demande de subvention (SIREN de l'AS + NIC)."
        )

    def clean_siret(self) -> str:
        value = "".join(self.cleaned_data.get("siret", "").split())
        if value:
            try:
                return siret.validate(value)
            except StdnumError:
                raise forms.ValidationError(
                    "Ce numéro SIRET n'est pas valide : 14 chiffres dont une clé de contrôle."
                ) from None
        return value

    def valid_values(self) -> dict:
        """The fields that passed validation: saved even when others did not."""
        return {name: self.cleaned_data[name] for name in FORM_FIELDS if name in self.cleaned_data}


class OfficerForm(forms.ModelForm):
    class Meta:
        model = Officer
        fields = ["civility", "last_name", "first_name", "email", "phone"]


def officer_forms(affiliation, data=None) -> list[tuple[str, OfficerForm]]:
    existing = {o.role: o for o in affiliation.officers.all()}
    return [
        (
            role.label,
            OfficerForm(
                data,
                prefix=f"officer-{role.value.lower()}",
                instance=existing.get(role.value, Officer(role=role.value)),
            ),
        )
        for role in OfficerRole
    ]


class BaseAnimateurFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            email = (form.cleaned_data or {}).get("email", "").lower()
            if not email or form.cleaned_data.get("DELETE"):
                continue
            if email in seen:
                form.add_error("email", "Cet animateur est déjà déclaré (même e-mail).")
            seen.add(email)


AnimateurFormSet = forms.inlineformset_factory(
    Affiliation,
    AffiliationAnimateur,
    formset=BaseAnimateurFormSet,
    fields=["civility", "last_name", "first_name", "email", "phone", "activities"],
    widgets={"activities": forms.CheckboxSelectMultiple},
    extra=1,
    can_delete=True,
)

SectionFormSet = forms.inlineformset_factory(
    Affiliation,
    SportsSection,
    fields=["kind", "activity", "eps_teacher", "coach"],
    extra=1,
    can_delete=True,
)


class EnrolmentForm(forms.ModelForm):
    """After affiliation, until the season's deadline: enrolment and type only."""

    class Meta:
        model = Affiliation
        fields = ENROLMENT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("establishment_type", "boys", "girls"):
            self.fields[name].required = True


class SendBackForm(forms.Form):
    comment = forms.CharField(
        label="Ce que l'AS doit corriger", widget=forms.Textarea(attrs={"rows": 4})
    )


class PasswordConfirmForm(forms.Form):
    password = forms.CharField(
        label="Mon mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class BankDetailsForm(forms.Form):
    holder = forms.CharField(label="Titulaire du compte", max_length=70)
    iban = forms.CharField(label="IBAN", max_length=42)
    bic = forms.CharField(label="BIC", max_length=15)

    def clean(self):
        from opuss.finance.services import BankDetailsError, validate_bank_details

        data = super().clean()
        if self.errors:
            return data
        try:
            data["iban"], data["bic"] = validate_bank_details(data["iban"], data["bic"])
        except BankDetailsError as error:
            self.add_error(error.field, str(error))
        return data
