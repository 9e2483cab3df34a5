"""A pupil the federation already knows, met again in a basket (issue #11, finding 1): a known INE
attaches a line only to the same person; contacts typed by an AS live on its licence, never on the
addresses that receive the pupil's password links; a warning says nothing of a pupil the viewer
does not see; imports follow the same rule."""

import datetime as dt
import html

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from opuss.accounts.forms import contact_address
from opuss.guardians import services as guardians
from opuss.guardians.models import GuardianRequest
from opuss.guardians.selectors import with_guardian_state
from opuss.licences import importing, services
from opuss.licences.importing import Decision, read_rows
from opuss.licences.models import Basket, BasketLine, Licence, Pupil
from opuss.rules.season import load_season
from tests.factories import LicenceFactory, SeasonFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_season")]

CHECKS = list(load_season("2025-2026").licences.checks)
INE_TAKEN = "Cet INE est déjà celui d'un autre élève"
BORN = dt.date(2010, 4, 5)
# What a teacher types to take a pupil over: his own addresses.
HIS_OWN = {"email": "pirate@example.fr", "guardian_email": "pirate.parent@example.fr"}


# A name no Faker person of the test world can bear: the page must not show it (the header
# shows the teacher's own name, which Faker may draw as « Élodie »).
def with_identity(pupil, **extra):
    values = {
        "last_name": "ZOLMÈNE-MARTIN",
        "first_name": "Zélodie",
        "birth_date": BORN,
        "ine": "0123456789A",
        "email": "elodie@famille.fr",
        "guardian_email": "parent@famille.fr",
    } | extra
    for name, value in values.items():
        setattr(pupil, name, value)
    pupil.save()
    pupil.user.email = "elodie@famille.fr"
    pupil.user.save(update_fields=["email"])
    return pupil


@pytest.fixture
def victim(world):
    """Side B's licensee of this season (another académie), with an INE and addresses."""
    return with_identity(world.b.licence.pupil)


@pytest.fixture
def mover(world):
    """Side B's licensee of last season, not licensed this season: he changed establishment."""
    last_season = SeasonFactory(start_year=2024, is_current=False)
    licence = LicenceFactory(
        association=world.b.association,
        season=last_season,
        number=f"{world.b.association.code}0077",
    )
    return with_identity(licence.pupil, ine="1111111111B")


def typed(**extra):
    return {
        "last_name": "Durand",
        "first_name": "Léa",
        "sex": "F",
        "birth_date": BORN,
        "insurance": "MAIF_COLLECTIVE",
        **extra,
    }


def as_typed_by_hand(pupil, **extra):
    """The pupil's names as a teacher types them: other case, no accents, a space for the
    hyphen."""
    return typed(
        last_name="Zolmene Martin",
        first_name="ZELODIE",
        birth_date=pupil.birth_date,
        ine=pupil.ine.lower(),
        **extra,
    )


def open_basket(world, side="a"):
    people = getattr(world, side)
    return services.basket_open(
        association=people.association, season=world.season, actor=people.teacher
    )


def validate(basket):
    return services.basket_validate(basket=basket, actor=basket.created_by, confirmed=CHECKS)


def addresses(pupil):
    pupil.refresh_from_db()
    pupil.user.refresh_from_db()
    return pupil.email, pupil.guardian_email, pupil.user.email


def in_scope(user, pupil):
    return Pupil.objects.for_user(user).filter(pk=pupil.pk).exists()


def text(response):
    return html.unescape(response.content.decode())


# --- the takeover ---------------------------------------------------------------------------


def test_another_pupils_ine_with_other_names_is_refused_when_the_line_is_added(
    world, affiliated, victim
):
    with pytest.raises(services.LicenceError, match=INE_TAKEN) as refused:
        services.basket_add_new(
            basket=open_basket(world),
            actor=world.a.teacher,
            values=typed(ine=victim.ine, **HIS_OWN),
        )
    assert "service régional" in str(refused.value)
    assert not BasketLine.objects.exists()


