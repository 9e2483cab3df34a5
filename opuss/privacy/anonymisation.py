"""What anonymising a pupil erases, and what it keeps and why. Each model's every column is in
one list or the other (tests/privacy/test_coverage.py): a new column must say which.

Counts and statistics keep working on what is kept: sex, birth year, category, AS, season,
insurance. Names, addresses, phones, the INE, the exact birth day and the JO number go."""

from auditlog.models import LogEntry
from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Q, Value
from django.db.models.functions import Cast, Concat, TruncYear

from opuss.accounts.models import User, UserSession
from opuss.core.models import AuditEntry
from opuss.guardians.models import GuardianRequest
from opuss.licences.models import BasketLine, Licence, Pupil, RenewalRequest

ANONYMOUS = "ANONYME"


def erased_identity() -> dict:
    return {
        "last_name": ANONYMOUS,
        "first_name": "",
        "birth_date": TruncYear("birth_date"),  # the year stays: categories, statistics
        "email": "",
        "guardian_email": "",
        "guardian1_phone": "",
        "guardian2_phone": "",
        # Health data (RGPD art. 9): not kept without a person to serve. The licence's
        # « sport partagé » stays for the statistics.
        "handicap": False,
    }


EVIDENCE = "La licence et son histoire : une preuve, sans personne derrière une fois anonymisée."
STATISTICS = "Pour les effectifs et les statistiques."
LINK = "Un lien entre lignes, qui ne dit rien de la personne."

PUPIL_ERASED = erased_identity() | {"ine": None, "phone": "", "jo_number": "", "person_key": ""}
PUPIL_KEPT = {"id": LINK, "user": LINK, "sex": STATISTICS}

LICENCE_ERASED = {"email": "", "guardian_email": "", "guardian1_phone": "", "guardian2_phone": ""}
LICENCE_KEPT = dict.fromkeys(
    (
        "id",
        "number",
        "pupil",
        "association",
        "season",
        "category",
        "class_level",
        "insurance",
        "state",
        "sport_partage",
        "unit_sale",
        "created_at",
        "created_by",
        "basket",
    ),
    EVIDENCE,
)

BASKET_LINE_ERASED = erased_identity() | {"ine": ""}
BASKET_LINE_KEPT = dict.fromkeys(
    (
        "id",
        "basket",
        "source",
        "pupil",
        "sex",
        "class_level",
        "insurance",
        "sport_partage",
        "licence",
    ),
    EVIDENCE,
)

USER_ERASED = {
    "email": None,
    "civility": "",
    "last_name": ANONYMOUS,
    "first_name": "",
    "phone": "",
    "is_active": False,
    "password": None,  # made unusable, see anonymise_pupils
}
USER_KEPT = {
    "id": LINK,
    "last_login": "Une date, sans personne derrière.",
    "date_joined": "Une date, sans personne derrière.",
    "is_superuser": "Jamais vrai pour un licencié.",
}


def anonymise_pupils(pks: list) -> None:
    pupils = Pupil.objects.filter(pk__in=pks)
    licences = Licence.objects.filter(pupil__in=pks)
    users = User.objects.filter(pupil__in=pks)
    _forget_in_audit(pupils, licences, users)
    pupils.update(**PUPIL_ERASED)
    licences.update(**LICENCE_ERASED)
    BasketLine.objects.filter(Q(pupil__in=pks) | Q(licence__pupil__in=pks)).update(
        **BASKET_LINE_ERASED
    )
    RenewalRequest.objects.filter(pupil__in=pks).update(message="")
    # Unique per licence and address: each erased address stays distinct.
    GuardianRequest.objects.filter(licence__pupil__in=pks).update(
        email=Concat(Value("anonyme-"), Cast("pk", CharField()), Value("@anonyme.invalid"))
    )
    UserSession.objects.filter(user__in=users).delete()
    users.update(**USER_ERASED | {"password": make_password(None)})


def _forget_in_audit(pupils, licences, users) -> None:
    """The audit log keeps what happened to his records, not the values that named him."""
    about = Q(pk__in=[])
    log_about = Q(pk__in=[])
    for queryset in (pupils, licences, users):
        label = queryset.model._meta.label_lower
        pks = list(queryset.values_list("pk", flat=True))
        about |= Q(object_type=label, object_id__in=[str(pk) for pk in pks])
        content_type = ContentType.objects.get_for_model(queryset.model)
        log_about |= Q(content_type=content_type, object_id__in=pks)
    AuditEntry.objects.filter(about).update(object_repr=ANONYMOUS, before={}, after={})
    LogEntry.objects.filter(log_about).update(
        object_repr=ANONYMOUS, changes=None, changes_text="", serialized_data=None
    )
