"""Finding 5 (issue #11): `unss-opuss-2025` was accepted. The guessability check knows what an
attacker knows: the site's words, the person's names, e-mail, AS and the season."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from opuss.accounts.passwords import context_words, fold, without_words, words_of
from opuss.accounts.services import set_password_url

pytestmark = pytest.mark.django_db

STRONG_PASSPHRASE = "cheval agrafe batterie correcte"
TOO_GUESSABLE = "trop facile à deviner"


@pytest.fixture
def teacher(world):
    """Side A's teacher, with a name and an e-mail an attacker could find on the school's site."""
    teacher = world.a.teacher
    teacher.first_name, teacher.last_name = "Héloïse", "Bernasconi"
    teacher.email = "heloise.bernasconi@lycee-kleber.fr"
    teacher.save()
    establishment = world.a.association.establishment
    establishment.name, establishment.city = "Jean-Henri Lambert", "Mulhouse"
    establishment.save()
    return teacher


def change_password(client, user, current, new):
    client.force_login(user)
    return client.post(
        reverse("accounts:password_change"),
        {"old_password": current, "new_password1": new, "new_password2": new},
    )


def choose_password_from(client, link, new):
    form_page = client.get(link, follow=True)
    return client.post(form_page.request["PATH_INFO"], {"new_password1": new, "new_password2": new})


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Héloïse", {"heloise"}),
        ("Jean-Pierre", {"jean", "pierre", "jeanpierre"}),
        ("demo.opuss.fr", {"demo", "opuss", "demoopussfr"}),
        ("2025-2026", {"2025", "2026", "20252026"}),
        ("Le Bé", {"lebe"}),
        ("", set()),
        (None, set()),
    ],
)
def test_words_of_a_text_are_folded_split_and_joined(text, words):
    assert words_of(text) == words


@pytest.mark.parametrize(
    ("password", "rest"),
    [
        ("unss-opuss-2025", "--2025"),
        ("UNSS Opuss!", " !"),
        ("opussunss", ""),
        ("cheval agrafe", "cheval agrafe"),
    ],
)
def test_without_words_takes_the_context_out_of_a_folded_password(password, rest):
    assert without_words(password, {"unss", "opuss"}) == rest


def test_the_context_holds_names_email_association_establishment_and_season(world, teacher):
    words = context_words(teacher)
    assert {"heloise", "bernasconi", "lycee", "kleber"} <= words
    assert {world.a.association.code, "lambert", "jeanhenrilambert", "mulhouse"} <= words
    assert {"2025", "2026"} <= words


def test_a_pupils_context_holds_his_licence_number_and_his_association(world):
    words = context_words(world.a.pupil)
    assert {world.a.licence.number, world.a.association.code} <= words
    # The name's longest word: Faker's « Le Gall » gives « gall » (too short a word is left out).
    assert max(fold(world.a.licence.pupil.last_name).split(), key=len) in words


def test_unss_opuss_2025_is_refused_with_a_french_message(client, teacher, password):
    response = change_password(client, teacher, password, "unss-opuss-2025")
    assert response.status_code == 200
    assert TOO_GUESSABLE in response.content.decode()
    teacher.refresh_from_db()
    assert teacher.check_password(password)


@pytest.mark.parametrize(
    "candidate",
    [
        "Heloise-Bernasconi-2025",
        "bernasconi.heloise.{code}",
        "Lambert Mulhouse {code}!",
        "Kleber Bernasconi 2025-2026",
        "Sport Scolaire Kleber 2025",
        "OpussUnssSportOpuss",
    ],
)
def test_a_password_built_on_the_persons_context_is_refused(
    client, world, teacher, password, candidate
):
    candidate = candidate.format(code=world.a.association.code)
    response = change_password(client, teacher, password, candidate)
    assert response.status_code == 200
    assert TOO_GUESSABLE in response.content.decode()


def test_a_strong_passphrase_is_accepted(client, teacher, password):
    response = change_password(client, teacher, password, STRONG_PASSPHRASE)
    assert response.status_code == 302


def test_a_strong_passphrase_may_contain_a_context_word(client, teacher, password):
    response = change_password(client, teacher, password, f"unss {STRONG_PASSPHRASE}")
    assert response.status_code == 302


def test_the_reset_link_judges_the_password_with_the_persons_context(
    client, teacher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"login": teacher.email})
    link = re.search(r"https?://[^/]+(/\S+)", mail.outbox[0].body).group(1)
    refused = choose_password_from(client, link, "Bernasconi Heloise 2025")
    assert TOO_GUESSABLE in refused.content.decode()
    assert choose_password_from(client, link, STRONG_PASSPHRASE).status_code == 302


def test_the_link_of_a_new_account_judges_the_password_with_the_persons_context(
    client, world, teacher
):
    """Animateurs' and secretaries' accounts are created with this link (and a pupil's first
    connection sends the same one)."""
    link = set_password_url(teacher).split("/", 3)[3]
    refused = choose_password_from(client, f"/{link}", f"{world.a.association.code}-kleber-unss")
    assert TOO_GUESSABLE in refused.content.decode()
