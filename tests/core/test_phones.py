"""What a phone, a keyboard and a second click need (issue #12): focusable scrolling tables, no
hidden text widening the page, a busy state on the forms that change something, the favicon, the
pupil home's tabs and article filters."""

import datetime as dt
import re
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

import opuss
from opuss.content.demo import TABLE
from opuss.licences import services as licence_services
from tests.factories import affiliated_as

pytestmark = pytest.mark.django_db

STATIC = Path(opuss.__file__).parent / "static" / "opuss"
REGION = re.compile(r'<div class="table-wrap" role="region" aria-label="[^"]+" tabindex="0">')
ICON = re.compile(r'<link rel="icon" href="[^"]*opuss/favicon\.svg" type="image/svg\+xml">')


def css_rule(selector: str) -> str:
    css = (STATIC / "opuss.css").read_text()
    return re.search(re.escape(selector) + r" \{([^}]*)\}", css).group(1)


def test_a_listing_table_scrolls_in_a_named_region_reachable_by_keyboard(client, world):
    client.force_login(world.a.sr)
    page = client.get(reverse("associations:list")).content.decode()
    assert REGION.search(page)


def test_the_basket_table_is_a_focusable_region_with_its_action_first_on_a_phone(
    client, world, settings
):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"
    affiliated_as(world.a.association, world.season)
    basket = licence_services.basket_open(
        association=world.a.association, season=world.season, actor=world.a.teacher
    )
    licence_services.basket_add_new(
        basket=basket,
        actor=world.a.teacher,
        values={
            "last_name": "Durand",
            "first_name": "Léa",
            "sex": "F",
            "birth_date": dt.date(2009, 3, 14),
            "insurance": "MAIF_COLLECTIVE",
        },
    )
    client.force_login(world.a.teacher)
    page = client.get(reverse("baskets:basket", args=[world.a.association.code]))
    text = page.content.decode()
    assert 'aria-label="Lignes du panier" tabindex="0"><table class="table-cards">' in text
    assert '<td class="row-action">' in text
    assert ".table-cards td.row-action { order: -1;" in (STATIC / "opuss.css").read_text()


def test_cards_no_longer_break_words_letter_by_letter():
    assert "anywhere" not in css_rule(".card")


def test_visually_hidden_text_is_clipped_and_cannot_widen_the_page():
    rule = css_rule(".visually-hidden")
    assert "white-space: nowrap" in rule and "clip-path: inset(50%)" in rule
    # Its containing block is the scrolling wrapper, not the page.
    assert "position: relative" in css_rule(".table-wrap")


def test_every_page_loads_the_busy_state_and_table_scripts_deferred(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert re.search(r'<script src="[^"]*opuss/forms\.js" defer></script>', page)
    assert re.search(r'<script src="[^"]*opuss/tables\.js" defer></script>', page)


def test_the_busy_script_disables_the_buttons_and_says_it_is_sending():
    script = (STATIC / "forms.js").read_text()
    assert "Envoi en cours…" in script and "button.disabled = true" in script


def test_the_favicon_is_linked_and_served_at_the_usual_address(client):
    page = client.get(reverse("accounts:login")).content.decode()
    assert ICON.search(page)
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response.content.startswith(b"<svg")


def test_the_demo_articles_do_not_repeat_their_summary_in_their_body():
    summaries = [article["summary"] for article in TABLE["articles"] if article.get("summary")]
    assert summaries and not any(summary in TABLE["body"] for summary in summaries)


def test_an_article_page_prints_its_summary_once(client, world):
    from opuss.content.models import Article

    article = Article.objects.create(
        level="NATIONAL",
        title="Cross national",
        summary="Le cross a lieu le 12 décembre.",
        body=TABLE["body"],
        author=world.dn,
        published_at=timezone.now() - dt.timedelta(days=1),
    )
    client.force_login(world.a.pupil)
    page = client.get(reverse("content:article", args=[article.pk])).content.decode()
    assert page.count("Le cross a lieu le 12 décembre.") == 1


def test_the_home_article_filters_go_in_the_home_address(client, world):
    client.force_login(world.a.pupil)
    academy = world.a.association.department.academy
    response = client.get(
        reverse("content:articles_block"), {"region": academy.code}, headers={"HX-Request": "true"}
    )
    home = reverse("licences:pupil_home")
    assert response["HX-Push-Url"].startswith(home + "?")
    assert f"region={academy.code}" in response["HX-Push-Url"]
    assert client.get(response["HX-Push-Url"]).status_code == 200


def test_the_pupil_home_tabs_answer_the_arrow_keys(client, world):
    client.force_login(world.a.pupil)
    page = client.get(reverse("licences:pupil_home")).content.decode()
    assert 'role="tablist"' in page
    assert re.search(r'<script src="[^"]*opuss/tabs\.js" defer></script>', page)
    script = (STATIC / "tabs.js").read_text()
    assert "ArrowRight" in script and "ArrowLeft" in script
