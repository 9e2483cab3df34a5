"""The first step of a production install (`opuss init`): the seasons whose rules are on file,
and the first account of the national direction, who creates the others."""

from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment, User
from opuss.core.audit import record
from opuss.rules.errors import RulesError
from opuss.rules.season import available_seasons, load_season
from opuss.seasons.models import Season


class InstallError(Exception):
    pass


def checked_email(email: str) -> str:
    """The address of the first DN account, normalised, if that account may be created."""
    email = email.strip().lower()
    if RoleAssignment.objects.filter(role=Role.DN).exists():
        raise InstallError(
            "Un compte de la direction nationale existe déjà : les suivants se créent dans "
            "l'administration."
        )
    try:
        validate_email(email)
    except ValidationError:
        raise InstallError(f"Adresse e-mail invalide : « {email} ».") from None
    if User.objects.filter(email__iexact=email).exists():
        raise InstallError(f"Un compte existe déjà avec l'adresse {email}.")
    return email


def check_password(password: str, *, email: str, last_name: str, first_name: str) -> None:
    """The project's password validators (length, guessability, likeness to the name)."""
    candidate = User(email=email, last_name=last_name, first_name=first_name)
    try:
        password_validation.validate_password(password, user=candidate)
    except ValidationError as error:
        raise InstallError("Mot de passe refusé : " + " ".join(error.messages)) from None


@transaction.atomic
def install(*, email: str, password: str, last_name: str, first_name: str) -> tuple[list, User]:
    """Creates the missing seasons and the first DN account; returns (new seasons, account)."""
    email = checked_email(email)
    check_password(password, email=email, last_name=last_name, first_name=first_name)
    seasons = create_seasons_from_rules()
    dn = User.objects.create_superuser(email, password, last_name=last_name, first_name=first_name)
    record(actor=None, action="compte DN créé par opuss init", obj=dn, after={"email": email})
    return seasons, dn


def create_seasons_from_rules() -> list[Season]:
    """One Season per rules file not yet in the database. If none is open, the latest season
    on file opens: the one whose circular applies to the affiliations and licences to come."""
    created = []
    labels = available_seasons()
    for label in labels:
        try:
            load_season(label)
        except RulesError as error:
            raise InstallError(str(error)) from None
        season, is_new = Season.objects.get_or_create(start_year=int(label[:4]))
        if is_new:
            created.append(season)
            record(actor=None, action="saison créée par opuss init", obj=season)
    if labels and not Season.objects.filter(is_current=True).exists():
        latest = Season.objects.get(start_year=int(labels[-1][:4]))
        latest.is_current = True
        latest.save(update_fields=["is_current"])
    return created
