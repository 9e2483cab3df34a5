from django import forms
from django.contrib.auth import forms as auth_forms

from opuss.accounts.backends import find_user
from opuss.accounts.services import send_password_link
from opuss.licences.models import Licence


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.CharField(
        label="Adresse mail ou numéro de licence",
        max_length=254,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username"}),
    )
    remember_me = forms.BooleanField(label="Se souvenir de moi", required=False)

    error_messages = {
        "invalid_login": (
            "Identifiant ou mot de passe incorrect. Vérifiez votre adresse mail ou votre numéro "
            "de licence, puis votre mot de passe."
        ),
        "inactive": "Ce compte est désactivé. Contactez votre AS ou votre service régional.",
    }


def contact_address(user) -> str | None:
    """Where a link for this account goes: its login e-mail, else (a pupil without one) the
    pupil's own e-mail, else his legal guardian's."""
    pupil = getattr(user, "pupil", None)
    candidates = [user.email]
    if pupil is not None:
        candidates += [pupil.email, pupil.guardian_email]
    return next((address for address in candidates if address), None)


class PasswordResetForm(forms.Form):
    """ "Mot de passe oublié" by e-mail or licence number. The answer never says whether the
    account exists."""

    login = forms.CharField(label="Adresse mail ou numéro de licence", max_length=254)

    def save(self, request) -> None:
        user = find_user(self.cleaned_data["login"])
        if user is None or not user.is_active:
            return
        send_password_link(user, "accounts/email/password_reset", contact_address(user))


class FirstConnectionForm(forms.Form):
    """Seed 000, "Ma 1ère connexion": a pupil who has a licence and no password yet proves who he
    is with his licence number and birth date, then sets his password from a link by e-mail."""

    licence_number = forms.CharField(
        label="Numéro de licence",
        max_length=9,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "username"}),
    )
    birth_date = forms.DateField(
        label="Date de naissance",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def clean_licence_number(self) -> str:
        value = self.cleaned_data["licence_number"].replace(" ", "")
        if not value.isdigit() or len(value) != 9:
            raise forms.ValidationError("Le numéro de licence compte neuf chiffres.")
        return value

    def save(self, request) -> None:
        licence = (
            Licence.objects.filter(
                number=self.cleaned_data["licence_number"],
                pupil__birth_date=self.cleaned_data["birth_date"],
                pupil__user__is_active=True,
            )
            .select_related("pupil__user")
            .order_by("-season__start_year")
            .first()
        )
        if licence is None:
            return
        user = licence.pupil.user
        send_password_link(user, "accounts/email/first_connection", contact_address(user))


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    error_messages = {
        **auth_forms.PasswordChangeForm.error_messages,
        "password_incorrect": "Le mot de passe actuel est incorrect.",
    }
