"""Exports too big for a request are built by a task into « Mes exports »: a list's XLSX past
EXPORT_INLINE_MAX_ROWS rows, an AS's certified list past CERTIFIED_LIST_INLINE_MAX licences.
The task replays the request as its requester (his scope), shows its progress, and the file
goes to him alone. Tasks run inline here (the immediate backend), after the commit."""

import datetime as dt
import io

import pytest
from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from opuss.core.export_jobs import build_export
from opuss.core.exports import XLSX_CONTENT_TYPE
from opuss.core.models import ExportJob
from opuss.privacy import periods, retention
from tests.factories import ExportJobFactory, LicenceFactory, PupilFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_licensees(world):
    """Side A's AS: its world licence and four more; side B keeps its one licence."""
    for i in range(4):
        LicenceFactory(
            association=world.a.association,
            season=world.season,
            pupil=PupilFactory(last_name=f"Nom{i}", birth_date=dt.date(2012, 3, 14)),
        )


@pytest.fixture
def small_threshold(settings):
    settings.EXPORT_INLINE_MAX_ROWS = 3
    settings.CERTIFIED_LIST_INLINE_MAX = 3


def licensees_url(world) -> str:
    return reverse("associations:licences", args=[world.a.association.code])


def ask(client, url, query, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return client.get(url, query)


def download(client, job):
    return client.get(reverse("core:export_download", args=[job.pk]))


def sheet_of(response):
    return load_workbook(io.BytesIO(response.getvalue())).active


# --- a list's XLSX --------------------------------------------------------------------------


def test_a_short_list_still_exports_its_xlsx_at_once(client, world, five_licensees):
    client.force_login(world.a.secretary)
    response = client.get(licensees_url(world), {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"] == XLSX_CONTENT_TYPE
    assert not ExportJob.objects.exists()


def test_an_xlsx_past_the_threshold_is_built_by_a_task_for_its_requester(
    client, world, five_licensees, small_threshold, django_capture_on_commit_callbacks
):
    client.force_login(world.a.secretary)
    response = ask(
        client,
        licensees_url(world),
        {"export": "xlsx", "sexe": "F"},
        django_capture_on_commit_callbacks,
    )
    assert response.status_code == 302 and response["Location"] == reverse("core:exports")
    job = ExportJob.objects.get()
    assert (job.user, job.path, job.format) == (world.a.secretary, licensees_url(world), "xlsx")
    assert job.query == "export=xlsx&sexe=F"
    assert job.state == ExportJob.State.DONE
    assert job.rows_done == job.rows_total == 5
    assert job.content_type == XLSX_CONTENT_TYPE
    assert job.file.name.startswith(f"exports/{world.a.secretary.pk}/")
    page = client.get(reverse("core:exports")).content.decode()
    assert "est préparé en arrière-plan" in page
    assert reverse("core:export_download", args=[job.pk]) in page

    file = download(client, job)
    assert file.status_code == 200
    assert file["Content-Type"] == XLSX_CONTENT_TYPE
    assert f'filename="{job.filename}"' in file["Content-Disposition"]
    header, *rows = sheet_of(file).iter_rows()
    assert [cell.value for cell in header][:2] == ["N° de licence", "Nom"]
    assert len(rows) == 5
    born = rows[0][[cell.value for cell in header].index("Né(e) le")]
    assert born.is_date and born.number_format == "dd/mm/yyyy"  # typed as the inline XLSX


def test_the_file_and_its_progress_are_its_requesters_alone(
    client, world, five_licensees, small_threshold, django_capture_on_commit_callbacks
):
    client.force_login(world.a.secretary)
    ask(client, licensees_url(world), {"export": "xlsx"}, django_capture_on_commit_callbacks)
    job = ExportJob.objects.get()
    for other in (world.a.teacher, world.a.sr, world.dn):  # even those who see the same list
        client.force_login(other)
        assert download(client, job).status_code == 404
        assert client.get(reverse("core:export_status", args=[job.pk])).status_code == 404
        assert job.filename not in client.get(reverse("core:exports")).content.decode()


def test_the_task_applies_its_requesters_scope(
    client, world, small_threshold, django_capture_on_commit_callbacks
):
    for association in (world.a.association, world.b.association):
        for _ in range(3):
            LicenceFactory(association=association, season=world.season)
    client.force_login(world.a.sr)
    ask(
        client,
        reverse("cards:region_licences"),
        {"export": "xlsx"},
        django_capture_on_commit_callbacks,
    )
    job = ExportJob.objects.get()
    codes = {
        row[0] for row in sheet_of(download(client, job)).iter_rows(min_row=2, values_only=True)
    }
    assert codes == {world.a.association.code}
    assert job.rows_total == 4


def test_a_job_whose_page_its_requester_may_not_open_fails_without_a_file(world):
    """The replay runs the page's own checks: another académie's AS is a 404, so no file."""
    job = ExportJobFactory(
        user=world.a.sr,
        path=reverse("associations:licences", args=[world.b.association.code]),
        state=ExportJob.State.QUEUED,
        file=None,
    )
    result = build_export.enqueue(job.pk)
    job.refresh_from_db()
    assert result.status == "FAILED"
    assert job.state == ExportJob.State.FAILED and not job.file


def test_the_progress_is_written_as_the_rows_are(world, five_licensees, monkeypatch):
    monkeypatch.setattr("opuss.core.export_jobs.PROGRESS_EVERY", 2)
    job = ExportJobFactory(
        user=world.a.secretary, path=licensees_url(world), state="QUEUED", file=None, rows_total=0
    )
    seen = []
    update = QuerySet.update

    def spy(queryset, **fields):
        seen.append(fields.get("rows_done"))
        return update(queryset, **fields)

    monkeypatch.setattr(QuerySet, "update", spy)
    build_export.enqueue(job.pk)
    job.refresh_from_db()
    assert [done for done in seen if done is not None] == [2, 4, 5]
    assert (job.state, job.rows_done, job.rows_total) == ("DONE", 5, 5)


def test_asking_again_while_it_is_built_does_not_start_another(
    client, world, five_licensees, small_threshold, django_capture_on_commit_callbacks
):
    client.force_login(world.a.secretary)
    with django_capture_on_commit_callbacks(execute=False) as started:
        client.get(licensees_url(world), {"export": "xlsx"})
        client.get(licensees_url(world), {"export": "xlsx"})
    assert ExportJob.objects.count() == 1 and len(started) == 1


# --- the certified list ---------------------------------------------------------------------


def certified_url(world) -> str:
    return reverse("cards:certified_list", args=[world.a.association.code])


def test_a_large_certified_list_is_printed_by_a_task(
    client, world, five_licensees, small_threshold, django_capture_on_commit_callbacks
):
    client.force_login(world.a.teacher)
    response = ask(client, certified_url(world), {}, django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("core:exports")
    job = ExportJob.objects.get()
    assert (job.format, job.state, job.rows_done, job.rows_total) == ("pdf", "DONE", 5, 5)
    assert job.filename == f"licencies-2025-2026-AS{world.a.association.code}.pdf"
    file = download(client, job)
    assert file["Content-Type"] == "application/pdf"
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(file.getvalue())).pages)
    assert world.a.licence.number in text and "NOM3" in text
    client.force_login(world.a.secretary)
    assert download(client, job).status_code == 404


def test_a_small_certified_list_is_printed_at_once(client, world, small_threshold):
    client.force_login(world.a.teacher)
    response = client.get(certified_url(world))
    assert response["Content-Type"] == "application/pdf"
    assert not ExportJob.objects.exists()


# --- « Mes exports » ------------------------------------------------------------------------


def status_of(client, job) -> str:
    return client.get(reverse("core:export_status", args=[job.pk])).content.decode()


def test_a_job_being_built_polls_every_two_seconds_and_stops_when_done(client, world):
    job = ExportJobFactory(
        user=world.a.secretary, state=ExportJob.State.RUNNING, rows_done=1500, rows_total=8000
    )
    client.force_login(world.a.secretary)
    running = status_of(client, job)
    assert 'hx-trigger="every 2s"' in running
    assert f'hx-get="{reverse("core:export_status", args=[job.pk])}"' in running
    assert "1\u00a0500 lignes sur 8\u00a0000" in running and 'value="1500"' in running
    assert reverse("core:export_download", args=[job.pk]) not in running
    assert 'hx-trigger="every 2s"' in client.get(reverse("core:exports")).content.decode()

    job.state = ExportJob.State.DONE
    job.save()
    done = status_of(client, job)
    assert "hx-trigger" not in done and "hx-get" not in done
    assert reverse("core:export_download", args=[job.pk]) in done


def test_a_failed_job_says_so_and_stops_polling(client, world):
    job = ExportJobFactory(user=world.a.secretary, state=ExportJob.State.FAILED, file=None)
    client.force_login(world.a.secretary)
    page = status_of(client, job)
    assert "n'a pas pu être préparé" in page and "hx-trigger" not in page
    assert download(client, job).status_code == 404


def test_the_page_lists_only_ones_own_jobs_with_a_link_back_to_the_list(client, world):
    own = ExportJobFactory(user=world.a.secretary, query="export=xlsx&sexe=F&tri=number")
    other = ExportJobFactory(user=world.a.teacher, filename="autre-export.xlsx")
    client.force_login(world.a.secretary)
    page = client.get(reverse("core:exports")).content.decode()
    assert own.filename in page and other.filename not in page
    assert 'href="/licences/?sexe=F&amp;tri=number"' in page  # back to the list as it was


def test_the_retention_deletes_an_expired_job_and_its_file(
    world, django_capture_on_commit_callbacks
):
    job = ExportJobFactory(user=world.a.secretary)
    kept = ExportJobFactory(user=world.a.secretary)
    storage, name = job.file.storage, job.file.name
    job.expires_at = timezone.now() - dt.timedelta(minutes=1)
    job.save()
    with django_capture_on_commit_callbacks(execute=True):
        retention.run(timezone.now())
    assert not ExportJob.objects.filter(pk=job.pk).exists()
    assert ExportJob.objects.filter(pk=kept.pk).exists()
    assert not storage.exists(name)


def test_an_expired_file_is_refused_even_before_the_retention_runs(client, world):
    job = ExportJobFactory(user=world.a.secretary, expires_at=timezone.now())
    client.force_login(world.a.secretary)
    assert download(client, job).status_code == 404
    assert "Expiré le" in status_of(client, job)


def test_the_kept_days_are_the_ones_the_notice_states():
    assert f"{settings.EXPORT_KEEP_DAYS} jours" in periods.EXPORTS.kept


def test_behind_nginx_the_proxy_sends_the_file(client, world, settings):
    settings.EXPORT_ACCEL_REDIRECT = "/_media/"
    job = ExportJobFactory(user=world.a.secretary)
    client.force_login(world.a.secretary)
    response = download(client, job)
    assert response["X-Accel-Redirect"] == f"/_media/{job.file.name}"
    assert response.content == b""
