"""Who reads what: national, SR, SD and CD articles for every logged-in person; AS articles for
that AS's pupils and members and the services above it. One rule (`visible_to`) for the lists,
the article page and its files."""

import datetime as dt

import pytest
from django.urls import reverse

from opuss.content.models import Article
from tests.content.factories import ArticleFactory, article_for, attach
from tests.factories import AssociationFactory, LicenceFactory

HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def as_article(world):
    article = article_for("AS", world.a.association, title="Sortie VTT de l'AS")
    attach(article, "Autorisation parentale")
    return article


class TestVisibleTo:
    @pytest.mark.parametrize("reader", ["pupil", "teacher", "secretary", "sd", "sr", "dn"])
    def test_an_as_article_is_read_by_its_pupils_members_and_services(
        self, world, as_article, reader
    ):
        assert as_article in Article.objects.visible_to(world.actor(reader))

    @pytest.mark.parametrize("reader", ["pupil_b", "teacher_b", "sd_b", "sr_b"])
    def test_an_as_article_is_hidden_from_everyone_else(self, world, as_article, reader):
        assert as_article not in Article.objects.visible_to(world.actor(reader))

    def test_a_pupil_of_another_as_of_the_same_department_does_not_read_it(self, world, as_article):
        neighbour = AssociationFactory(establishment__department=world.a.association.department)
        pupil = LicenceFactory(association=neighbour, season=world.season).pupil.user
        assert as_article not in Article.objects.visible_to(pupil)

    @pytest.mark.parametrize("level", ["SR", "SD", "CD"])
    def test_other_levels_are_read_by_everyone_logged_in(self, world, level):
        association = world.a.association
        territory = {
            "SR": association.department.academy,
            "SD": association.department,
            "CD": association.district,
        }[level]
        article = article_for(level, territory)
        assert article in Article.objects.visible_to(world.b.pupil)

    def test_an_article_to_come_waits_for_its_date_except_for_its_writers(self, world, settings):
        settings.OPUSS_NOW = "2025-10-06T12:00:00"
        later = article_for(
            "SR",
            world.a.association.department.academy,
            published_at=dt.datetime(2025, 10, 20, 8, tzinfo=dt.UTC),
        )
        assert later not in Article.objects.visible_to(world.a.pupil)
        assert later in Article.objects.visible_to(world.a.sr)


class TestArticlePage:
    def test_the_pupil_reads_the_article_and_its_file(self, client, world, as_article):
        client.force_login(world.a.pupil)
        page = client.get(reverse("content:article", args=[as_article.pk]))
        assert page.status_code == 200
        assert "Sortie VTT de l&#x27;AS" in page.text
        assert "<p>Premier paragraphe.</p>" in page.text
        attachment = as_article.attachments.get()
        assert reverse("content:attachment", args=[attachment.pk]) in page.text
        download = client.get(reverse("content:attachment", args=[attachment.pk]))
        assert download.status_code == 200
        assert download["Content-Type"] == "application/pdf"
        assert download.content.startswith(b"%PDF-")

    def test_a_pupil_of_another_as_gets_404_on_the_page_and_the_file(
        self, client, world, as_article
    ):
        client.force_login(world.b.pupil)
        assert client.get(reverse("content:article", args=[as_article.pk])).status_code == 404
        attachment = as_article.attachments.get()
        assert client.get(reverse("content:attachment", args=[attachment.pk])).status_code == 404

    def test_html_typed_by_a_writer_is_shown_as_text(self, client, world):
        article = ArticleFactory(body="<script>alert('x')</script>\nDeuxième ligne")
        client.force_login(world.a.pupil)
        page = client.get(reverse("content:article", args=[article.pk]))
        assert "<script>alert" not in page.text
        assert "&lt;script&gt;" in page.text
        assert "<br>Deuxième ligne" in page.text

    def test_files_are_never_under_a_public_media_url(self, client, world, as_article):
        client.force_login(world.a.pupil)
        page = client.get(reverse("content:article", args=[as_article.pk]))
        assert "/media/" not in page.text


@pytest.fixture
def region_articles(world):
    """Side A's région: an SR, an SD, a CD and an AS article; one SR article of side B; one
    national one."""
    association = world.a.association
    department = association.department
    return {
        "sr": article_for("SR", department.academy, title="Championnat d'académie"),
        "sd": article_for("SD", department, title="Cross départemental"),
        "cd": article_for("CD", association.district, title="Tournoi du district"),
        "as": article_for("AS", association, title="Reprise de l'escalade"),
        "sr_b": article_for("SR", world.b.association.department.academy, title="Cross de Nantes"),
        "national": ArticleFactory(title="Journée nationale"),
    }


def titles(response) -> set[str]:
    block = response.context["articles_block"]
    return {article.title for article in block.articles}


