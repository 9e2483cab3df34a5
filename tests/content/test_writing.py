"""Who publishes where: DN everywhere; an SR for his académie and inside it; an SD for his
department and inside it; an AS's animateurs and secretary for their AS. The form offers only
that and refuses anything else in French; every save is audited."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from opuss.content import perms
from opuss.content.demo import tiny_pdf, tiny_png
from opuss.content.forms import ArticleForm
from opuss.content.models import Article
from opuss.core.models import AuditEntry
from tests.content.factories import article_for, attach
from tests.factories import DistrictFactory


def form_for(user, data=None, files=None, **kwargs) -> ArticleForm:
    return ArticleForm(data, files, reach=perms.reach_of(user), **kwargs)


def levels(form) -> list[str]:
    return [value for value, _ in form.fields["level"].choices if value]


def post_data(**fields) -> dict:
    return {
        "title": "Cross du district",
        "summary": "",
        "body": "Rendez-vous au stade.",
        "published_at": "2025-09-20T10:00",
    } | fields


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


class TestOfferedChoices:
    def test_an_as_member_publishes_only_for_his_as(self, world):
        form = form_for(world.a.teacher)
        assert levels(form) == ["AS"]
        assert list(form.fields["association"].queryset) == [world.a.association]
        assert not {"academy", "department", "district"} & set(form.fields)

    def test_an_sd_publishes_for_his_department_and_inside_it(self, world):
        form = form_for(world.a.sd)
        assert levels(form) == ["DEPARTMENT", "DISTRICT", "AS"]
        assert list(form.fields["department"].queryset) == [world.a.association.department]
        assert world.b.association not in form.fields["association"].queryset

    def test_an_sr_publishes_for_his_academie_and_inside_it(self, world):
        form = form_for(world.a.sr)
        assert levels(form) == ["ACADEMY", "DEPARTMENT", "DISTRICT", "AS"]
        assert list(form.fields["academy"].queryset) == [world.a.association.department.academy]

    def test_dn_publishes_at_every_level(self, world):
        assert levels(form_for(world.dn)) == ["NATIONAL", "ACADEMY", "DEPARTMENT", "DISTRICT", "AS"]

    def test_choosing_a_level_shows_its_territory_only(self, client, world):
        client.force_login(world.a.sr)
        page = client.get(reverse("content:create") + "?level=DEPARTMENT")
        assert 'name="department"' in page.text
        assert 'name="association"' not in page.text


class TestRefusals:
    def test_an_sd_cannot_publish_at_the_regional_level(self, world):
        academy = world.a.association.department.academy
        form = form_for(world.a.sd, post_data(level="ACADEMY", academy=academy.pk))
        assert not form.is_valid()
        assert form.errors["level"] == ["Vous ne pouvez pas publier à ce niveau."]

    def test_an_sd_cannot_publish_for_another_department(self, world):
        other = world.b.association.department
        form = form_for(world.a.sd, post_data(level="DEPARTMENT", department=other.pk))
        assert not form.is_valid()
        assert "Vous ne pouvez pas publier pour ce territoire" in form.errors["department"][0]

    def test_a_teacher_cannot_publish_for_another_as(self, client, world):
        client.force_login(world.a.teacher)
        response = client.post(
            reverse("content:create"),
            post_data(level="AS", association=world.b.association.pk),
        )
        assert response.status_code == 200
        assert "Vous ne pouvez pas publier pour ce territoire" in response.text
        assert 'value="Cross du district"' in response.text  # what was typed is kept
        assert not Article.objects.exists()

    def test_a_level_needs_its_territory(self, world):
        form = form_for(world.a.sr, post_data(level="DISTRICT"))
        assert not form.is_valid()
        assert form.errors["district"] == ["Choisissez le district."]

    def test_the_database_refuses_a_territory_of_another_level(self, world):
        with pytest.raises(IntegrityError), transaction.atomic():
            article_for("SR", None, department=world.a.association.department)


class TestPublishing:
    def test_an_sr_publishes_for_a_district_of_his_academie(self, client, world):
        district = world.a.association.district
        client.force_login(world.a.sr)
        response = client.post(
            reverse("content:create"),
            post_data(
                level="DISTRICT",
                district=district.pk,
                academy=world.a.association.department.academy.pk,  # another level's: ignored
            ),
        )
        article = Article.objects.get()
        assert response.status_code == 302
        # The article names its district and, filled from it, the department and académie
        # containing it.
        assert (article.level, article.district, article.department, article.academy) == (
            "DISTRICT",
            district,
            district.department,
            district.department.academy,
        )
        assert article.author == world.a.sr
        entry = AuditEntry.objects.get(object_type="content.article", object_id=str(article.pk))
        assert (entry.action, entry.actor) == ("article créé", world.a.sr)

    def test_files_are_joined_and_labelled_by_their_name(self, client, world):
        client.force_login(world.a.teacher)
        client.post(
            reverse("content:create"),
            post_data(level="AS", association=world.a.association.pk)
            | {
                "files": [
                    SimpleUploadedFile("Règlement.pdf", tiny_pdf("Règlement")),
                    SimpleUploadedFile("Inscriptions.docx", docx()),
                    SimpleUploadedFile("Affiche.png", tiny_png((0, 0, 0))),
                ]
            },
        )
        article = Article.objects.get()
        assert sorted(str(a) for a in article.attachments.all()) == [
            "Affiche",
            "Inscriptions",
            "Règlement",
        ]
        assert all(a.file.name.startswith("articles/") for a in article.attachments.all())

    def test_an_edit_is_audited_with_before_and_after(self, client, world):
        article = article_for("SD", world.a.association.department, title="Ancien titre")
        client.force_login(world.a.sd)
        client.post(
            reverse("content:edit", args=[article.pk]),
            post_data(title="Nouveau titre", level="DEPARTMENT", department=article.department.pk),
        )
        entry = AuditEntry.objects.get(action="article modifié")
        assert entry.before["title"] == "Ancien titre"
        assert entry.after["title"] == "Nouveau titre"
        page = client.get(reverse("content:edit", args=[article.pk]))
        assert "article modifié" in page.text

    def test_a_file_can_be_removed(self, client, world, django_capture_on_commit_callbacks):
        article = article_for("AS", world.a.association)
        attachment = attach(article)
        client.force_login(world.a.secretary)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(
                reverse("content:edit", args=[article.pk]),
                post_data(level="AS", association=world.a.association.pk, remove=[attachment.pk]),
            )
        assert not article.attachments.exists()
        assert not attachment.file.storage.exists(attachment.file.name)

    def test_a_writer_cannot_edit_an_article_above_him(self, client, world):
        article = article_for("SD", world.a.association.department)
        client.force_login(world.a.teacher)
        assert client.get(reverse("content:edit", args=[article.pk])).status_code == 404


class TestUploads:
    def post_file(self, client, world, upload):
        client.force_login(world.a.teacher)
        return client.post(
            reverse("content:create"),
            post_data(level="AS", association=world.a.association.pk) | {"files": [upload]},
        )

    def test_a_program_is_refused(self, client, world):
        response = self.post_file(client, world, SimpleUploadedFile("jeu.exe", b"MZ\x90\x00"))
        assert "« jeu.exe » n&#x27;est pas accepté : joignez un PDF" in response.text
        assert not Article.objects.exists()

    def test_a_file_over_10_mb_is_refused(self, client, world):
        big = SimpleUploadedFile("gros.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024))
        response = self.post_file(client, world, big)
        assert "« gros.pdf » pèse 10,0 Mo : 10 Mo au plus." in response.text
        assert not Article.objects.exists()

    def test_a_renamed_file_is_refused(self, client, world):
        response = self.post_file(client, world, SimpleUploadedFile("faux.pdf", b"<html>"))
        assert "« faux.pdf » n&#x27;est pas un vrai fichier .pdf" in response.text

    def test_an_svg_image_is_refused(self, client, world):
        svg = SimpleUploadedFile("logo.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>")
        response = self.post_file(client, world, svg)
        assert "« logo.svg » n&#x27;est pas accepté" in response.text

    def test_an_office_document_is_downloaded_not_shown(self, client, world):
        self.post_file(client, world, SimpleUploadedFile("Planning.docx", docx()))
        attachment = Article.objects.get().attachments.get()
        response = client.get(reverse("content:attachment", args=[attachment.pk]))
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")


class TestManageList:
    def test_an_sd_lists_what_he_may_edit(self, client, world):
        department = world.a.association.department
        mine = article_for("SD", department, title="Du département")
        inside = article_for("CD", DistrictFactory(department=department), title="Du district")
        article_for("SR", department.academy, title="De la région")
        article_for("SD", world.b.association.department, title="D'ailleurs")
        client.force_login(world.a.sd)
        response = client.get(reverse("content:manage"))
        listed = {a.title for a in response.context["page_obj"]}
        assert listed == {mine.title, inside.title}

    def test_it_filters_by_level(self, client, world):
        department = world.a.association.department
        article_for("SD", department, title="Du département")
        article_for("AS", world.a.association, title="De l'AS")
        client.force_login(world.a.sr)
        response = client.get(reverse("content:manage") + "?niveau=AS")
        assert {a.title for a in response.context["page_obj"]} == {"De l'AS"}
