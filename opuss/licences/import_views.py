"""Importing a pupil list into the basket: upload, preview (what will be created, renewed or
rejected, and why), confirmation. A short file is read and checked in the request: between
preview and confirmation its parsed rows wait in the session (server-side, JSON) under a random
id, so nothing is uploaded twice, and a preview replaced by a newer one cannot be confirmed. A
longer one (more than `importing.IMMEDIATE_LINES` lines) is read and checked by a task: its
page shows the progress, then the preview, kept with the job (opuss.licences.import_jobs)."""

import secrets

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opuss.affiliations.perms import can_fill_in
from opuss.associations.views import association_for
from opuss.core import clock
from opuss.licences import import_jobs, importing
from opuss.licences.models import ImportJob
from opuss.licences.services import LicenceError, basket_open, licensing_refusal
from opuss.seasons.models import Season

SESSION_KEY = "licence_import"


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Fichier des élèves (CSV ou XLSX)",
        help_text=f"{importing.LIMITS} ; la première ligne porte les noms des colonnes.",
        widget=forms.FileInput(
            attrs={
                "accept": ".csv,.xlsx,text/csv,application/vnd."
                "openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )


def _member_context(request, code):
    association = association_for(request, code)
    if not can_fill_in(request.user, association):
        raise Http404
    return association, Season.objects.current()


@require_http_methods(["GET", "POST"])
def upload(request, code):
    association, season = _member_context(request, code)
    context = {
        "association": association,
        "season": season,
        "columns": importing.COLUMNS,
        "refusal": licensing_refusal(association, season),
    }
    if context["refusal"]:
        return render(request, "licences/import/upload.html", context)
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            content = importing.read_upload(upload)
            if importing.count_lines(content) > importing.IMMEDIATE_LINES:
                job = import_jobs.start(association=context["association"],
                                        season=context["season"], actor=request.user,
                                        upload=upload, content=content)
                return redirect("imports:job", code=code, job_id=job.pk)
            parsed = importing.rows_of(content)
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return _preview(request, context, parsed, upload.name)
    return render(request, "licences/import/upload.html", context | {"form": form})


def _preview(request, context, parsed, filename):
    importing.preview(
        parsed.rows,
        association=context["association"],
        season=context["season"],
        actor=request.user,
    )
    token = secrets.token_urlsafe(16)
    request.session[SESSION_KEY] = {
        "id": token,
        "code": context["association"].code,
        "rows": [row.to_json() for row in parsed.rows],
    }
    confirm_url = reverse("imports:confirm", args=[context["association"].code])
    return render(
        request,
        "licences/import/preview.html",
        context | _preview_context(parsed, filename, confirm_url) | {"token": token},
    )


def _preview_context(parsed: importing.ParsedFile, filename: str, confirm_url: str) -> dict:
    groups = importing.grouped(parsed.rows)
    addable = sum(len(group) for decision, group in groups if decision != importing.Decision.REJECT)
    return {
        "parsed": parsed,
        "groups": groups,
        "filename": filename,
        "addable": addable,
        "confirm_url": confirm_url,
    }


@require_POST
def confirm(request, code):
    association, season = _member_context(request, code)
    pending = request.session.get(SESSION_KEY) or {}
    if pending.get("id") != request.POST.get("import") or pending.get("code") != code:
        messages.error(
            request,
            "Cet aperçu n'est plus valable (un autre import l'a remplacé) : "
            "importez le fichier à nouveau.",
        )
        return redirect("imports:upload", code=code)
    rows = [importing.ImportRow.from_json(values) for values in pending["rows"]]
    if not _add_to_basket(request, association, season, rows):
        return redirect("imports:upload", code=code)
    del request.session[SESSION_KEY]
    return redirect("baskets:basket", code=code)


def _add_to_basket(request, association, season, rows) -> bool:
    """« Ajouter au panier »: the rows, decided again, into the person's open basket; the
    message says what was added, or why nothing could be."""
    try:
        basket = basket_open(association=association, season=season, actor=request.user)
        result = importing.import_rows(basket=basket, rows=rows, actor=request.user)
    except LicenceError as error:
        messages.error(request, str(error))
        return False
    (messages.success if result.added else messages.warning)(request, summary(result))
    return True


# --- a long list, read and checked by a task ------------------------------------------------


def _own_job(request, code, job_id):
    """The job of this AS; another AS's does not exist here (404)."""
    association, season = _member_context(request, code)
    return association, season, get_object_or_404(ImportJob, pk=job_id, association=association)


@require_http_methods(["GET", "POST"])
def job(request, code, job_id):
    """The job's page; its polling part alone when htmx asks for it (every 2 seconds while the
    task runs); POST: « Ajouter au panier »."""
    association, season, import_job = _own_job(request, code, job_id)
    if request.method == "POST":
        return _add_job(request, association, season, import_job)
    template = "licences/import/_job.html" if request.htmx else "licences/import/job.html"
    response = render(request, template, _job_context(association, season, import_job))
    patch_vary_headers(response, ["HX-Request"])
    return response


def _job_context(association, season, import_job: ImportJob) -> dict:
    context = {"association": association, "season": season, "job": import_job}
    if import_job.state == ImportJob.State.DONE and import_job.added_at is None:
        confirm_url = reverse("imports:job", args=[association.code, import_job.pk])
        context |= _preview_context(import_jobs.parsed_file(import_job), import_job.filename,
                                    confirm_url)
    return context


def _add_job(request, association, season, import_job: ImportJob):
    code = association.code
    # Once only: the conditional UPDATE is the lock (the request's transaction holds it).
    added = ImportJob.objects.filter(
        pk=import_job.pk, state=ImportJob.State.DONE, added_at__isnull=True
    ).update(added_at=clock.now())
    if not added:
        messages.error(request, "Cet aperçu n'est plus valable (il a déjà été ajouté au panier, "
                                "ou n'est pas prêt) : importez le fichier à nouveau.")
        return redirect("imports:upload", code=code)
    if not _add_to_basket(request, association, season, import_jobs.parsed_file(import_job).rows):
        ImportJob.objects.filter(pk=import_job.pk).update(added_at=None)  # may be added later
        return redirect("imports:job", code=code, job_id=import_job.pk)
    return redirect("baskets:basket", code=code)


def _count(n: int, singular: str, plural: str) -> str:
    return f"{n} {singular if n <= 1 else plural}"


def summary(result: importing.ImportResult) -> str:
    """The confirmation: "3 licences ajoutées au panier (2 nouvelles, 1 renouvellement), 1 ligne
    rejetée"."""
    return (
        f"{_count(result.added, 'licence ajoutée', 'licences ajoutées')} au panier "
        f"({_count(result.created, 'nouvelle', 'nouvelles')}, "
        f"{_count(result.renewed, 'renouvellement', 'renouvellements')}), "
        f"{_count(result.rejected, 'ligne rejetée', 'lignes rejetées')}."
    )


@require_GET
def template(request, code):
    _association, season = _member_context(request, code)
    response = HttpResponse(importing.template_csv(season), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="modele-import-eleves.csv"'
    return response
