from django import forms
from django.core.validators import RegexValidator

from opuss.associations import perms, services
from opuss.territories.enums import Civility
from opuss.territories.models import Department, District, Establishment


class EstablishmentField(forms.ModelChoiceField):
    def label_from_instance(self, establishment) -> str:
        label = f"{establishment.uai} – {establishment} – {establishment.city}"
        codes = [a.code for a in establishment.associations.all()]
        return f"{label} (AS existante : {', '.join(codes)})" if codes else label


class DistrictField(forms.ModelChoiceField):
    def label_from_instance(self, district) -> str:
        return f"{district.label} ({district.department.code})"


class SecretaryFields(forms.Form):
    """The secretary whose address is the AS's e-mail and the login of his account."""

    civility = forms.ChoiceField(label="Civilité", choices=[("", "— Choisir —"), *Civility.choices])
    last_name = forms.CharField(label="Nom", max_length=100)
    first_name = forms.CharField(label="Prénom", max_length=100)
    email = forms.EmailField(
        label="Adresse e-mail",
        help_text="L'identifiant de connexion du ou de la secrétaire, qui y reçoit un lien pour "
        "choisir son mot de passe. Si un compte existe déjà avec cette adresse, il garde son nom "
        "et son mot de passe et reçoit le rôle de secrétaire de l'AS.",
    )


class AssociationCreateForm(SecretaryFields):
    """Circular 2025-2026: "en choisissant l'établissement dans la liste déroulante ... en
    renseignant : un code AS, le département de rattachement, le district de rattachement, la
    civilité, le nom, le prénom et l'adresse mail du ou de la secrétaire de la nouvelle AS"."""

    establishment = EstablishmentField(
        label="Établissement (UAI – type et nom – commune)",
        queryset=None,
        empty_label="— Choisir —",
    )
    code = forms.CharField(
        label="Code AS",
        max_length=5,
        validators=[RegexValidator(r"^[0-9]{5}$", "Le code AS compte 5 chiffres.")],
        help_text="5 chiffres : les deux de l'académie puis un numéro d'ordre (par ex. 24001).",
    )
    department = forms.ModelChoiceField(
        label="Département de rattachement",
        queryset=None,
        required=False,
        empty_label="— Celui de l'établissement —",
    )
    district = DistrictField(
        label="District de rattachement",
        queryset=None,
        empty_label="— Choisir —",
        error_messages={"invalid_choice": "Choisissez un district du département de rattachement."},
    )
    field_order = [
        "establishment",
        "code",
        "department",
        "district",
        "civility",
        "last_name",
        "first_name",
        "email",
    ]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        academies = perms.creation_academies(user)
        self.fields["establishment"].queryset = (
            Establishment.objects.for_user(user)
            .filter(department__academy__in=academies)
            .select_related("department__academy")
            .prefetch_related("associations")
            .order_by("uai")
        )
        departments = Department.objects.for_user(user).filter(academy__in=academies)
        self.fields["department"].queryset = departments
        districts = District.objects.for_user(user).filter(department__in=departments)
        department = self.placement_department()
        if department is not None:
            districts = districts.filter(department=department)
        self.fields["district"].queryset = districts.select_related("department").order_by(
            "department__code", "label"
        )

    def _value(self, name):
        source = self.data if self.is_bound else self.initial
        value = source.get(name)
        return getattr(value, "pk", value) or None

    def placement_department(self):
        """The department the districts are offered for: the one chosen, or the establishment's
        (htmx asks again when either changes); None lists the districts of every department."""
        for name, path in (("department", "pk"), ("establishment", "establishments")):
            value = self._value(name)
            if value:
                try:
                    found = self.fields["department"].queryset.filter(**{path: value}).first()
                except (TypeError, ValueError):
                    found = None
                if found is not None:
                    return found
        return None

    def clean(self):
        data = super().clean()
        establishment = data.get("establishment")
        if establishment is None:
            return data
        if data.get("department") is None and "department" not in self.errors:
            data["department"] = establishment.department
        if "code" in data and data.get("district") and data.get("department"):
            errors = services.creation_errors(
                establishment=establishment,
                code=data["code"],
                department=data["department"],
                district=data["district"],
            )
            for field, message in errors.items():
                self.add_error(field, message)
        return data


class DistrictMoveForm(forms.Form):
    district = forms.ModelChoiceField(
        label="Nouveau district", queryset=None, empty_label="— Choisir —"
    )

    def __init__(self, *args, user, association, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association
        department = association.department
        self.fields["district"].queryset = (
            District.objects.for_user(user)
            .filter(department=department)
            .exclude(pk=association.district_id)
        )
        self.fields["district"].error_messages["invalid_choice"] = (
            f"Choisissez un autre district du département de l'AS ({department})."
        )

    def clean(self):
        data = super().clean()
        if data.get("district") is not None:
            errors = services.move_errors(association=self.association, district=data["district"])
            for field, message in errors.items():
                self.add_error(field, message)
        return data


class EmailChangeForm(SecretaryFields):
    field_order = ["email", "civility", "last_name", "first_name"]

    def __init__(self, *args, association, **kwargs):
        super().__init__(*args, **kwargs)
        self.association = association
        self.fields["email"].label = "Nouvelle adresse e-mail de l'AS"
        for name in ("civility", "last_name", "first_name"):
            self.fields[name].label += " du ou de la secrétaire"

    def clean_email(self) -> str:
        email = services.normalise_email(self.cleaned_data["email"])
        errors = services.email_errors(association=self.association, email=email)
        if errors:
            raise forms.ValidationError(errors["email"])
        return email
