"""« Prélèvements SEPA » (national direction only): the season's runs, each month's batch, the
button that generates it (irreversible, after a confirmation) and its pain.008 file. The file
carries every AS's IBAN in full, so it is downloaded as the bank form is seen: with the
password confirmed in the last minutes (opuss/finance/reauth.py)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opuss.accounts.enums import Role
from opuss.accounts.perms import roles_required
from opuss.affiliations.forms import PasswordConfirmForm
from opuss.finance import debits, reauth
from opuss.finance.models import DebitBatch
from opuss.rules.money import format_eur
from opuss.seasons.models import Season

national_direction = roles_required(Role.DN)


@require_GET
@national_direction
def batch_list(request):
    season = Season.objects.current()
    confirmed = reauth.password_confirmed(request)
    return render(
        request,
        "finance/batches.html",
        {
            "season": season,
            "runs": debits.season_runs(season),
            "file_open": confirmed,
            "password_form": None if confirmed else PasswordConfirmForm(),
            "reauth_minutes": reauth.WINDOW_MINUTES,
        },
    )


def _status(season, run_month: str) -> debits.RunStatus:
    status = next((s for s in debits.season_runs(season) if s.key == run_month), None)
    if status is None:
        raise Http404
    return status


@require_http_methods(["GET", "POST"])
@national_direction
def batch_generate(request, run_month: str):
    """GET says what the batch will hold and asks to confirm; POST generates it."""
    season = Season.objects.current()
    status = _status(season, run_month)
    if request.method == "POST":
        try:
            batch, created = debits.run_batch(
                season=season, run_month=run_month, actor=request.user
            )
        except debits.DebitError as error:
            messages.error(request, str(error))
        else:
            _tell_generated(request, status, batch, created)
        return redirect("debits:batches")
    count, total = debits.run_preview(season, run_month) if status.can_generate else (0, None)
    return render(
        request,
        "finance/batch_confirm.html",
        {"season": season, "status": status, "count": count, "total": total},
    )


def _tell_generated(request, status, batch: DebitBatch, created: bool) -> None:
    if not created:
        messages.info(
            request,
            f"Le lot {status.of_label} avait déjà été généré : c'est le même fichier "
            f"({batch.message_id}).",
        )
        return
    messages.success(
        request,
        f"Lot {status.of_label} généré : {batch.count} prélèvement{'s' if batch.count > 1 else ''}"
        f", {format_eur(batch.total)}, identifiant {batch.message_id}. Chaque AS est prévenue "
        "par courriel.",
    )


@require_GET
@national_direction
def batch_file(request, pk: int):
    batch = get_object_or_404(DebitBatch, pk=pk)
    if not reauth.password_confirmed(request):
        messages.error(
            request,
            "Le fichier montre l'IBAN de chaque AS en entier : confirmez d'abord votre mot de "
            "passe, puis téléchargez-le.",
        )
        return redirect(reverse("debits:batches") + "#fichiers")
    response = HttpResponse(batch.xml, content_type="application/xml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{batch.message_id}.xml"'
    return response


@require_POST
@national_direction
def confirm_password(request):
    """« Confirmer mon mot de passe » before the files are downloaded. The access goes into the
    season's history: its files hold every AS's bank details."""
    reauth.confirm_from_post(
        request, about=Season.objects.current(),
        opened="les fichiers de prélèvements sont téléchargeables",
        closed="les fichiers restent fermés",
    )
    return redirect(reverse("debits:batches") + "#fichiers")
