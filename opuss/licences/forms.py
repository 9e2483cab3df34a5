from django import forms

from opuss.associations.models import SportsAssociation
from opuss.core.forms import drop_blank_radio_choices
from opuss.licences.models import BasketLine


class NewLicenceForm(forms.ModelForm):
    """A new pupil for the basket: what the memento asks ("noter le nom, prénom, sexe, date de
    naissance") and what the season adds (guardian e-mail, insurance, handicap / sport partagé)."""

    class Meta:
        model = BasketLine
        fields = [
            "last_name",
            "first_name",
            "sex",
            "birth_date",
            "ine",
            "class_level",
            "email",
            "guardian_email",
            "guardian1_phone",
            "guardian2_phone",
            "insurance",
            "handicap",
            "sport_partage",
        ]
        widgets = {
            "birth_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "sex": forms.RadioSelect,
        }
        help_texts = {
            "guardian_email": "Fortement conseillé : le responsable légal reçoit un lien pour "
            "valider la licence. Une adresse absente ne bloque pas la licence.",
            "ine": "Identifiant national élève (facultatif) : évite les doublons.",
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        drop_blank_radio_choices(self)


class UnitLicenceForm(NewLicenceForm):
    """The regional service's unit licence (CNED): the AS where the pupil practises, which pays
    for it, then the basket's new-pupil fields."""

    association = forms.CharField(
        label="Code de l'AS",
        max_length=5,
        help_text="L'AS de votre académie où l'élève pratique : la licence y est prise et le "
        "prix de la licence à l'unité est porté à son compte.",
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    field_order = ["association", *NewLicenceForm.Meta.fields]

    def clean_association(self):
        code = self.cleaned_data["association"].strip()
        association = SportsAssociation.objects.filter(code=code).select_related(
            "establishment", "department").first()
        if association is None:
            raise forms.ValidationError(f"Aucune AS n'a le code {code}.")
        return association


class RenewalForm(forms.Form):
    message = forms.CharField(
        label="Un mot pour ton AS (facultatif)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Par exemple l'activité que tu veux pratiquer cette saison.",
    )


class ContactForm(forms.Form):
    subject = forms.CharField(label="Objet", max_length=120)
    body = forms.CharField(
        label="Message", max_length=3000, widget=forms.Textarea(attrs={"rows": 8})
    )
    reply_to = forms.EmailField(
        label="Ton adresse e-mail pour la réponse",
        required=False,
        help_text="Sans adresse, ton AS ne pourra pas te répondre par e-mail.",
    )
