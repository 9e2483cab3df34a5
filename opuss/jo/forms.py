from django import forms
from django.core.exceptions import ValidationError

from opuss.jo.enums import JoLevel, JoRole
from opuss.sport.models import Activity

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
MAX_CHOICES = 5


class LicenceChoiceField(forms.ModelChoiceField):
    """The AS's pupils of the season, by name."""

    def label_from_instance(self, licence):
        return f"{licence.pupil} – licence {licence.number}"


class LicenceNumberField(forms.CharField):
    """A licence of the season in the user's territory, by its number."""

    def __init__(self, *, licences, **kwargs):
        super().__init__(**kwargs)
        self.licences = licences

    def clean(self, value):
        number = super().clean(value).strip()
        licence = self.licences.filter(number=number).select_related("pupil").first()
        if licence is None:
            raise ValidationError(
                "Aucun élève licencié cette saison dans votre territoire ne porte ce numéro."
            )
        return licence


class JoForm(forms.Form):
    """Who (a licence of the season in scope), in which activity, role and level (among those
    the user may give)."""

    activity = forms.ModelChoiceField(
        Activity.objects.all(), label="Activité", empty_label="Choisir une activité…"
    )
    role = forms.ChoiceField(label="Rôle", choices=[("", "Choisir un rôle…"), *JoRole.choices])
    level = forms.ChoiceField(label="Niveau")
    refused_level = "Vous ne pouvez pas délivrer ce niveau."

    def __init__(self, *args, licences, levels, by_number: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if by_number:
            self.fields["licence"] = LicenceNumberField(
                licences=licences,
                label="N° de licence de l'élève",
                max_length=9,
                help_text="Un élève licencié cette saison dans votre territoire.",
            )
        else:
            self.fields["licence"] = LicenceChoiceField(
                licences.select_related("pupil").order_by("pupil__last_name", "pupil__first_name"),
                label="Élève",
                empty_label="Choisir un élève…",
                error_messages={
                    "invalid_choice": "Choisissez un élève licencié dans l'AS cette saison."
                },
            )
        level = self.fields["level"]
        level.choices = [(v, JoLevel(v).label) for v in levels]
        level.error_messages["invalid_choice"] = self.refused_level
        self.order_fields(["licence", *self.fields])


class CertifyForm(JoForm):
    certified_on = forms.DateField(label="Date de la certification", widget=DATE_WIDGET)


class OfficiatingForm(JoForm):
    refused_level = "Vous ne pouvez pas saisir un événement de ce niveau."

    title = forms.CharField(
        label="Événement",
        max_length=200,
        help_text="Par exemple : Championnat départemental de volley-ball.",
    )
    held_on = forms.DateField(label="Date", widget=DATE_WIDGET)
    place = forms.CharField(label="Lieu", max_length=200)


class QuizChoiceForm(forms.Form):
    role = forms.ChoiceField(label="Rôle", choices=[("", "Choisir un rôle…"), *JoRole.choices])
    level = forms.ChoiceField(
        label="Niveau", choices=[("", "Choisir un niveau…"), *JoLevel.choices]
    )
    activity = forms.ModelChoiceField(
        Activity.objects.all(),
        label="Activité",
        required=False,
        empty_label="Toutes les activités",
    )


class QuestionForm(forms.Form):
    """A question with up to five answers, each marked right or wrong."""

    role = forms.ChoiceField(label="Rôle", choices=JoRole.choices)
    level = forms.ChoiceField(label="Niveau", choices=JoLevel.choices)
    activity = forms.ModelChoiceField(
        Activity.objects.all(), label="Activité", required=False, empty_label="Toutes les activités"
    )
    text = forms.CharField(label="Question", widget=forms.Textarea(attrs={"rows": 3}))
    explanation = forms.CharField(
        label="Explication",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Montrée avec la correction : la règle, son article, l'astuce à retenir.",
    )
    active = forms.BooleanField(
        label="En service (proposée dans les questionnaires)", required=False, initial=True
    )

    def __init__(self, *args, banks: list, question=None, **kwargs):
        if question is not None:
            kwargs["initial"] = initial_of(question)
        super().__init__(*args, **kwargs)
        if question is None and len(banks) > 1:
            self.fields["bank"] = forms.ChoiceField(
                label="Banque", choices=[(_bank_key(b), _bank_label(b)) for b in banks]
            )
        self.banks = {_bank_key(b): b for b in banks}
        self.creating = question is None
        for n in range(1, MAX_CHOICES + 1):
            self.fields[f"choice_{n}"] = forms.CharField(
                label=f"Réponse {n}", required=False, max_length=300
            )
            self.fields[f"correct_{n}"] = forms.BooleanField(
                label=f"Réponse {n} juste", required=False
            )

    def choice_rows(self):
        return [(self[f"choice_{n}"], self[f"correct_{n}"]) for n in range(1, MAX_CHOICES + 1)]

    def clean(self):
        cleaned = super().clean()
        choices = []
        for n in range(1, MAX_CHOICES + 1):
            text = cleaned.get(f"choice_{n}", "").strip()
            correct = cleaned.get(f"correct_{n}", False)
            if text:
                choices.append((text, correct))
            elif correct:
                self.add_error(f"choice_{n}", "Une bonne réponse doit avoir un texte.")
        if len(choices) < 2:
            self.add_error(None, "Écrivez au moins deux réponses.")
        elif not any(correct for _, correct in choices):
            self.add_error(None, "Cochez au moins une bonne réponse.")
        elif all(correct for _, correct in choices):
            self.add_error(None, "Au moins une réponse doit être fausse.")
        cleaned["choices"] = choices
        return cleaned

    def values(self) -> dict:
        data = self.cleaned_data
        values = {
            key: data[key] for key in ("role", "level", "activity", "text", "explanation", "active")
        }
        values["text"] = values["text"].strip()
        values["explanation"] = values["explanation"].strip()
        if self.creating:
            only_bank = next(iter(self.banks))
            values["academy"] = self.banks[data.get("bank", only_bank)]
        return values


def _bank_key(bank) -> str:
    return "national" if bank is None else str(bank.pk)


def _bank_label(bank) -> str:
    return "Banque nationale" if bank is None else f"Académie de {bank.name}"


def initial_of(question) -> dict:
    initial = {
        "role": question.role,
        "level": question.level,
        "activity": question.activity_id,
        "text": question.text,
        "explanation": question.explanation,
        "active": question.active,
    }
    for n, choice in enumerate(question.choices.all(), start=1):
        initial[f"choice_{n}"] = choice.text
        initial[f"correct_{n}"] = choice.correct
    return initial
