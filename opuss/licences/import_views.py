"""Importing a pupil list into the basket: upload, preview (what will be created, renewed or
rejected, and why), confirmation. Between preview and confirmation the parsed rows wait in the
session (server-side, JSON) under a random id: nothing is uploaded twice, and a preview
replaced by a newer one cannot be confirmed."""

import secrets

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opuss.affiliations.perms import can_fill_in
from opuss.associations.views import association_for
from opuss.licences import importing
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
        try:
            parsed = importing.read_rows(form.cleaned_data["file"])
        except importing.ImportFileError as error:
            form.add_error("file", str(error))
        else:
            return _preview(request, context, parsed, form.cleaned_data["file"].name)
    return render(request, "licences/import/upload.html", context | {"form": form})


def _preview(request, context, parsed, filename):
    rows = importing.preview(
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
    groups = importing.grouped(rows)
    addable = sum(len(group) for decision, group in groups if decision != importing.Decision.REJECT)
    return render(
        request,
        "licences/import/preview.html",
        context
        | {
            "parsed": parsed,
            "groups": groups,
            "token": token,
            "filename": filename,
            "addable": addable,
        },
    )


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
    try:
        basket = basket_open(association=association, season=season, actor=request.user)
        result = importing.import_rows(basket=basket, rows=rows, actor=request.user)
    except LicenceError as error:
        messages.error(request, str(error))
        return redirect("imports:upload", code=code)
    del request.session[SESSION_KEY]
    (messages.success if result.added else messages.warning)(request, summary(result))
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
