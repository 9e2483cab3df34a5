"""The main menu: grouped as seed 000 groups it, the current page marked, the federation's core
jobs in it, folded on a phone, and the person named the same way for everyone."""

import html
import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def menu_of(client, user, url_name="core:home", *args):
    client.force_login(user)
    page = client.get(reverse(url_name, args=args), follow=True).content.decode()
    return re.search(r'<nav class="mainnav".*?</nav>', page, re.S).group(0)


def group(menu: str, label: str) -> str:
    """The links of the menu's group `label`."""
    found = re.search(rf"<summary>{label}</summary>\s*<ul>(.*?)</ul>", menu, re.S)
    assert found, f"no group {label!r} in the menu"
    return found.group(1)


def labels(links: str) -> list[str]:
    return [html.unescape(label) for label in re.findall(r"<a [^>]*>([^<]+)</a>", links)]


def test_the_pupils_menu_groups_licences_and_competitions_as_seed_000(client, world):
    menu = menu_of(client, world.a.pupil)
    assert labels(group(menu, "Licences")) == ["Mes licences", "Renouvellement"]
    assert labels(group(menu, "Compétitions")) == ["Je peux m'inscrire", "J'ai participé"]


def test_the_menu_marks_the_current_page_and_its_group(client, world):
    menu = menu_of(client, world.a.pupil, "licences:pupil_renewal")
    current = re.findall(r'<a href="([^"]+)" aria-current="page">', menu)
    assert current == [reverse("licences:pupil_renewal")]
    assert '<li class="nav-group is-current">\n      <details>\n        <summary>Licences' in menu


def test_the_home_entry_is_current_on_the_home(client, world):
    menu = menu_of(client, world.a.sr)
    assert f'<a href="{reverse("core:staff_home")}" aria-current="page">Accueil</a>' in menu


def test_the_password_is_changed_from_the_profile_menu_not_the_main_menu(client, world):
    client.force_login(world.a.teacher)
    page = client.get(reverse("associations:detail", args=[world.a.association.code])).text
    menu = re.search(r'<nav class="mainnav".*?</nav>', page, re.S).group(0)
    assert "mot de passe" not in menu
    assert "Modifier mon mot de passe" in page


@pytest.mark.parametrize("actor", ["teacher", "secretary"])
def test_the_as_menu_takes_licences(client, world, actor):
    menu = menu_of(client, world.actor(actor))
    basket = reverse("baskets:basket", args=[world.a.association.code])
    assert f'<a href="{basket}">Prendre des licences</a>' in group(menu, "Licences")


@pytest.mark.parametrize("actor", ["sd", "sr", "dn"])
def test_the_services_menu_leads_to_the_affiliations(client, world, actor):
    menu = menu_of(client, world.actor(actor))
    assert f'<a href="{reverse("affiliations:worklist")}">Affiliations</a>' in menu


def test_the_as_licensees_page_offers_to_take_licences_to_its_members_only(client, world):
    url = reverse("associations:licences", args=[world.a.association.code])
    basket = reverse("baskets:basket", args=[world.a.association.code])
    client.force_login(world.a.secretary)
    assert basket in client.get(url).text
    client.force_login(world.a.sd)
    page = client.get(url).text
    assert basket not in page
    assert reverse("cards:certified_list", args=[world.a.association.code]) in page


def test_the_menu_folds_behind_a_button_on_a_phone(client, world):
    client.force_login(world.a.pupil)
    page = client.get(reverse("licences:pupil_home")).text
    assert 'aria-controls="menu-principal"' in page
    assert '<ul id="menu-principal">' in page
    assert re.search(r'<script src="[^"]*opuss/nav\.js" defer></script>', page)


def header_login(client, user) -> str:
    client.force_login(user)
    page = client.get(reverse("licences:pupil_home")).text
    return re.search(r'<span class="login">([^<]*)</span>', page).group(1)


def test_the_header_names_every_pupil_the_same_way_with_or_without_an_e_mail(client, world):
    world.a.pupil.email = "thomas.schmitte@example.fr"
    world.a.pupil.save(update_fields=["email"])
    world.b.pupil.email = ""
    world.b.pupil.save(update_fields=["email"])
    assert header_login(client, world.a.pupil) == world.a.pupil.display_name
    assert header_login(client, world.b.pupil) == world.b.pupil.display_name