def test_a_teacher_cannot_take_over_another_academys_pupil_through_the_basket(
    client, world, affiliated, victim
):
    code = world.a.association.code
    client.force_login(world.a.teacher)
    page = text(
        client.post(
            reverse("baskets:add_new", args=[code]),
            {**typed(ine=victim.ine, **HIS_OWN), "birth_date": "2010-04-05"},
        )
    )
    assert (
        "Cet INE est déjà celui d'un autre élève : vérifiez l'INE saisi, ou demandez au "
        "service régional." in page
    )
    for secret in ("ZOLMÈNE", "Zélodie", world.b.association.code):
        assert secret not in page
    client.post(reverse("baskets:validate", args=[code]), {"checks": CHECKS})
    assert addresses(victim) == ("elodie@famille.fr", "parent@famille.fr", "elodie@famille.fr")
    assert not in_scope(world.a.teacher, victim)
    assert not Licence.objects.filter(association=world.a.association, pupil=victim).exists()


def test_a_line_that_escaped_the_check_is_refused_again_at_validation(world, affiliated, victim):
    basket = open_basket(world)
    BasketLine.objects.create(basket=basket, source="NEW", **typed(ine=victim.ine, **HIS_OWN))
    with pytest.raises(services.LicenceError, match=INE_TAKEN):
        validate(basket)
    assert addresses(victim) == ("elodie@famille.fr", "parent@famille.fr", "elodie@famille.fr")
    assert not in_scope(world.a.teacher, victim)
    assert Basket.objects.get(pk=basket.pk).state == "OPEN"


# --- the pupil who changed establishment ----------------------------------------------------


def test_the_same_ine_names_and_birth_date_attach_the_line_to_the_known_pupil(
    world, affiliated, mover
):
    basket = open_basket(world)
    services.basket_add_new(basket=basket, actor=world.a.teacher, values=as_typed_by_hand(mover))
    [licence] = validate(basket)
    assert licence.pupil == mover
    assert Pupil.objects.filter(ine=mover.ine).count() == 1
    assert in_scope(world.a.teacher, mover)  # rightly: his AS now


def test_a_known_pupil_already_licensed_this_season_elsewhere_is_refused_at_validation(
    world, affiliated, victim
):
    basket = open_basket(world)
    services.basket_add_new(basket=basket, actor=world.a.teacher, values=as_typed_by_hand(victim))
    with pytest.raises(services.LicenceError, match="déjà une licence cette saison"):
        validate(basket)
    assert list(Licence.objects.filter(pupil=victim, season=world.season)) == [world.b.licence]


def test_two_lines_for_one_ine_are_refused(world, affiliated):
    basket = open_basket(world)
    services.basket_add_new(basket=basket, actor=world.a.teacher, values=typed(ine="2222222222C"))
    with pytest.raises(services.LicenceError, match="déjà dans le panier"):
        services.basket_add_new(
            basket=basket, actor=world.a.teacher, values=typed(first_name="Zoé", ine="2222222222C")
        )


# --- whose contacts -------------------------------------------------------------------------


def test_contacts_typed_for_a_known_pupil_go_on_the_licence_and_its_guardian_link_only(
    world, affiliated, mover, django_capture_on_commit_callbacks
):
    basket = open_basket(world)
    services.basket_add_new(
        basket=basket,
        actor=world.a.teacher,
        values=as_typed_by_hand(mover, guardian1_phone="06 12 34 56 78", **HIS_OWN),
    )
    with django_capture_on_commit_callbacks(execute=True):
        [licence] = validate(basket)
    assert (licence.email, licence.guardian_email, licence.guardian1_phone) == (
        "pirate@example.fr",
        "pirate.parent@example.fr",
        "06 12 34 56 78",
    )
    assert GuardianRequest.objects.get(licence=licence).email == "pirate.parent@example.fr"
    assert [message.to for message in mail.outbox] == [["pirate.parent@example.fr"]]
    assert addresses(mover) == ("elodie@famille.fr", "parent@famille.fr", "elodie@famille.fr")


