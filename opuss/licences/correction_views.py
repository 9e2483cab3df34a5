"""The regional service's page of a licence: correct, replace, transfer (SR of the académie, or
DN). The departmental service does not change licences."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_POST

from opuss.affiliations.perms import can_decide
from opuss.associations.models import SportsAssociation
from opuss.core.audit import entries_for
from opuss.licences import corrections
from opuss.licences.enums import Sex
from opuss.licences.models import Licence
from opuss.licences.services import LicenceError

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IdentityForm(forms.Form):
    last_name = forms.CharField(label="Nom", max_length=100)
    first_name = forms.CharField(label="Prénom", max_length=100)
    sex = forms.ChoiceField(label="Sexe", choices=Sex.choices)
    birth_date = forms.DateField(label="Date de naissance", widget=DATE_WIDGET)


class ReplacementForm(IdentityForm):
    guardian_email = forms.EmailField(label="E-mail du responsable légal", required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("prefix", "replacement")
        super().__init__(*args, **kwargs)


class TransferForm(forms.Form):
    target = forms.CharField(label="Code de l'AS d'accueil", max_length=5)

    def clean_target(self):
        code = self.cleaned_data["target"].strip()
        target = SportsAssociation.objects.filter(code=code).first()
        if target is None:
            raise forms.ValidationError(f"Aucune AS n'a le code {code}.")
        return target


def _licence_for_sr(request, pk) -> Licence:
    licence = get_object_or_404(
        Licence.objects.for_user(request.user).select_related(
            "pupil", "association__department__academy", "season"),
        pk=pk,
    )
    if not can_decide(request.user, licence.association):
        raise Http404
    return licence


@require_GET
def manage(request, pk):
    licence = _licence_for_sr(request, pk)
    return _render(request, licence)


def _render(request, licence, **forms_):
    pupil = licence.pupil
    return render(request, "licences/manage.html", {
        "licence": licence,
        "identity_form": forms_.get("identity") or IdentityForm(initial={
            "last_name": pupil.last_name, "first_name": pupil.first_name, "sex": pupil.sex,
            "birth_date": pupil.birth_date}),
        "replacement_form": forms_.get("replacement") or ReplacementForm(),
        "transfer_form": forms_.get("transfer") or TransferForm(),
        "audit": entries_for(licence, pupil),
    })


def _apply(request, licence, form_key, form, action, success):
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except LicenceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, success)
            return redirect("corrections:manage", pk=licence.pk)
    return _render(request, licence, **{form_key: form})


@require_POST
def correct_identity(request, pk):
    licence = _licence_for_sr(request, pk)
    return _apply(request, licence, "identity", IdentityForm(request.POST),
                  lambda data: corrections.correct_identity(licence=licence, actor=request.user,
                                                            values=data),
                  "Licencié corrigé.")


@require_POST
def replace(request, pk):
    licence = _licence_for_sr(request, pk)
    return _apply(request, licence, "replacement", ReplacementForm(request.POST),
                  lambda data: corrections.replace_pupil(licence=licence, actor=request.user,
                                                         values=data),
                  "La licence est attribuée au nouvel élève.")


@require_POST
def transfer(request, pk):
    licence = _licence_for_sr(request, pk)
    return _apply(request, licence, "transfer", TransferForm(request.POST),
                  lambda data: corrections.transfer(licence=licence, actor=request.user,
                                                    target=data["target"]),
                  "Licence transférée.")
