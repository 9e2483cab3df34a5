from django import forms

from opuss.accounts.enums import STAFF_ROLES, Role

CODE_HELP = "Le code à 6 chiffres affiché par votre application, ou l'un de vos codes de secours."


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code de vérification",
        max_length=20,
        help_text=CODE_HELP,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )


class SetupForm(forms.Form):
    code = forms.CharField(
        label="Code affiché par l'application",
        max_length=7,
        help_text="Six chiffres : ils changent toutes les 30 secondes.",
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )


class DisableForm(CodeForm):
    password = forms.CharField(
        label="Mot de passe",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    field_order = ["password", "code"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["code"].widget.attrs["autofocus"]
        self.fields["password"].widget.attrs["autofocus"] = True


class PolicyForm(forms.Form):
    roles = forms.MultipleChoiceField(
        label="Obligatoire pour",
        required=False,
        choices=[(role.value, role.label) for role in map(Role, STAFF_ROLES)],
        widget=forms.CheckboxSelectMultiple,
    )
