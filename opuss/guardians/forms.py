"""The guardian's questions (circular 2025-2026, III.8): the licence's data, image rights
("lu et approuvé oui/non"), RGPD and insurance & rules ("lu et pris connaissance"), and the
IA Sport+ option when it is offered. The paper form asks the same, plus who signed and when."""

from django import forms

from opuss.guardians.mentions import QUESTIONS, digest


def _yes(value: str) -> bool:
    return value == "yes"


def yes_no(label: str, choices: list[tuple[str, str]]) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        choices=choices,
        coerce=_yes,
        widget=forms.RadioSelect,
        error_messages={"required": "Choisissez une réponse."},
    )


class AnswerForm(forms.Form):
    guardian_name = forms.CharField(
        label="Vos nom et prénom",
        required=False,
        max_length=200,
        help_text="Facultatif : utile si les deux responsables légaux répondent.",
    )
    data_correct = yes_no(
        QUESTIONS["data_correct"],
        [("yes", "Oui, ils sont exacts."), ("no", "Non, il faut les corriger.")],
    )
    correction_note = forms.CharField(
        label="Ce qui est inexact",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    image_rights = yes_no(QUESTIONS["image_rights"], [])
    rgpd_read = forms.BooleanField(
        label=QUESTIONS["rgpd_read"],
        error_messages={"required": "Cochez cette case après avoir lu la mention sur le RGPD."},
    )
    insurance_read = forms.BooleanField(
        label=QUESTIONS["insurance_read"],
        error_messages={
            "required": "Cochez cette case après avoir lu la mention sur les assurances."
        },
    )
    shown_digest = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args, shown: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image_rights"].choices = list(shown["image_rights_choices"].items())
        self.fields["shown_digest"].initial = digest(shown)
        ia = shown["ia_sport_plus"]
        if ia is not None:
            self.fields["ia_sport_plus"] = yes_no(
                f"Option IA Sport+ ({ia['price']})",
                [("yes", ia["subscribe"]), ("no", ia["refuse"])],
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("data_correct") is False and not cleaned.get("correction_note", "").strip():
            self.add_error("correction_note", "Précisez ce qui est inexact.")
        return cleaned


class PaperForm(AnswerForm):
    signed_on = forms.DateField(
        label="Date du formulaire signé",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        name = self.fields["guardian_name"]
        name.label, name.required, name.help_text = "Responsable légal signataire", True, ""
