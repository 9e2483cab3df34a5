"""What the regional service may change on a licence, at the AS's request (memento 2011-2012,
"Modifications de licences"): "Erreur de saisie sur le sexe, la date de naissance ou
l'orthographe des nom et prénom", "Élève licencié par erreur. L'A.S. fournit les coordonnées d'un
prochain licencié pour le mettre à la place", "Élève licencié qui change d'établissement ...
contacter le Service Régional". A licence is never deleted; every change is audited."""

from django.db import transaction

from opuss.affiliations.enums import AffiliationState
from opuss.core import clock
from opuss.core.audit import record, snapshot
from opuss.licences.enums import LicenceState
from opuss.licences.models import Licence, Pupil
from opuss.licences.numbering import NumberingError, allocate_numbers
from opuss.licences.services import LicenceError, category_for, ensure_accounts
from opuss.rules.errors import RulesError

IDENTITY_FIELDS = ["last_name", "first_name", "sex", "birth_date"]


@transaction.atomic
def correct_identity(*, licence: Licence, actor, values: dict) -> None:
    pupil = licence.pupil
    before = snapshot(pupil, IDENTITY_FIELDS)
    for name in IDENTITY_FIELDS:
        setattr(pupil, name, values[name])
    pupil.last_name = pupil.last_name.strip().upper()
    try:
        category = category_for(licence.season, pupil.birth_date)
    except RulesError as error:  # a birth year the season has no category for
        raise LicenceError(str(error)) from None
    pupil.save(update_fields=IDENTITY_FIELDS)
    record(actor=actor, action="licencié corrigé", obj=pupil, before=before,
           after=snapshot(pupil, IDENTITY_FIELDS))
    if licence.category != category:
        _recategorise(licence, category, actor)


def _recategorise(licence: Licence, category: str, actor) -> None:
    before = {"catégorie": licence.category}
    licence.category = category
    licence.save(update_fields=["category"])
    record(actor=actor, action="catégorie recalculée", obj=licence, before=before,
           after={"catégorie": category})


@transaction.atomic
def replace_pupil(*, licence: Licence, actor, values: dict) -> Pupil:
    """The licence (its number, its date) goes to the pupil the AS names instead."""
    if licence.state != LicenceState.ACTIVE:
        raise LicenceError("Seule une licence active peut changer de titulaire.")
    try:
        category = category_for(licence.season, values["birth_date"])
    except RulesError as error:
        raise LicenceError(str(error)) from None
    replacement = Pupil.objects.create(
        last_name=values["last_name"].strip().upper(), first_name=values["first_name"].strip(),
        sex=values["sex"], birth_date=values["birth_date"],
        guardian_email=values.get("guardian_email", ""),
    )
    if Licence.objects.filter(season=licence.season, association=licence.association,
                              pupil=replacement).exists():
        raise LicenceError("Cet élève a déjà une licence dans l'AS cette saison.")
    ensure_accounts([replacement], actor)
    before = {"licencié": str(licence.pupil), "catégorie": licence.category}
    licence.pupil, licence.category = replacement, category
    licence.save(update_fields=["pupil", "category"])
    record(actor=actor, action="licence attribuée à un autre élève", obj=licence,
           before=before, after={"licencié": str(replacement), "catégorie": category})
    return replacement


@transaction.atomic
def transfer(*, licence: Licence, actor, target) -> Licence:
    """The pupil changes establishment: his licence here stays, marked transferred, and a new
    one is taken in the AS of his new establishment (which must be affiliated)."""
    if licence.state != LicenceState.ACTIVE:
        raise LicenceError("Cette licence a déjà été transférée.")
    if target.pk == licence.association_id:
        raise LicenceError("Choisissez une autre AS que celle de la licence.")
    if not target.affiliations.filter(season=licence.season,
                                      state=AffiliationState.AFFILIATED).exists():
        raise LicenceError(f"L'AS {target.code} n'est pas affiliée pour {licence.season}.")
    if Licence.objects.filter(season=licence.season, association=target,
                              pupil=licence.pupil).exists():
        raise LicenceError(f"Cet élève a déjà une licence à l'AS {target.code}.")
    try:
        [number] = allocate_numbers(target, 1)
    except NumberingError as error:
        raise LicenceError(str(error)) from None
    updated = Licence.objects.filter(pk=licence.pk, state=LicenceState.ACTIVE).update(
        state=LicenceState.TRANSFERRED)
    if not updated:
        raise LicenceError("Cette licence vient d'être transférée.")
    new = Licence.objects.create(
        number=number, pupil=licence.pupil, association=target, season=licence.season,
        category=licence.category, class_level=licence.class_level,
        insurance=licence.insurance, sport_partage=licence.sport_partage,
        created_at=clock.now(), created_by=actor, email=licence.email,
        guardian_email=licence.guardian_email, guardian1_phone=licence.guardian1_phone,
        guardian2_phone=licence.guardian2_phone,
    )
    record(actor=actor, action="licence transférée", obj=licence,
           before={"AS": licence.association.code, "état": "Active"},
           after={"AS": target.code, "nouvelle licence": number, "état": "Transférée"})
    record(actor=actor, action="licence reçue par transfert", obj=new,
           after={"depuis l'AS": licence.association.code, "ancienne licence": licence.number})
    licence.state = LicenceState.TRANSFERRED
    return new