class TestArticlesBlock:
    def test_by_default_the_pupil_sees_his_region(self, client, world, region_articles):
        client.force_login(world.a.pupil)
        response = client.get(reverse("content:articles_block"), **HTMX)
        assert response.status_code == 200
        assert titles(response) == {
            "Championnat d'académie",
            "Cross départemental",
            "Tournoi du district",
            "Reprise de l'escalade",
        }
        assert '<option value="24" selected>' in response.text

    def test_the_htmx_answer_is_the_block_alone(self, client, world, region_articles):
        client.force_login(world.a.pupil)
        response = client.get(reverse("content:articles_block"), **HTMX)
        assert "<html" not in response.text
        assert 'id="derniers-articles"' in response.text

    def test_a_pill_filters_by_level(self, client, world, region_articles):
        client.force_login(world.a.pupil)
        url = reverse("content:articles_block") + "?region=24&niveau=SD"
        assert titles(client.get(url, **HTMX)) == {"Cross départemental"}

    def test_the_active_pill_is_marked_and_clicking_it_again_lifts_the_level(
        self, client, world, region_articles
    ):
        client.force_login(world.a.pupil)
        response = client.get(reverse("content:articles_block") + "?region=24&niveau=SD", **HTMX)
        pill = next(p for p in response.context["articles_block"].pills if p["level"] == "SD")
        assert pill["active"]
        assert "niveau" not in pill["query"]
        assert 'aria-current="true"' in response.text

    def test_the_region_select_offers_every_region(self, client, world, region_articles):
        client.force_login(world.a.pupil)
        url = reverse("content:articles_block") + "?region=toutes&niveau=SR"
        response = client.get(url, **HTMX)
        assert titles(response) == {"Championnat d'académie", "Cross de Nantes"}
        assert '<option value="toutes" selected>Toutes</option>' in response.text

    def test_the_department_select_lists_those_of_the_region(self, client, world):
        client.force_login(world.a.pupil)
        response = client.get(reverse("content:articles_block") + "?region=24", **HTMX)
        departments = [d["value"] for d in response.context["articles_block"].departments]
        assert departments == ["68"]

    def test_the_district_select_lists_those_of_the_department(
        self, client, world, region_articles
    ):
        client.force_login(world.a.pupil)
        district = world.a.association.district
        url = (
            reverse("content:articles_block") + f"?region=24&departement=68&district={district.pk}"
        )
        response = client.get(url, **HTMX)
        block = response.context["articles_block"]
        assert [d["label"] for d in block.districts] == [district.label]
        assert titles(response) == {"Tournoi du district", "Reprise de l'escalade"}

    def test_the_same_url_without_htmx_is_a_whole_page(self, client, world, region_articles):
        client.force_login(world.a.pupil)
        response = client.get(reverse("content:articles_block") + "?region=24&niveau=CD")
        assert "<html" in response.text
        assert titles(response) == {"Tournoi du district"}

    def test_nothing_found_says_so(self, client, world):
        client.force_login(world.a.pupil)
        response = client.get(reverse("content:articles_block") + "?niveau=AS", **HTMX)
        assert "Aucun article selon ces critères de recherche." in response.text

    def test_the_action_column_offers_the_article_and_its_files(self, client, world):
        academy = world.a.association.department.academy
        one = article_for("SR", academy, title="Un fichier")
        attach(one)
        two = article_for("SR", academy, title="Deux fichiers")
        attach(two)
        attach(two, "Annexe")
        client.force_login(world.a.pupil)
        response = client.get(reverse("content:articles_block"), **HTMX)
        assert response.text.count("Voir l'article") == 2
        assert "Voir fichier joint<" in response.text
        assert "Voir fichiers joints<" in response.text
        assert reverse("content:article", args=[two.pk]) + "#fichiers" in response.text

    def test_the_home_shows_the_latest_and_links_to_the_whole_list(self, client, world):
        academy = world.a.association.department.academy
        for day in range(1, 8):
            article_for("SR", academy, published_at=dt.datetime(2025, 9, day, tzinfo=dt.UTC))
        client.force_login(world.a.pupil)
        response = client.get(reverse("content:articles_block"), **HTMX)
        assert len(response.context["articles_block"].articles) == 5
        assert "Voir les 7 articles selon ces critères" in response.text


class TestPupilNews:
    def test_mon_actualite_lists_his_region_by_default(self, client, world, region_articles):
        client.force_login(world.a.pupil)
        response = client.get(reverse("content:pupil_news"))
        assert response.status_code == 200
        assert "<h1>Mon actualité</h1>" in response.text
        assert "Cross de Nantes" not in titles(response)
        assert "Championnat d'académie" in titles(response)

    def test_it_is_paginated(self, client, world):
        academy = world.a.association.department.academy
        for n in range(25):
            article_for("SR", academy, title=f"Numéro {n}")
        client.force_login(world.a.pupil)
        first = client.get(reverse("content:pupil_news"))
        assert len(titles(first)) == 20
        second = client.get(reverse("content:pupil_news") + "?region=24&page=2")
        assert len(titles(second)) == 5
        assert "Page 2 sur 2" in second.text

    def test_the_pupil_of_another_as_never_sees_its_as_articles(
        self, client, world, region_articles
    ):
        client.force_login(world.b.pupil)
        response = client.get(reverse("content:pupil_news") + "?region=24")
        assert "Reprise de l'escalade" not in titles(response)
        assert "Tournoi du district" in titles(response)

    def test_the_lead_can_build_the_home_block_from_a_request(self, rf, world, region_articles):
        from opuss.content.selectors import articles_block_context

        request = rf.get("/")
        request.user = world.a.pupil
        block = articles_block_context(request)["articles_block"]
        assert block.endpoint == reverse("content:articles_block")
        assert {a.title for a in block.articles} == {
            "Championnat d'académie",
            "Cross départemental",
            "Tournoi du district",
            "Reprise de l'escalade",
        }
