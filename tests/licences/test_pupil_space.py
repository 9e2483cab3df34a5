"""The licencié's own space (seed 000): home blocks, the AS tabs, "Mes licences", the renewal
request and writing to the AS. A pupil only ever sees his own records."""

import html
import re

import pytest
from django.core import mail
from django.urls import reverse

from opuss.affiliations.models import AffiliationAnimateur, SportsSection
from opuss.core.models import AuditEntry
from opuss.licences import contact, services
from opuss.licences.enums import RenewalState
from opuss.licences.models import RenewalRequest
from opuss.rules.season import load_season
from opuss.sport.models import Activity
from tests.factories import AffiliationFactory, LicenceFactory, SeasonFactory, affiliated_as

pytestmark = pytest.mark.django_db

CHECKS = list(load_season("2025-2026").licences.checks)


def text(response) -> str:
    return html.unescape(response.content.decode())


def words(response) -> str:
    """The page's text without its tags, spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", text(response)).split())


def animateur(affiliation, last_name, activities, email=None):
    person = AffiliationAnimateur.objects.create(
        affiliation=affiliation,
        civility="MME",
        last_name=last_name,
        first_name="Héloïse",
        email=email or f"{last_name.lower()}@example.fr",
    )
    person.activities.set(Activity.objects.filter(name__in=activities))
    return person


@pytest.fixture
def affiliated(world):
    """Side A's AS, affiliated with two animateurs (the seed's) and no sports section."""
    affiliation = affiliated_as(world.a.association, world.season)
    animateur(affiliation, "BERNASCONI", ["Escalade", "Roller / Skate", "Volley Ball"])
    animateur(affiliation, "KLEIN", ["Cross country", "Escalade", "Tennis de table"])
    return affiliation


def home(client, world, **params):
    client.force_login(world.a.pupil)
    return client.get(reverse("licences:pupil_home"), params)


def test_the_home_shows_his_information_card_and_as(client, world, affiliated):
    pupil = world.a.licence.pupil
    pupil.jo_number = "1529567"
    pupil.save()
    response = home(client, world)
    page = text(response)
    assert f"Licence N° {world.a.licence.number}" in words(response)
    assert "JO N° 1529567" in words(response)
    assert "Aucun numéro renseigné" in page  # guardians' phones not given
    assert reverse("cards:card", args=[world.a.licence.pk]) in page
    assert "Imprimer la licence" in page
    establishment = world.a.association.establishment
    assert establishment.name in page
    assert f"AS {world.a.association.code}" in page
    assert world.a.association.department.academy.name in page
    assert world.a.association.district.label in page
    assert "Contacter mon AS" in page
    assert "Derniers articles" in page


def test_the_tabs_count_and_list_animateurs_activities_and_sections(client, world, affiliated):
    client.force_login(world.a.pupil)
    url = reverse("licences:pupil_home")
    fragment = client.get(
        url, {"onglet": "animateurs"}, headers={"HX-Request": "true", "HX-Target": "as-tabs"}
    )
    page = text(fragment)
    assert "<html" not in page  # only the tabs are swapped
    counts = dict(
        re.findall(
            r"(Animateurs|Activités encadrées|Sections sportives)\s*"
            r"<span class=\"badge\">(\d+)</span>",
            page,
        )
    )
    assert counts == {"Animateurs": "2", "Activités encadrées": "5", "Sections sportives": "0"}
    assert "BERNASCONI Héloïse" in page and "KLEIN Héloïse" in page
    assert "Escalade, Roller / Skate, Volley Ball" in page
    assert page.count("Lui écrire") == 2
    assert "bernasconi@example.fr" not in page  # the animateur's address stays private
    activities = text(client.get(url, {"onglet": "activites"}))
    # Every activity one of its animateurs leads, once each: 5 distinct of 6 declared.
    for name in ["Cross country", "Escalade", "Roller / Skate", "Tennis de table", "Volley Ball"]:
        assert activities.count(f"<li>{name}</li>") == 1
    sections = text(client.get(url, {"onglet": "sections"}))
    assert "Cet établissement n'est dans aucune section sportive." in sections


def test_a_section_and_an_unaccepted_form_show_as_the_regional_service_left_them(client, world):
    accepted = AffiliationFactory(
        association=world.a.association,
        season=SeasonFactory(start_year=2024, is_current=False),
        state="AFFILIATED",
        affiliated_at="2024-09-20T10:00:00+02:00",
        fee_affiliation=100,
        fee_contract=0,
        people=False,
    )
    SportsSection.objects.create(
        affiliation=accepted,
        kind="SECTION",
        activity=Activity.objects.get(name="Handball"),
        eps_teacher="KLEIN Théodore",
        coach="HBC Mulhouse",
    )
    animateur(accepted, "ANCIEN", ["Handball"])
    draft = AffiliationFactory(
        association=world.a.association, season=world.season, state="DRAFT", people=False
    )
    animateur(draft, "NOUVEAU", ["Badminton"])
    page = text(home(client, world, onglet="animateurs"))
    assert "ANCIEN" in page and "NOUVEAU" not in page
    sections = text(home(client, world, onglet="sections"))
    assert "Handball" in sections and "HBC Mulhouse" in sections


def test_mes_licences_lists_every_season_of_his_and_none_of_others(client, world):
    previous = SeasonFactory(start_year=2024, is_current=False)
    old = LicenceFactory(
        pupil=world.a.licence.pupil,
        association=world.a.association,
        season=previous,
        category="Minime",
    )
    client.force_login(world.a.pupil)
    page = text(client.get(reverse("licences:pupil_licences")))
    assert world.a.licence.number in page and "2024-2025" in page and "Minime" in page
    assert reverse("cards:card", args=[old.pk]) in page
    assert world.b.licence.number not in page


@pytest.fixture
def last_season_pupil(world):
    """A pupil of side A licensed last season, not yet this one."""
    previous = SeasonFactory(start_year=2024, is_current=False)
    licence = LicenceFactory(association=world.a.association, season=previous)
    return licence.pupil


def test_a_renewal_request_reaches_the_as_basket_and_is_done_once_licensed(
    client, world, affiliated, last_season_pupil, settings, django_capture_on_commit_callbacks
):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"
    world.a.association.email = "as@example.fr"
    world.a.association.save()
    client.force_login(last_season_pupil.user)
    url = reverse("licences:pupil_renewal")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"message": "Je continue le volley."}, follow=True)
    assert "Ta demande de renouvellement est transmise à ton AS." in text(response)
    renewal = RenewalRequest.objects.get(pupil=last_season_pupil)
    assert renewal.state == RenewalState.PENDING
    assert mail.outbox[-1].to == ["as@example.fr"]
    assert "Je continue le volley." in mail.outbox[-1].body
    again = text(client.post(url, {"message": ""}))
    assert "Ta demande a été transmise" in again
    assert RenewalRequest.objects.filter(pupil=last_season_pupil).count() == 1

    client.force_login(world.a.teacher)
    basket_url = reverse("baskets:basket", args=[world.a.association.code])
    assert "Demandes de renouvellement des élèves" in text(client.get(basket_url))
    client.post(
        reverse("baskets:add_renewals", args=[world.a.association.code]),
        {"pupils": [last_season_pupil.pk]},
    )
    basket = services.basket_open(
        association=world.a.association, season=world.season, actor=world.a.teacher
    )
    services.basket_validate(basket=basket, actor=world.a.teacher, confirmed=CHECKS)
    renewal.refresh_from_db()
    assert renewal.state == RenewalState.DONE and renewal.licence.pupil == last_season_pupil

    client.force_login(last_season_pupil.user)
    assert f"Ta licence {world.season} est prise" in text(client.get(url))


def test_the_as_may_decline_a_request_and_the_pupil_is_told(
    client, world, affiliated, last_season_pupil, settings
):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"
    client.force_login(last_season_pupil.user)
    client.post(reverse("licences:pupil_renewal"), {"message": ""})
    renewal = RenewalRequest.objects.get()
    client.force_login(world.a.teacher)
    client.post(reverse("baskets:decline_request", args=[world.a.association.code, renewal.pk]))
    renewal.refresh_from_db()
    assert renewal.state == RenewalState.DECLINED and renewal.handled_by == world.a.teacher
    assert AuditEntry.objects.filter(
        object_id=str(renewal.pk), action="demande de renouvellement refusée"
    ).exists()
    client.force_login(last_season_pupil.user)
    page = text(client.get(reverse("licences:pupil_renewal")))
    assert "n'a pas été retenue par ton AS" in page


def test_another_as_cannot_decline_a_request(client, world, last_season_pupil):
    renewal = RenewalRequest.objects.create(
        pupil=last_season_pupil,
        association=world.a.association,
        season=world.season,
        created_at="2025-10-01T10:00:00+02:00",
    )
    client.force_login(world.b.teacher)
    url = reverse("baskets:decline_request", args=[world.a.association.code, renewal.pk])
    assert client.post(url).status_code == 404
    renewal.refresh_from_db()
    assert renewal.state == RenewalState.PENDING


def test_a_pupil_already_licensed_this_season_has_nothing_to_ask(client, world):
    client.force_login(world.a.pupil)
    url = reverse("licences:pupil_renewal")
    page = text(client.get(url))
    assert f"Ta licence {world.season} est prise" in page and "<textarea" not in page
    client.post(url, {"message": "encore"})
    assert not RenewalRequest.objects.exists()


def test_lui_ecrire_mails_the_animateur_with_the_pupils_reply_address(
    client, world, affiliated, django_capture_on_commit_callbacks
):
    klein = affiliated.animateurs.get(last_name="KLEIN")
    client.force_login(world.a.pupil)
    url = reverse("licences:pupil_contact") + f"?animateur={klein.pk}"
    blank = text(client.post(url, {"subject": "", "body": "Bonjour", "reply_to": "x@y"}))
    assert "Ce champ est obligatoire." in blank and "Bonjour" in blank  # what he typed is kept
    assert not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "subject": "Cross",
                "body": "Puis-je venir mercredi ?",
                "reply_to": "eleve@example.fr",
            },
        )
    assert response.status_code == 302
    message = mail.outbox[-1]
    assert message.to == ["klein@example.fr"] and message.reply_to == ["eleve@example.fr"]
    assert "Puis-je venir mercredi ?" in message.body


def test_lui_ecrire_to_an_animateur_of_another_as_is_404(
    client, world, affiliated, django_capture_on_commit_callbacks
):
    other = AffiliationFactory(
        association=world.b.association,
        season=world.season,
        state="AFFILIATED",
        affiliated_at="2025-09-20T10:00:00+02:00",
        fee_affiliation=100,
        fee_contract=0,
        people=False,
    )
    stranger = animateur(other, "AILLEURS", ["Judo"])
    client.force_login(world.a.pupil)
    url = reverse("licences:pupil_contact") + f"?animateur={stranger.pk}"
    assert client.get(url).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"subject": "a", "body": "b"}).status_code == 404
    assert not mail.outbox


def test_the_header_names_his_as_and_offers_mon_profil(client, world):
    page = text(home(client, world))
    assert f"AS {world.a.association.code}" in page
    assert "Mon profil" in page and "Modifier mon mot de passe" in page
    assert reverse("licences:pupil_licences") in page


def test_a_pupil_sends_a_few_messages_a_day_then_is_asked_to_wait(
    client, world, affiliated, settings, django_capture_on_commit_callbacks
):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"
    world.a.association.email = "as@example.fr"
    world.a.association.save()
    client.force_login(world.a.pupil)
    url = reverse("licences:pupil_contact")
    message = {"subject": "Question", "body": "Entraînement mercredi ?", "reply_to": ""}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(contact.DAILY_LIMIT):
            assert client.post(url, message).status_code == 302
        refused = text(client.post(url, message))
    assert len(mail.outbox) == contact.DAILY_LIMIT
    assert "réessaie demain" in refused and "Entraînement mercredi ?" in refused
    settings.OPUSS_NOW = "2025-10-07T10:01:00+02:00"  # 24 hours later
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, message).status_code == 302
    assert len(mail.outbox) == contact.DAILY_LIMIT + 1
