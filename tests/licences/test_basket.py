"""Taking licences: the basket, its checks and its validation, numbering and categories."""

import datetime as dt
import html
from decimal import Decimal

import pytest
from django.urls import reverse

from opuss.accounts.enums import Role
from opuss.finance.models import LedgerLine
from opuss.licences import services
from opuss.licences.models import Basket, EvidenceDeletion, Licence, Pupil
from opuss.rules.season import load_season
from tests.concurrency import at_once, failures
from tests.factories import (
    AffiliationFactory,
    LicenceFactory,
    PupilFactory,
    SeasonFactory,
    UserFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_season")]

CHECKS = list(load_season("2025-2026").licences.checks)


def new_pupil(**extra):
    return {"last_name": "Durand", "first_name": "Léa", "sex": "F",
            "birth_date": dt.date(2009, 3, 14), "insurance": "MAIF_COLLECTIVE", **extra}


def fill(basket, actor, *pupils):
    for values in pupils:
        services.basket_add_new(basket=basket, actor=actor, values=values)


def open_basket(world, actor=None):
    return services.basket_open(association=world.a.association, season=world.season,
                                actor=actor or world.a.teacher)


def text(response):
    return html.unescape(response.content.decode())


def test_validating_a_basket_numbers_and_categorises_the_licences(world, affiliated):
    basket = open_basket(world)
    fill(basket, world.a.teacher, new_pupil(),
         new_pupil(last_name="Martin", first_name="Hugo", sex="M",
                   birth_date=dt.date(2007, 12, 31)))
    licences = services.basket_validate(basket=basket, actor=world.a.teacher, confirmed=CHECKS)
    code = world.a.association.code
    # The world's AS already used number 0001: the next ones follow.
    assert sorted(lic.number for lic in licences) == [f"{code}0002", f"{code}0003"]
    assert {lic.pupil.last_name: lic.category for lic in licences} == {
        "DURAND": "Cadet", "MARTIN": "Junior"}
    assert all(lic.state == "ACTIVE" and lic.created_by == world.a.teacher for lic in licences)
    assert Basket.objects.get().state == "VALIDATED"


@pytest.mark.parametrize(("born", "category"), [
    (dt.date(2008, 1, 1), "Junior"), (dt.date(2009, 12, 31), "Cadet"),
    (dt.date(2010, 1, 1), "Cadet"), (dt.date(2011, 1, 1), "Minime"),
    (dt.date(2013, 12, 31), "Benjamin"), (dt.date(2004, 1, 1), "Senior"),
])
def test_categories_at_the_season_boundaries(world, affiliated, born, category):
    basket = open_basket(world)
    fill(basket, world.a.teacher, new_pupil(birth_date=born))
    [licence] = services.basket_validate(basket=basket, actor=world.a.teacher, confirmed=CHECKS)
    assert licence.category == category


def test_a_birth_year_without_category_is_refused_when_added(world, affiliated):
    with pytest.raises(services.LicenceError, match="Aucune catégorie d'âge"):
        fill(open_basket(world), world.a.teacher, new_pupil(birth_date=dt.date(2003, 6, 11)))


def test_a_renewing_pupil_keeps_his_number_and_new_ones_follow_the_highest_ever(world,
                                                                                 affiliated):
    previous = SeasonFactory(start_year=2024, is_current=False)
    code = world.a.association.code
    old = LicenceFactory(association=world.a.association, season=previous, number=f"{code}0040")
    basket = open_basket(world)
    services.basket_add_renewals(basket=basket, pupils=[old.pupil], actor=world.a.teacher)
    fill(basket, world.a.teacher, new_pupil())
    licences = services.basket_validate(basket=basket, actor=world.a.teacher, confirmed=CHECKS)
    numbers = {lic.pupil_id: lic.number for lic in licences}
    assert numbers[old.pupil_id] == f"{code}0040"
    assert f"{code}0041" in numbers.values()


def test_two_baskets_of_one_as_never_share_a_number(world, affiliated):
    first, second = open_basket(world), open_basket(world, world.a.secretary)
    fill(first, world.a.teacher, new_pupil(), new_pupil(first_name="Zoé"))
    fill(second, world.a.secretary, new_pupil(first_name="Inès"), new_pupil(first_name="Léo"))
    a = services.basket_validate(basket=first, actor=world.a.teacher, confirmed=CHECKS)
    b = services.basket_validate(basket=second, actor=world.a.secretary, confirmed=CHECKS)
    numbers = [lic.number for lic in a + b]
    assert len(set(numbers)) == 4


@pytest.mark.django_db(transaction=True)
def test_two_baskets_validated_at_the_same_moment_get_distinct_numbers(world, affiliated):
    """Two threads, two connections: on PostgreSQL the sequence row's lock makes the second
    wait; on SQLite the database write lock does."""
    baskets = [open_basket(world), open_basket(world, world.a.secretary)]
    for index, basket in enumerate(baskets):
        fill(basket, basket.created_by, *[new_pupil(first_name=f"Élève{index}-{n}")
                                          for n in range(5)])
    assert failures(at_once(*[validating(basket) for basket in baskets])) == []
    numbers = list(Licence.objects.filter(season=world.season, association=world.a.association)
                   .values_list("number", flat=True))
    assert len(numbers) == len(set(numbers)) == 11


def validating(basket):
    return lambda: services.basket_validate(basket=basket, actor=basket.created_by,
                                            confirmed=CHECKS)


@pytest.mark.django_db(transaction=True)
def test_two_as_licensing_the_same_pupil_at_the_same_moment_one_wins(world, affiliated):
    """AS A renews its licensee of last season while AS B, where he has just moved, takes him
    by his INE: one licence, and the other basket is told why in French."""
    AffiliationFactory(association=world.b.association, season=world.season,
                       state="AFFILIATED", affiliated_at="2025-09-20T10:00:00+02:00",
                       fee_affiliation=100, fee_contract=0, people=False)
    pupil = LicenceFactory(association=world.a.association,
                           season=SeasonFactory(start_year=2024, is_current=False),
                           pupil=PupilFactory(ine="4444444444E", last_name="PETIT",
                                              first_name="Zoé")).pupil
    here = open_basket(world)
    services.basket_add_renewals(basket=here, pupils=[pupil], actor=world.a.teacher)
    there = services.basket_open(association=world.b.association, season=world.season,
                                 actor=world.b.teacher)
    fill(there, world.b.teacher, new_pupil(last_name="Petit", first_name="Zoe",
                                           birth_date=pupil.birth_date, ine="4444444444e"))
    outcomes = at_once(validating(here), validating(there))
    [refusal] = failures(outcomes)
    assert isinstance(refusal, services.LicenceError)
    assert "a déjà une licence cette saison" in str(refusal)
    assert Licence.objects.filter(pupil=pupil, season=world.season).count() == 1
    assert Basket.objects.filter(state="OPEN").count() == 1  # the loser's, untouched


def test_validation_requires_every_check_of_the_season(world, affiliated):
    basket = open_basket(world)
    fill(basket, world.a.teacher, new_pupil())
    with pytest.raises(services.LicenceError, match="confirmez"):
        services.basket_validate(basket=basket, actor=world.a.teacher, confirmed=CHECKS[:1])
    assert not Licence.objects.filter(pupil__last_name="DURAND").exists()


def test_an_as_not_affiliated_cannot_license(world):
    with pytest.raises(services.LicenceError, match="pas encore affiliée"):
        open_basket(world)


def test_no_licence_outside_the_licence_period(world, affiliated, settings):
    settings.OPUSS_NOW = "2026-08-26T08:00:00+02:00"
    with pytest.raises(services.LicenceError, match="close depuis le 25 août 2026"):
        open_basket(world)


def test_a_new_pupil_gets_an_account_that_logs_in_with_his_licence_number(world, affiliated):
    basket = open_basket(world)
    fill(basket, world.a.teacher, new_pupil(email="lea.durand@example.fr"))
    [licence] = services.basket_validate(basket=basket, actor=world.a.teacher, confirmed=CHECKS)
    user = licence.pupil.user
    assert user.email == "lea.durand@example.fr"
    assert not user.has_usable_password()  # "ma première connexion"
    assert user.has_role(Role.PUPIL)


def test_the_same_ine_links_to_the_pupil_the_federation_knows(world, affiliated):
    known = PupilFactory(ine="123456789AB", last_name="DURAND", first_name="Léa",
                         birth_date=dt.date(2009, 3, 14))
    basket = open_basket(world)
    fill(basket, world.a.teacher, new_pupil(ine="123456789ab"))
    [licence] = services.basket_validate(basket=basket, actor=world.a.teacher, confirmed=CHECKS)
    assert licence.pupil == known


def test_maif_individual_adds_its_price_to_the_as_account(world, affiliated):
    basket = open_basket(world)
    fill(basket, world.a.teacher, new_pupil(insurance="MAIF_INDIVIDUAL"), new_pupil(
        first_name="Paul"))
    services.basket_validate(basket=basket, actor=world.a.teacher, confirmed=CHECKS)
    lines = LedgerLine.objects.filter(association=world.a.association)
    assert [line.amount for line in lines] == [Decimal("0.97")]
    assert lines.balance() == Decimal("0.97")


def test_probable_duplicates_and_shared_guardian_emails_are_flagged(world, affiliated):
    PupilFactory(last_name="DURAND", first_name="Léa", birth_date=dt.date(2009, 3, 14))
    for n in range(5):
        PupilFactory(guardian_email="famille@example.fr", first_name=f"Frère{n}")
    basket = open_basket(world)
    fill(basket, world.a.teacher, new_pupil(),
         new_pupil(first_name="Eva", guardian_email="famille@example.fr"))
    warnings = services.line_warnings(basket.lines.all(), world.a.teacher)
    by_name = {line.first_name: warnings[line.pk] for line in basket.lines.all()}
    assert any("Doublon probable" in w for w in by_name["Léa"])
    assert any("6 élèves" in w for w in by_name["Eva"])


def test_a_licence_is_never_deleted(world):
    with pytest.raises(EvidenceDeletion):
        world.a.licence.delete()
    with pytest.raises(EvidenceDeletion):
        Licence.objects.all().delete()
    from django.db.models import ProtectedError

    with pytest.raises(ProtectedError):
        world.a.licence.pupil.delete()


def test_the_admin_offers_no_deletion_of_licences(client, world):
    client.force_login(world.dn)
    url = reverse("admin:licences_licence_delete", args=[world.a.licence.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Licence.objects.filter(pk=world.a.licence.pk).exists()


# --- through the pages -----------------------------------------------------------------------


def test_the_basket_page_renews_adds_and_validates(client, world, affiliated):
    previous = SeasonFactory(start_year=2024, is_current=False)
    old = LicenceFactory(association=world.a.association, season=previous)
    client.force_login(world.a.secretary)
    url = reverse("baskets:basket", args=[world.a.association.code])
    assert str(old.pupil) in text(client.get(url))
    client.post(reverse("baskets:add_renewals", args=[world.a.association.code]),
                {"pupils": [old.pupil.pk]})
    assert CHECKS[0] in text(client.get(url))  # the season's checks, once there is an order
    client.post(reverse("baskets:add_new", args=[world.a.association.code]),
                {**new_pupil(), "birth_date": "2009-03-14"})
    response = client.post(reverse("baskets:validate", args=[world.a.association.code]),
                           {"checks": CHECKS}, follow=True)
    assert "Panier validé : 2 licences créées" in text(response)
    assert Licence.objects.filter(season=world.season, association=world.a.association,
                                  basket__isnull=False).count() == 2


def test_a_wrong_new_pupil_keeps_what_was_typed(client, world, affiliated):
    client.force_login(world.a.secretary)
    response = client.post(reverse("baskets:add_new", args=[world.a.association.code]),
                           {**new_pupil(), "birth_date": "2003-06-11", "class_level": "2nde 4"})
    page = text(response)
    assert "Aucune catégorie d'âge" in page and 'value="2nde 4"' in page


def test_the_basket_of_an_as_is_for_its_members_only(client, world, affiliated):
    for user in (world.b.teacher, world.a.sd, world.a.pupil, UserFactory()):
        client.force_login(user)
        assert client.get(reverse("baskets:basket",
                                  args=[world.a.association.code])).status_code == 404


def test_a_non_affiliated_as_sees_why_it_cannot_license(client, world):
    client.force_login(world.a.teacher)
    page = text(client.get(reverse("baskets:basket", args=[world.a.association.code])))
    assert "n'est pas encore affiliée" in page
    assert not Pupil.objects.filter(last_name="DURAND").exists()
