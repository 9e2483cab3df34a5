import re

from django import forms

from opuss.sport.models import Activity

COUNT_ERRORS = {
    "required": "Indiquez un nombre (0 s'il n'y en a pas).",
    "invalid": "Indiquez un nombre entier.",
    "min_value": "Le nombre ne peut pas être négatif.",
}


def _count(label: str, help_text: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        min_value=0,
        max_value=1_000_000,
        help_text=help_text,
        error_messages=COUNT_ERRORS
        | {"max_value": "Ce nombre dépasse ce qu'une AS peut compter sur une saison."},
        widget=forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
    )


PHONE = re.compile(r"^\+?[0-9][0-9 .-]{8,18}$")


class StatisticsForm(forms.Form):
    activities = forms.ModelMultipleChoiceField(
        label="Activités pratiquées",
        queryset=Activity.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Cochez au moins une activité pratiquée à l'AS pendant la saison.",
            "invalid_choice": "Une activité choisie n'existe pas.",
            "invalid_pk_value": "Une activité choisie n'existe pas.",
        },
    )
    participations = _count(
        "Participations",
        "Le nombre de participations des licenciés aux rencontres et compétitions.",
    )
    events = _count("Événements", "Les rencontres, compétitions et animations organisées par l'AS.")
    jo_trained = _count("Jeunes Officiels formés", "Les élèves formés comme Jeunes Officiels.")
    shared_sport = _count(
        "Sport partagé",
        "Les participants aux rencontres de sport partagé (élèves en situation de handicap et "
        "valides ensemble).",
    )
    # The AS's phone is one of its « données administratives » (docs/rules.md): the AS enters it
    # here; its e-mail, to which accounts and links are sent, is changed by its SR.
    phone = forms.CharField(
        label="Téléphone de l'AS",
        max_length=20,
        help_text="Le numéro auquel les services UNSS joignent l'AS, par exemple 03 89 12 34 56.",
        error_messages={
            "required": "Indiquez le téléphone de l'AS.",
            "max_length": "Un numéro de téléphone compte au plus 20 caractères.",
        },
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if not PHONE.match(phone):
            raise forms.ValidationError(
                "Indiquez un numéro de téléphone : des chiffres, éventuellement séparés par des "
                "espaces, des points ou des tirets."
            )
        return phone
