"""Writes on the AS by the services: creating a new AS with its secretary's account, moving it to
another district, changing its e-mail (and so its secretary account). Each service checks, raises
AssociationError with a French message, runs in one transaction, saves what it changes, leaves an
audit entry with its author and sends its e-mails after commit.

Circular 2025-2026: "Le système va créer un utilisateur dont l'identifiant est l'adresse mail
renseignée et enverra à cette même adresse le mot de passe associé" — opuss sends a link to choose
the password instead, never a password (opuss.accounts.services)."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from opuss.accounts.enums import Role
from opuss.accounts.models import RoleAssignment, User
from opuss.accounts.services import send_account_created
from opuss.associations.models import SportsAssociation
from opuss.core.audit import record

CODE_SHAPE = re.compile(r"^[0-9]{5}$")


class AssociationError(Exception):
    """A refused change; the message is shown to the user as it is, next to `field`."""

    def __init__(self, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.field = field


def _raise_first(errors: dict[str, str]) -> None:
    if errors:
        field, message = next(iter(errors.items()))
        raise AssociationError(message, field)


# --- creating an AS -------------------------------------------------------------------------


def creation_errors(*, establishment, code: str, department, district) -> dict[str, str]:
    """What is wrong with a new AS, by field: shown next to the fields by the form, raised by
    association_create."""
    errors = {}
    academy = establishment.department.academy
    if department.academy_id != academy.pk:
        errors["department"] = (
            f"Le département de rattachement doit être dans l'académie de l'établissement "
            f"({academy})."
        )
    if district.department_id != department.pk:
        errors["district"] = f"Ce district n'est pas un district du département {department}."
    # Memento 2011-2012: "un code d'accès à 5 caractères (Ex : 16001) constitué du numéro
    # d'académie à deux caractères et d'un numéro d'ordre dans l'académie à trois caractères".
    if not CODE_SHAPE.match(code):
        errors["code"] = "Le code AS compte 5 chiffres (par exemple 24001)."
    elif not code.startswith(academy.code):
        errors["code"] = (
            f"Le code AS commence par le numéro de l'académie de {academy} ({academy.code})."
        )
    else:
        taken = SportsAssociation.objects.filter(code=code).select_related("establishment").first()
        if taken is not None:
            errors["code"] = f"Le code AS {code} est déjà attribué ({taken})."
    return errors


@transaction.atomic
def association_create(
    *,
    actor,
    establishment,
    code: str,
    department,
    district,
    civility: str,
    last_name: str,
    first_name: str,
    email: str,
) -> SportsAssociation:
    """A new AS and its secretary: an account whose login is the e-mail given (created, or an
    existing one that keeps its password), with the secretary role for the AS."""
    code = code.strip()
    _raise_first(
        creation_errors(
            establishment=establishment, code=code, department=department, district=district
        )
    )
    email = normalise_email(email)
    association = SportsAssociation(
        code=code,
        establishment=establishment,
        department=department,
        district=district,
        email=email,
    )
    try:
        association.full_clean()
    except ValidationError as error:
        _raise_first({field: " ".join(messages) for field, messages in error.message_dict.items()})
    try:
        with transaction.atomic():
            association.save()
    except IntegrityError:  # the same code created by someone else a moment ago
        raise AssociationError(f"Le code AS {code} est déjà attribué.", "code") from None
    secretary, created = _grant_secretary(
        association, email=email, civility=civility, last_name=last_name, first_name=first_name
    )
    record(
        actor=actor,
        action="AS créée",
        obj=association,
        after={
            **_state(association),
            "secrétaire": _person(secretary) + (" (nouveau compte)" if created else ""),
        },
    )
    if created:
        send_account_created(secretary, association)
    return association


# --- the secretary account ------------------------------------------------------------------


def normalise_email(email: str) -> str:
    return email.strip().lower()


def _person(user) -> str:
    return f"{user.display_name} <{user.email}>"


def _grant_secretary(association, *, email, civility, last_name, first_name) -> tuple[User, bool]:
    """The account of this address (created without a usable password if none exists: its owner
    chooses one through the link he receives), holding the secretary role for the AS."""
    user = User.objects.filter(email=email).first()
    created = user is None
    if created:
        user = User.objects.create_user(
            email=email,
            civility=civility,
            last_name=last_name.strip().upper(),
            first_name=first_name.strip(),
        )
    RoleAssignment.objects.get_or_create(user=user, role=Role.AS_SECRETARY, association=association)
    return user, created


def _secretaries(association) -> str:
    holders = User.objects.filter(
        role_assignments__role=Role.AS_SECRETARY, role_assignments__association=association
    ).order_by("last_name", "first_name")
    return ", ".join(_person(user) for user in holders)


# --- moving an AS to another district -------------------------------------------------------


def _state(association) -> dict:
    return {
        "code": association.code,
        "établissement": str(association.establishment),
        "département": str(association.department),
        "district": association.district.label,
        "e-mail": association.email,
    }


def move_errors(*, association, district) -> dict[str, str]:
    if district.department_id != association.department_id:
        return {
            "district": (
                f"Le district « {district.label} » n'est pas un district du département de l'AS "
                f"({association.department}) : choisissez-en un de ce département."
            )
        }
    if district.pk == association.district_id:
        return {"district": f"L'AS est déjà dans le district « {district.label} »."}
    return {}


@transaction.atomic
def association_move_district(*, actor, association, district) -> SportsAssociation:
    """Circular 2025-2026: "Chaque AS doit être affectée à un district. En cas de changement de
    district, le SR devra modifier l'affectation de l'AS à un district." Within its department:
    changing department is another matter (the AS code, the SD's scope)."""
    _raise_first(move_errors(association=association, district=district))
    before = association.district.label
    association.district = district
    association.save(update_fields=["district"])
    record(
        actor=actor,
        action="changement de district",
        obj=association,
        before={"district": before},
        after={"district": district.label},
    )
    return association


# --- changing the AS's e-mail ---------------------------------------------------------------


def email_errors(*, association, email: str) -> dict[str, str]:
    email = normalise_email(email)
    current = association.role_assignments.filter(
        role=Role.AS_SECRETARY, user__email=email
    ).exists()
    if email == (association.email or "").lower() and current:
        return {"email": "C'est déjà l'adresse de l'AS et de son compte secrétaire."}
    return {}


@transaction.atomic
def association_change_email(
    *, actor, association, email: str, civility: str, last_name: str, first_name: str
) -> SportsAssociation:
    """Circular 2025-2026: "le renseignement ou le remplacement de cette dernière génèrera
    automatiquement un nouveau compte utilisateur dont les éléments d'identification seront
    envoyés à l'adresse saisie". The new address becomes the AS's and its secretary account's;
    the previous secretary accounts lose the role for this AS but are kept (their history, their
    other roles)."""
    _raise_first(email_errors(association=association, email=email))
    email = normalise_email(email)
    before = {"e-mail": association.email, "secrétaire": _secretaries(association)}
    secretary, created = _grant_secretary(
        association, email=email, civility=civility, last_name=last_name, first_name=first_name
    )
    RoleAssignment.objects.filter(role=Role.AS_SECRETARY, association=association).exclude(
        user=secretary
    ).delete()
    association.email = email
    association.save(update_fields=["email"])
    after = {
        "e-mail": email,
        "secrétaire": _person(secretary) + (" (nouveau compte)" if created else ""),
    }
    record(
        actor=actor, action="e-mail de l'AS modifié", obj=association, before=before, after=after
    )
    if created:
        send_account_created(secretary, association)
    return association
