from tests.access import (
    AS_MEMBERS_A,
    POST_ONLY,
    BodyId,
    Inner,
    Write,
    affiliated_a,
    only,
    writers,
)

AS_A = lambda w: {"code": w.a.association.code}  # noqa: E731

RULES = {
    # Side A's AS is not affiliated in the world: its members see the page and the refusal.
    "baskets:basket": (AS_A, only(AS_MEMBERS_A)),
    "baskets:add_renewals": (AS_A, POST_ONLY),
    "baskets:add_new": (AS_A, POST_ONLY),
    "baskets:remove_line": (lambda w: {"code": w.a.association.code, "line_id": 1}, POST_ONLY),
    "baskets:validate": (AS_A, POST_ONLY),
    "baskets:decline_request": (
        lambda w: {"code": w.a.association.code, "request_id": 1},
        POST_ONLY,
    ),
}


# --- writes: side A affiliated, inside the licence period -----------------------------------


def former_licensee(w, side="a"):
    """A pupil of the side's AS last season, not licensed this one: a renewal to offer."""
    from tests.factories import LicenceFactory, SeasonFactory

    association = getattr(w, side).association
    return LicenceFactory(
        association=association,
        season=SeasonFactory(start_year=2024, is_current=False),
        number=f"{association.code}0900",
    ).pupil


def basket_line(w, actor, side="a", **values):
    """A new pupil in the actor's open basket for the side's AS."""
    import datetime as dt

    from opuss.licences.models import Basket, BasketLine

    basket, _ = Basket.objects.get_or_create(
        association=getattr(w, side).association, season=w.season, created_by=actor, state="OPEN"
    )
    fields = {"last_name": "DURAND", "first_name": "Léa", "sex": "F"} | values
    return BasketLine.objects.create(
        basket=basket, source="NEW", birth_date=dt.date(2009, 3, 14), **fields
    )


def renewal_request(w, side="a"):
    from opuss.licences.models import RenewalRequest

    return RenewalRequest.objects.create(
        pupil=former_licensee(w, side),
        association=getattr(w, side).association,
        season=w.season,
        created_at=w.a.licence.created_at,
    )


def licensing_a(w):
    affiliated_a(w)
    return AS_A(w)


def renewals_a(w):
    former_licensee(w)
    return licensing_a(w)


def line_a(w):
    return licensing_a(w) | {"line_id": basket_line(w, w.a.teacher).pk}


def request_a(w):
    return licensing_a(w) | {"request_id": renewal_request(w).pk}


def baskets_a(w):
    basket_line(w, w.a.teacher)
    basket_line(w, w.a.secretary, first_name="Hugo", sex="M")
    return licensing_a(w)


def checks(w, k):
    from opuss.rules.season import load_season

    return {"checks": list(load_season(w.season.label).licences.checks)}


def new_pupil(w, k):
    return {
        "last_name": "Martin",
        "first_name": "Hugo",
        "sex": "M",
        "birth_date": "2009-03-14",
        "guardian_email": "parent.martin@example.fr",
        "insurance": "MAIF_COLLECTIVE",
    }


def pupils_to_renew(w, k):
    from opuss.licences.models import Pupil

    return {"pupils": [Pupil.objects.get(licences__number=f"{k['code']}0900").pk]}


WRITES = {
    "baskets:add_renewals": Write(renewals_a, pupils_to_renew, writers(AS_MEMBERS_A)),
    "baskets:add_new": Write(licensing_a, new_pupil, writers(AS_MEMBERS_A)),
    # One open basket per person: a line is its author's to remove.
    "baskets:remove_line": Write(line_a, lambda w, k: {}, writers({"teacher"})),
    "baskets:decline_request": Write(request_a, lambda w, k: {}, writers(AS_MEMBERS_A)),
    "baskets:validate": Write(baskets_a, checks, writers(AS_MEMBERS_A)),
}

INNER_IDS = {
    "baskets:remove_line": Inner(
        lambda w: licensing_a(w) | {"line_id": basket_line(w, w.b.teacher, side="b").pk}
    ),
    "baskets:decline_request": Inner(
        lambda w: licensing_a(w) | {"request_id": renewal_request(w, side="b").pk}
    ),
}


def renewals_into_open_baskets_a(w):
    """The members' baskets already open: only a line added could change anything."""
    from opuss.licences.models import Basket

    for actor in (w.a.teacher, w.a.secretary):
        Basket.objects.create(association=w.a.association, season=w.season, created_by=actor)
    return renewals_a(w)


BODY_IDS = {
    # Only last season's licensees of the AS and the pupils who asked it are renewed.
    ("baskets:add_renewals", "pupils"): BodyId(
        ("opuss.licences.basket_views:POST:pupils",),
        lambda w, k: {"pupils": [w.b.licence.pupil_id]},
        kwargs=renewals_into_open_baskets_a,
    ),
}