def test_a_renewal_keeps_the_pupils_own_addresses_and_uses_the_ones_typed_for_the_licence(
    world, affiliated
):
    former = LicenceFactory(
        association=world.a.association, season=SeasonFactory(start_year=2024, is_current=False)
    ).pupil
    with_identity(former)
    basket = open_basket(world)
    services.basket_add_renewals(basket=basket, pupils=[former], actor=world.a.teacher)
    basket.lines.update(guardian_email="nouveau.parent@example.fr")  # as an import refreshes it
    [licence] = validate(basket)
    assert licence.guardian_email == "nouveau.parent@example.fr"
    assert GuardianRequest.objects.get(licence=licence).email == "nouveau.parent@example.fr"
    assert addresses(former) == ("elodie@famille.fr", "parent@famille.fr", "elodie@famille.fr")


def test_a_known_pupil_without_any_address_gets_those_of_the_as_licensing_him_this_season(
    world, affiliated, mover
):
    """Otherwise no first-connection link could ever reach him (issue #11: « or an AS that
    already holds his licence this season when he has none »)."""
    mover.email = mover.guardian_email = ""
    mover.save()
    mover.user.email = None
    mover.user.save(update_fields=["email"])
    basket = open_basket(world)
    services.basket_add_new(
        basket=basket, actor=world.a.teacher, values=as_typed_by_hand(mover, **HIS_OWN)
    )
    [licence] = validate(basket)
    assert addresses(mover) == ("pirate@example.fr", "pirate.parent@example.fr", None)
    assert contact_address(mover.user) == "pirate@example.fr"
    assert licence.guardian_email == "pirate.parent@example.fr"


def test_a_known_pupil_with_only_a_guardian_address_keeps_it_and_gets_no_other(
    world, affiliated, mover
):
    mover.email = ""
    mover.save()
    mover.user.email = None
    mover.user.save(update_fields=["email"])
    basket = open_basket(world)
    services.basket_add_new(
        basket=basket, actor=world.a.teacher, values=as_typed_by_hand(mover, **HIS_OWN)
    )
    validate(basket)
    assert addresses(mover) == ("", "parent@famille.fr", None)


def test_a_new_pupil_takes_the_addresses_typed_by_the_as_creating_his_licence(world, affiliated):
    basket = open_basket(world)
    services.basket_add_new(
        basket=basket,
        actor=world.a.teacher,
        values=typed(
            ine="3333333333D",
            email="lea@example.fr",
            guardian_email="parent.lea@example.fr",
            guardian2_phone="07 00 00 00 00",
        ),
    )
    [licence] = validate(basket)
    pupil = licence.pupil
    assert addresses(pupil) == ("lea@example.fr", "parent.lea@example.fr", "lea@example.fr")
    assert (pupil.guardian2_phone, licence.guardian2_phone) == ("07 00 00 00 00",) * 2
    assert licence.guardian_email == "parent.lea@example.fr"


# --- warnings -------------------------------------------------------------------------------


def warnings_of(world, basket, viewer=None):
    lines = list(basket.lines.all())
    found = services.line_warnings(lines, viewer or world.a.teacher)
    return {line.first_name: " ".join(found[line.pk]) for line in lines}


def test_a_namesake_outside_the_viewers_scope_is_flagged_without_a_word_about_him(
    client, world, affiliated, victim
):
    basket = open_basket(world)
    services.basket_add_new(
        basket=basket,
        actor=world.a.teacher,
        values=typed(last_name=victim.last_name, first_name=victim.first_name),
    )
    warning = warnings_of(world, basket)[victim.first_name]
    assert warning.startswith(
        "Doublon probable : un élève de mêmes nom, prénom et date de naissance est déjà connu"
    )
    for secret in (str(victim), "05/04/2010", world.b.association.code):
        assert secret not in warning
    client.force_login(world.a.teacher)
    page = text(client.get(reverse("baskets:basket", args=[world.a.association.code])))
    assert "Doublon probable : un élève de mêmes nom" in page
    assert world.b.association.code not in page


def test_a_namesake_the_viewer_sees_is_named_with_his_as(world, affiliated):
    own = world.a.licence.pupil
    basket = open_basket(world)
    services.basket_add_new(
        basket=basket,
        actor=world.a.teacher,
        values=typed(last_name=own.last_name, first_name=own.first_name, birth_date=own.birth_date),
    )
    assert warnings_of(world, basket)[own.first_name] == (
        f"Doublon probable : {own} né(e) le {own.birth_date:%d/%m/%Y}, licencié(e) à l'AS "
        f"{world.a.association.code}."
    )


