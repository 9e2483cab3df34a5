"""What forgets an AS's kept blocks (itself, its home's figures, its pupils' panel:
opuss.core.caching): any change to it, its affiliation, animateurs, sections, licences, renewal
requests, guardians' links and answers, or members; and any competition, which reach many AS."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from opuss.core.caching import forget


def generation(association_id: int) -> str:
    return f"as:{association_id}"


def forget_associations(association_ids) -> None:
    names = [generation(pk) for pk in set(association_ids) if pk is not None]
    if names:
        forget(*names)


def _direct(sender, instance, **kwargs) -> None:
    forget_associations([instance.association_id])


def _association(sender, instance, **kwargs) -> None:
    forget_associations([instance.pk])


def _through_affiliation(sender, instance, **kwargs) -> None:
    from opuss.affiliations.models import Affiliation

    forget_associations(
        Affiliation.objects.filter(pk=instance.affiliation_id).values_list(
            "association_id", flat=True
        )
    )


def _through_licence(sender, instance, **kwargs) -> None:
    from opuss.licences.models import Licence

    forget_associations(
        Licence.objects.filter(pk=instance.licence_id).values_list("association_id", flat=True)
    )


def _activities_changed(sender, instance, reverse, **kwargs) -> None:
    if not reverse:  # an animateur's activities; an activity renamed reaches every AS: TTL
        _through_affiliation(sender, instance)


def _competitions_changed(**kwargs) -> None:
    forget("competitions")


def connect() -> None:
    from opuss.accounts.models import RoleAssignment
    from opuss.affiliations.models import Affiliation, AffiliationAnimateur, SportsSection
    from opuss.associations.models import SportsAssociation
    from opuss.competitions.models import Competition
    from opuss.guardians.models import GuardianRequest, GuardianResponse
    from opuss.licences.models import Licence, RenewalRequest

    receivers = [
        (_association, (SportsAssociation,)),
        (_direct, (Affiliation, Licence, RenewalRequest, RoleAssignment)),
        (_through_affiliation, (AffiliationAnimateur, SportsSection)),
        (_through_licence, (GuardianRequest, GuardianResponse)),
        (_competitions_changed, (Competition,)),
    ]
    for receiver, models in receivers:
        for model in models:
            for signal in (post_save, post_delete):
                signal.connect(receiver, sender=model, dispatch_uid=f"as-cache-{model.__name__}")
    m2m_changed.connect(
        _activities_changed,
        sender=AffiliationAnimateur.activities.through,
        dispatch_uid="as-cache-activities",
    )
