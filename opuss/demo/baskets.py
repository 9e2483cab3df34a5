"""The demo's baskets: the season's licences of each affiliated AS came through a validated
basket of one of its animateurs, and the seed AS 24214 has a basket in progress (renewals, a new
pupil, a probable duplicate) for the demo teacher to validate."""

from opuss.accounts.enums import Role
from opuss.demo import data
from opuss.licences import services
from opuss.licences.enums import BasketState, Insurance, Sex
from opuss.licences.models import Basket, Licence

BASKET = data.PEOPLE["basket"]  # people.toml


def seed_baskets(associations, season, teacher_of_seed_as, when) -> None:
    for association in associations:
        licences = Licence.objects.filter(association=association, season=season)
        if not licences.exists():
            continue
        animateur = (
            association.role_assignments.filter(role__in=[Role.AS_TEACHER, Role.AS_SECRETARY])
            .order_by("pk")
            .first()
            .user
        )
        basket = Basket.objects.create(
            association=association,
            season=season,
            created_by=animateur,
            state=BasketState.VALIDATED,
            validated_at=when,
            confirmed_checks=list(services.required_checks(season)),
        )
        licences.update(basket=basket, created_by=animateur)
    _basket_in_progress(associations[0], season, teacher_of_seed_as)


def _basket_in_progress(association, season, teacher) -> None:
    basket = Basket.objects.create(association=association, season=season, created_by=teacher)
    former = list(services.former_licensees(association, season)[:2])
    services.basket_add_renewals(basket=basket, pupils=former, actor=teacher)
    newcomer = BASKET["new_pupil"]
    services.basket_add_new(
        basket=basket,
        actor=teacher,
        values={
            **newcomer,
            "sex": Sex[newcomer["sex"]],
            "insurance": Insurance[newcomer["insurance"]],
        },
    )
    thomas_like = (
        Licence.objects.filter(association=association, season=season)
        .exclude(pupil__last_name="SCHMITTE")
        .select_related("pupil")
        .first()
        .pupil
    )
    # The same name and birth date as a pupil already licensed: flagged before ordering.
    services.basket_add_new(
        basket=basket,
        actor=teacher,
        values={
            "last_name": thomas_like.last_name,
            "first_name": thomas_like.first_name,
            "sex": thomas_like.sex,
            "birth_date": thomas_like.birth_date,
            "insurance": Insurance[BASKET["duplicate"]["insurance"]],
        },
    )
