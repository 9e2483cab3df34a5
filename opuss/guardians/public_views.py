"""The guardian's page, opened from the e-mailed link without an account."""

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from opuss.guardians import services
from opuss.guardians.forms import AnswerForm
from opuss.guardians.links import LinkGone, LinkInvalid, request_for_token
from opuss.guardians.mentions import digest, shown_for

CHANGED = (
    "Les informations de la licence viennent d'être modifiées : relisez-les avant de confirmer "
    "votre réponse."
)


@login_not_required
@never_cache
@require_http_methods(["GET", "POST"])
def answer(request, token: str):
    try:
        guardian_request = request_for_token(token)
    except LinkInvalid:
        raise Http404 from None
    except LinkGone as gone:
        licence = gone.request.licence
        return render(
            request,
            "guardians/link_gone.html",
            {"replaced": gone.replaced, "licence": licence, "association": licence.association},
            status=410,
        )
    previous = guardian_request.responses.first()
    if previous is not None:
        status = 200
        if request.method == "POST":
            messages.error(request, services.already_answered(previous))
            status = 409
        return render(request, "guardians/answered.html", {"response": previous}, status=status)
    shown = shown_for(guardian_request.licence)
    form = AnswerForm(request.POST if request.method == "POST" else None, shown=shown)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["shown_digest"] != digest(shown):
            data = request.POST.copy()
            data["shown_digest"] = digest(shown)
            form = AnswerForm(data, shown=shown)
            form.is_valid()
            form.add_error(None, CHANGED)
        else:
            try:
                services.answer(request=guardian_request, values=form.cleaned_data)
            except services.GuardianError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Merci : votre réponse est enregistrée.")
                return redirect("guardians:answer", token=token)
    return render(
        request,
        "guardians/answer.html",
        {"form": form, "shown": shown, "licence": guardian_request.licence},
    )
