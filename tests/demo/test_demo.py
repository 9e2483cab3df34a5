"""The demo a newcomer meets with `make run`: every account logs in through the form and lands on
its role's home, and the world has what the foundation promises."""

import json

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from opuss.associations.models import SportsAssociation
from opuss.licences.models import Licence
from opuss.seasons.models import Season
from opuss.territories.enums import EstablishmentType
from opuss.territories.models import Establishment
from tests.helpers import log_in

pytestmark = pytest.mark.django_db

HOMES = {
    "pupil": "/licencies/mon-espace/",
    "pupil_other": "/licencies/mon-espace/",
    "pupil_renewal": "/licencies/mon-espace/",
    "teacher": "/as/24214/",
    "as_secretary": "/as/24214/",
    "sd": "/services/",
    "sr": "/services/",
    "dn": "/services/",
}


@pytest.fixture
def demo(capsys):
    call_command("seed", force=True)
    capsys.readouterr()
    call_command("demo_accounts", "--json")
    return json.loads(capsys.readouterr().out)


def test_every_demo_account_logs_in_through_the_form_and_lands_on_its_home(client, demo):
    assert [account["role"] for account in demo] == list(HOMES)
    for account in demo:
        client.logout()
        response = log_in(client, account["login"], account["password"])
        assert response.status_code == 302, account
        landed = client.get(response["Location"], follow=True)
        assert landed.status_code == 200
        assert landed.request["PATH_INFO"] == HOMES[account["role"]], account


def test_the_demo_world_has_every_establishment_type_and_two_seasons(demo):
    assert {e.type for e in Establishment.objects.all()} == set(EstablishmentType.values)
    current, previous = Season.objects.order_by("-start_year")[:2]
    assert current.is_current and current.label == "2025-2026"
    assert Licence.objects.filter(season=previous).exists()
    assert Licence.objects.filter(season=current).count() > 100
    assert Establishment.objects.filter(aefe=True).exists()
    assert Establishment.objects.filter(rep_plus=True).exists()


def test_the_demo_reproduces_the_seed_pupil(client, demo):
    pupil = next(a for a in demo if a["role"] == "pupil")
    assert pupil["login"] == "242140172"
    log_in(client, pupil["login"], pupil["password"])
    page = client.get(reverse("licences:pupil_home")).content.decode()
    for text in ("SCHMITTE", "Thomas", "242140172", "Junior", "Charles de Gaulle", "Pulversheim"):
        assert text in page


def test_an_establishment_with_a_college_and_a_lycee_has_two_as(demo):
    assert any(e.associations.count() == 2 for e in Establishment.objects.all())


def test_as_codes_start_with_their_academy_code(demo):
    for association in SportsAssociation.objects.select_related("department__academy"):
        assert association.code[:2] == association.department.academy.code


def test_seeding_twice_changes_nothing(demo, capsys):
    count = Licence.objects.count()
    call_command("seed", force=True)
    assert "déjà chargées" in capsys.readouterr().out
    assert Licence.objects.count() == count


class Rollback(Exception):
    pass


def seed_and_look(capsys):
    """Seed in a savepoint, note what was made, and undo it."""
    try:
        with transaction.atomic():
            call_command("seed", force=True)
            call_command("demo_accounts", "--json")
            accounts = json.loads(capsys.readouterr().out.splitlines()[-1])
            licences = sorted(
                Licence.objects.values_list("number", "pupil__last_name", "pupil__birth_date")
            )
            raise Rollback
    except Rollback:
        return accounts, licences


def test_the_demo_is_the_same_on_every_run(capsys):
    assert seed_and_look(capsys) == seed_and_look(capsys)


def test_the_demo_has_an_affiliation_in_every_state(demo):
    from opuss.affiliations.models import Affiliation

    states = set(
        Affiliation.objects.filter(season__is_current=True).values_list("state", flat=True)
    )
    assert states == {"DRAFT", "PENDING", "RETURNED", "AFFILIATED"}


def test_only_affiliated_as_have_licences_this_season(demo):
    from opuss.affiliations.models import Affiliation

    licensing = set(
        Licence.objects.filter(season__is_current=True).values_list("association_id", flat=True)
    )
    affiliated = set(
        Affiliation.objects.filter(season__is_current=True, state="AFFILIATED").values_list(
            "association_id", flat=True
        )
    )
    assert licensing <= affiliated


def test_the_demo_sr_sees_a_newly_transmitted_form(client, demo, settings):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"
    sr = next(a for a in demo if a["role"] == "sr")
    log_in(client, sr["login"], sr["password"])
    page = client.get(reverse("affiliations:worklist")).content.decode()
    assert "nouveau formulaire transmis" in page


PUPIL_MENU = {
    "licences:pupil_home": [
        "Chef d'établissement : M. BRUGGER Frédéric",
        "Derniers articles",
        "OPUSS 2 - Tutoriel: comment certifier un Jeune Officiel?",
    ],
    "licences:pupil_licences": ["2024-2025", "2025-2026"],
    "licences:pupil_renewal": ["Ta licence 2025-2026 est prise"],
    "jo:pupil_jo": ["JO N° 1529567", "Jeune arbitre"],
    "competitions:pupil_open": ["Cross départemental du Haut-Rhin"],
    "competitions:pupil_participated": ["Tournoi de rentrée de volley-ball"],
    "content:pupil_news": ["OPUSS 2 - Trouver un article - POWERPOINT"],
    "content:pupil_partners": ["MAIF", "Partenaires de mon AS"],
    "register:pupil_register": ["Entraînement de cross"],
    "jo:quiz": ["Voir la correction"],
}


def test_every_entry_of_the_demo_pupils_menu_opens_a_page_with_data(client, demo, settings):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"
    pupil = next(a for a in demo if a["role"] == "pupil")
    log_in(client, pupil["login"], pupil["password"])
    home = client.get(reverse("licences:pupil_home")).content.decode()
    for name, expected in PUPIL_MENU.items():
        assert reverse(name) in home, name  # the menu links to it
        page = client.get(reverse(name)).content.decode().replace("&#x27;", "'")
        for text in expected:
            assert text in page, (name, text)


def test_the_demo_as_finds_its_pupils_renewal_requests_in_its_basket(client, demo, settings):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"
    teacher = next(a for a in demo if a["role"] == "teacher")
    log_in(client, teacher["login"], teacher["password"])
    page = client.get(reverse("baskets:basket", args=["24214"])).content.decode()
    assert "Demandes de renouvellement des élèves" in page