def test_a_known_ine_outside_the_viewers_scope_says_only_that_the_pupil_is_known(
    client, world, affiliated, victim
):
    basket = open_basket(world)
    services.basket_add_new(basket=basket, actor=world.a.teacher, values=as_typed_by_hand(victim))
    warning = warnings_of(world, basket)["ZELODIE"]
    assert warning == (
        "Un élève de même INE, mêmes nom, prénom et date de naissance est déjà "
        "connu : la licence lui sera rattachée."
    )
    # DN sees every pupil: he is told who.
    assert str(victim) in warnings_of(world, basket, world.dn)["ZELODIE"]
    client.force_login(world.a.teacher)
    page = text(client.get(reverse("baskets:basket", args=[world.a.association.code])))
    for secret in ("ZOLMÈNE", world.b.association.code):
        assert secret not in page


# --- imports --------------------------------------------------------------------------------

HEADER = "Nom;Prénom;Sexe;Date de naissance;INE;Classe;Email responsable légal"


def upload(*lines):
    return SimpleUploadedFile("eleves.csv", "\r\n".join([HEADER, *lines]).encode("utf-8-sig"))


def preview(world, *lines):
    return importing.preview(
        read_rows(upload(*lines)).rows,
        association=world.a.association,
        season=world.season,
        actor=world.a.teacher,
    )


def test_an_imported_row_with_another_pupils_ine_is_rejected_and_says_why(
    world, affiliated, victim
):
    (row,) = preview(world, f"Durand;Léa;F;05/04/2010;{victim.ine};;pirate.parent@example.fr")
    assert row.decision == Decision.REJECT
    assert row.reasons == [
        "Cet INE est déjà celui d'un autre élève : vérifiez l'INE saisi, ou "
        "demandez au service régional."
    ]


def test_an_imported_row_of_the_same_known_pupil_is_created_and_attached_at_validation(
    world, affiliated, mover
):
    line = f"Zolmene-Martin;zelodie;F;{BORN:%d/%m/%Y};{mover.ine};4e B;pirate.parent@example.fr"
    (row,) = preview(world, line)
    assert row.decision == Decision.CREATE
    assert row.warnings == [
        "Un élève de même INE, mêmes nom, prénom et date de naissance est "
        "déjà connu : la licence lui sera rattachée."
    ]
    basket = open_basket(world)
    rows = read_rows(upload(line)).rows
    assert importing.import_rows(basket=basket, rows=rows, actor=world.a.teacher).created == 1
    [licence] = validate(basket)
    assert (licence.pupil, licence.guardian_email) == (mover, "pirate.parent@example.fr")
    assert addresses(mover) == ("elodie@famille.fr", "parent@famille.fr", "elodie@famille.fr")


def test_importing_a_file_with_another_pupils_ine_adds_nothing_and_shows_nothing_of_him(
    client, world, affiliated, victim
):
    client.force_login(world.a.teacher)
    url = reverse("imports:upload", args=[world.a.association.code])
    preview_page = client.post(url, {"file": upload(f"Durand;Léa;F;05/04/2010;{victim.ine};;")})
    page = text(preview_page)
    assert "Cet INE est déjà celui d'un autre élève" in page
    for secret in ("ZOLMÈNE", "Zélodie", world.b.association.code):
        assert secret not in page
    client.post(
        reverse("imports:confirm", args=[world.a.association.code]),
        {"import": preview_page.context["token"]},
    )
    assert not BasketLine.objects.exists()


# --- the guardian's link follows the licence ------------------------------------------------


def test_the_guardian_of_a_licence_is_the_one_typed_with_it(world, affiliated):
    licence = world.a.licence
    licence.guardian_email = "parent.saisi@example.fr"
    licence.save(update_fields=["guardian_email"])
    assert licence.pupil.guardian_email == ""
    [state] = with_guardian_state(Licence.objects.filter(pk=licence.pk))
    assert state.guardian_state != "NO_EMAIL"
    sent = guardians.association_resend(
        association=world.a.association, season=world.season, actor=world.a.teacher
    )
    assert sent == 1
    assert GuardianRequest.objects.get(licence=licence).email == "parent.saisi@example.fr"
