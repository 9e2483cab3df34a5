"""A long pupil list (issue #14: up to 3,000 lines) is read and checked by a task: the upload
records the job and sends the AS to its page, which polls its progress every 2 seconds and then
shows the preview, kept with the job; « Ajouter au panier » adds it as a short file's."""

import datetime as dt
import html
import re

import pytest
from django.urls import reverse

from opuss.licences import import_jobs, importing
from opuss.licences.models import BasketLine, ImportJob
from tests.factories import LicenceFactory, PupilFactory, SeasonFactory, affiliated_as
from tests.licences.test_import import HEADER, csv_upload, xlsx_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_season")]


@pytest.fixture
def teacher(client, world):
    affiliated_as(world.a.association, world.season)
    client.force_login(world.a.teacher)
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def pupils(count: int, first: int = 0) -> list[str]:
    return [f"Élève{n:04d};Léa;F;03/02/2012;;5e B;parent{n}@exemple.fr"
            for n in range(first, first + count)]


def a_long_file(*extra: str):
    return csv_upload(*pupils(importing.IMMEDIATE_LINES), *extra)


def upload(client, world, file):
    return client.post(reverse("imports:upload", args=[world.a.association.code]),
                       {"file": file})


def job_url(world, job):
    return reverse("imports:job", args=[world.a.association.code, job.pk])


def poll(client, world, job) -> str:
    """What htmx fetches every 2 seconds: the job's part of its page."""
    response = client.get(job_url(world, job), headers={"HX-Request": "true"})
    assert "HX-Request" in response["Vary"]
    return text(response)


def test_a_short_file_is_still_previewed_at_once(teacher, world):
    response = upload(teacher, world, csv_upload(*pupils(importing.IMMEDIATE_LINES - 1)))
    assert response.status_code == 200 and "Ajouter au panier (199 licences)" in text(response)
    assert not ImportJob.objects.exists()


