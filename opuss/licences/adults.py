"""Free adult licences (memento 2011-2012, "Licence adulte gratuite").

"Animateurs d'AS : Lorsque l'AS renseignera ses animateurs, elle pourra générer des licences
adultes. Pour les autres adultes, une entrée « Commandes licences adultes » permettra de saisir :
les membres du bureau directeur : « Dirigeant » (autre qu'animateur) ; les adultes de la
communauté éducative de l'établissement." Only an AS affiliated for the season orders them."""

from django.db import transaction

from opuss.accounts.enums import Role
from opuss.accounts.models import User
from opuss.affiliations.enums import AffiliationState
from opuss.affiliations.models import Affiliation
from opuss.associations.models import SportsAssociation
from opuss.core.audit import record, snapshot
from opuss.licences.enums import AdultKind
from opuss.licences.models import AdultLicence
from opuss.licences.numbering import NumberingError, allocate_numbers

# Animateurs get theirs by generation, from their role in the AS; the order form is for the rest.
ORDERABLE_KINDS = (AdultKind.DIRIGEANT, AdultKind.COMMUNITY)
AUDITED_FIELDS = ["number", "kind", "last_name", "first_name", "email", "user", "season"]


class AdultLicenceError(Exception):
    """A refused order; the message is shown as it is."""


def ordering_refusal(association, season) -> str | None:
    affiliated = Affiliation.objects.filter(
        association=association, season=season, state=AffiliationState.AFFILIATED
    ).exists()
    if affiliated:
        return None
    return (
        f"L'AS {association.code} n'est pas affiliée pour la saison {season} : les licences "
        "adultes se commandent une fois l'affiliation validée par le service régional."
    )


def animateurs_without_licence(association, season) -> list[User]:
    """The AS's animateurs (their role in the AS) who hold no adult licence of the season in it,
    neither by their account nor by their e-mail (one ordered as "Dirigeant" before)."""
    licensed = AdultLicence.objects.filter(association=association, season=season)
    users = set(licensed.exclude(user=None).values_list("user_id", flat=True))
    emails = {e.lower() for e in licensed.values_list("email", flat=True) if e}
    animateurs = (
        User.objects.filter(
            role_assignments__role=Role.AS_TEACHER, role_assignments__association=association
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
    return [
        user
        for user in animateurs
        if user.pk not in users and (user.email or "").lower() not in emails
    ]


@transaction.atomic
def adult_licence_order(
    *, association, season, actor, last_name: str, first_name: str, email: str, kind: str
) -> AdultLicence:
    """A free licence for a member of the board ("Dirigeant") or of the educational community."""
    if kind not in ORDERABLE_KINDS:
        raise AdultLicenceError(
            "Les licences des animateurs se génèrent depuis la liste des animateurs de l'AS."
        )
    _lock_and_check(association, season)
    email = email.strip()
    if email:
        already = AdultLicence.objects.filter(
            association=association, season=season, email__iexact=email
        ).first()
        if already:
            raise AdultLicenceError(
                f"{already.last_name.upper()} {already.first_name} ({email}) a déjà une licence "
                f"adulte de l'AS pour {season} : n° {already.number}."
            )
    account = User.objects.filter(email__iexact=email).first() if email else None
    if (
        account
        and AdultLicence.objects.filter(
            association=association, season=season, user=account
        ).exists()
    ):
        raise AdultLicenceError(f"{account} a déjà une licence adulte de l'AS pour {season}.")
    licence = AdultLicence.objects.create(
        number=_numbers(association, 1)[0],
        association=association,
        season=season,
        kind=kind,
        user=account,
        last_name=last_name.strip().upper(),
        first_name=first_name.strip(),
        email=email,
    )
    record(
        actor=actor,
        action="licence adulte commandée",
        obj=licence,
        after=snapshot(licence, AUDITED_FIELDS),
    )
    return licence


@transaction.atomic
def animateur_licences_generate(*, association, season, actor) -> list[AdultLicence]:
    """Each animateur of the AS without one gets his free licence of the season; running it
    again gives nothing new."""
    _lock_and_check(association, season)
    animateurs = animateurs_without_licence(association, season)
    created = []
    for user, number in zip(animateurs, _numbers(association, len(animateurs)), strict=True):
        licence = AdultLicence.objects.create(
            number=number,
            association=association,
            season=season,
            kind=AdultKind.ANIMATEUR,
            user=user,
            last_name=user.last_name.upper(),
            first_name=user.first_name,
            email=user.email or "",
        )
        record(
            actor=actor,
            action="licence adulte d'animateur générée",
            obj=licence,
            after=snapshot(licence, AUDITED_FIELDS),
        )
        created.append(licence)
    return created


def _lock_and_check(association, season) -> None:
    """Orders of one AS wait for each other (the AS row is locked until commit), so that two
    clicks on "Générer" cannot license an animateur twice."""
    SportsAssociation.objects.select_for_update().filter(pk=association.pk).first()
    refusal = ordering_refusal(association, season)
    if refusal:
        raise AdultLicenceError(refusal)


def _numbers(association, count: int) -> list[str]:
    try:
        return allocate_numbers(association, count)
    except NumberingError as error:
        raise AdultLicenceError(str(error)) from None