def test_a_long_file_becomes_a_job_read_after_the_commit(teacher, world,
                                                        django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(teacher, world, a_long_file("Vieux;Paul;M;15/06/1990;;;"))
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response.url == job_url(world, job)
    assert (job.state, job.created_by, job.filename) == ("QUEUED", world.a.teacher, "eleves.csv")
    assert len(callbacks) == 1 and not BasketLine.objects.exists()

    page = text(teacher.get(job_url(world, job)))
    assert "en attente" in page and 'hx-trigger="every 2s"' in page
    assert f'hx-get="{job_url(world, job)}"' in page

    callbacks[0]()  # the task, as the worker runs it
    job.refresh_from_db()
    assert (job.state, job.lines_done, job.lines_total, job.content) == ("DONE", 200, 200, b"")
    fragment = poll(teacher, world, job)
    assert "hx-trigger" not in fragment and "<h1>" not in fragment  # the preview, to swap in
    assert "Ajouter au panier (200 licences)" in fragment
    assert "Aucune catégorie d'âge en 2025-2026 pour une naissance en 1990" in fragment


def test_the_progress_is_shown_while_the_lines_are_checked(teacher, world, monkeypatch):
    job = ImportJob.objects.create(
        association=world.a.association, season=world.season, created_by=world.a.teacher,
        filename="eleves.csv", content=a_long_file().read(), state="RUNNING",
        lines_total=2400, lines_done=1500,
    )
    fragment = poll(teacher, world, job)
    assert "1500 lignes vérifiées sur 2400" in fragment
    assert re.search(r'<progress max="2400" value="1500">', fragment)


def test_the_task_writes_its_progress_as_it_checks(world, monkeypatch):
    affiliated_as(world.a.association, world.season)
    monkeypatch.setattr(importing, "CHECKED_AT_ONCE", 80)
    seen = []
    update = import_jobs._update
    monkeypatch.setattr(import_jobs, "_update", lambda job, **fields: (
        seen.append(fields.get("lines_done")), update(job, **fields)))
    job = ImportJob.objects.create(association=world.a.association, season=world.season,
                                   created_by=world.a.teacher, filename="eleves.csv",
                                   content=a_long_file().read())
    import_jobs.preview_import.call(job.pk)
    assert [done for done in seen if done is not None] == [80, 160, 200, 200]


def test_adding_the_previewed_job_to_the_basket(teacher, world,
                                               django_capture_on_commit_callbacks):
    last_season = SeasonFactory(start_year=2024, is_current=False)
    LicenceFactory(association=world.a.association, season=last_season, pupil=PupilFactory(
        last_name="ÉLÈVE0000", first_name="Léa", birth_date=dt.date(2012, 2, 3)))
    with django_capture_on_commit_callbacks(execute=True):
        upload(teacher, world, a_long_file())
    job = ImportJob.objects.get()
    response = teacher.post(job_url(world, job), follow=True)
    assert response.redirect_chain[-1][0] == reverse("baskets:basket",
                                                     args=[world.a.association.code])
    assert ("200 licences ajoutées au panier (199 nouvelles, 1 renouvellement), 0 ligne "
            "rejetée.") in text(response)
    assert BasketLine.objects.filter(source="IMPORT").count() == 199
    assert BasketLine.objects.filter(source="RENEWAL", class_level="5e B").count() == 1

    again = teacher.post(job_url(world, job), follow=True)
    assert "Cet aperçu n'est plus valable" in text(again)
    assert BasketLine.objects.count() == 200
    assert "ajouté au panier le" in text(teacher.get(job_url(world, job)))


def test_an_unreadable_long_file_says_why_on_its_page(teacher, world,
                                                     django_capture_on_commit_callbacks):
    header = HEADER.replace("Sexe;", "")
    with django_capture_on_commit_callbacks(execute=True):
        upload(teacher, world, csv_upload(*pupils(importing.IMMEDIATE_LINES + 1),
                                          header=header))
    job = ImportJob.objects.get()
    page = text(teacher.get(job_url(world, job)))
    assert job.state == "FAILED" and "Colonnes obligatoires manquantes : sexe." in page
    assert "Ajouter au panier" not in page


def test_a_long_workbook_goes_to_a_task_too(teacher, world):
    rows = [["Nom", "Prénom", "Sexe", "Date de naissance"]] + [
        [f"Élève{n}", "Léa", "F", "03/02/2012"] for n in range(importing.IMMEDIATE_LINES + 1)]
    response = upload(teacher, world, xlsx_upload(*rows))
    assert response.status_code == 302 and ImportJob.objects.get().filename == "eleves.xlsx"


def test_the_lines_of_a_workbook_are_counted_in_every_sheet_without_reading_it():
    rows = [["Nom"]] + [[f"Élève{n}"] for n in range(250)]
    assert importing.count_lines(xlsx_upload(*rows).read()) == 251 + 1  # and the other sheet
    assert importing.count_lines(b"PK not a workbook") == 0  # refused when read, at once


def test_another_as_job_does_not_exist_for_this_one(client, world):
    job = ImportJob.objects.create(association=world.b.association, season=world.season,
                                   created_by=world.b.teacher, filename="eleves.csv",
                                   state="DONE", preview={"rows": [], "columns": [],
                                                          "ignored": []})
    for actor in (world.a.teacher, world.b.sd, world.a.sr):
        client.force_login(actor)
        url = reverse("imports:job", args=[world.a.association.code, job.pk])
        assert client.get(url).status_code == client.post(url).status_code == 404
    client.force_login(world.b.teacher)
    assert client.get(reverse("imports:job", args=[world.b.association.code, job.pk])
                      ).status_code == 200


def test_opuss_retention_deletes_a_job_a_week_after_the_import(world):
    from django.utils import timezone

    from opuss.privacy import retention

    job = ImportJob.objects.create(association=world.a.association, season=world.season,
                                   created_by=world.a.teacher, filename="eleves.csv")
    retention.run(timezone.now() + dt.timedelta(days=6))
    assert ImportJob.objects.filter(pk=job.pk).exists()
    retention.run(timezone.now() + dt.timedelta(days=7, minutes=1))
    assert not ImportJob.objects.filter(pk=job.pk).exists()


def test_the_basket_leads_back_to_a_job_until_it_is_added(teacher, world):
    job = ImportJob.objects.create(association=world.a.association, season=world.season,
                                   created_by=world.a.teacher, filename="lycee.csv")
    basket = reverse("baskets:basket", args=[world.a.association.code])
    assert f'href="{job_url(world, job)}">Import lycee.csv</a>' in text(teacher.get(basket))
    ImportJob.objects.filter(pk=job.pk).update(added_at=job.created_at)
    assert "lycee.csv" not in text(teacher.get(basket))
