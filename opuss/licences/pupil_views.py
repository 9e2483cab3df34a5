"""The licencié's own space (seed 000): his home, his licences, the renewal request, and writing
to his AS or one of its animateurs. Every page is about request.user's pupil record only."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from opuss.associations.selectors import panel
from opuss.content.selectors import articles_block_context
from opuss.licences import contact, renewals
from opuss.licences.forms import ContactForm, RenewalForm
from opuss.licences.selectors import latest_licence_of, own_pupil
from opuss.seasons.models import Season

TABS = {
    "as": "AS",
    "animateurs": "Animateurs",
    "activites": "Activités encadrées",
    "sections": "Sections sportives",
}


@require_GET
def pupil_home(request):
    licence = latest_licence_of(request.user)  # with his record: own_pupil reads no more
    pupil = own_pupil(request)
    tab = request.GET.get("onglet", "as")
    context = {
        "pupil": pupil,
        "licence": licence,
        "association": licence.association if licence else None,
        "panel": panel(licence.association) if licence else None,
        "tabs": TABS,
        "tab": tab if tab in TABS else "as",
    }
    if request.htmx and request.htmx.target == "as-tabs":
        return render(request, "licences/_as_tabs.html", context)
    context |= articles_block_context(request)
    return render(request, "licences/pupil_home.html", context)


@require_GET
def pupil_licences(request):
    """ "Mes licences": every licence he ever held, newest first."""
    pupil = own_pupil(request)
    licences = pupil.licences.select_related("association__establishment", "season")
    return render(request, "licences/pupil_licences.html", {"pupil": pupil, "licences": licences})


@require_http_methods(["GET", "POST"])
def pupil_renewal(request):
    pupil = own_pupil(request)
    season = Season.objects.current_or_none()
    if season is None:
        raise Http404
    form = RenewalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            renewals.request_renewal(
                pupil=pupil, season=season, message=form.cleaned_data["message"]
            )
        except renewals.RenewalError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Ta demande de renouvellement est transmise à ton AS.")
            return redirect("licences:pupil_renewal")
    return render(
        request,
        "licences/pupil_renewal.html",
        {"pupil": pupil, "status": renewals.status(pupil, season), "form": form},
    )


@require_http_methods(["GET", "POST"])
def pupil_contact(request):
    """ "Contacter mon AS" and "Lui écrire": the message goes by e-mail, the animateur's address
    stays private; the answer comes to the pupil's own address."""
    pupil = own_pupil(request)
    licence = latest_licence_of(request.user)
    if licence is None:
        raise Http404
    association = licence.association
    recipient_name, address = _recipient(request, association)
    form = ContactForm(request.POST or None, initial={"reply_to": pupil.email})
    if request.method == "POST" and address and form.is_valid():
        try:
            contact.send_message(
                licence=licence,
                recipient_name=recipient_name,
                address=address,
                subject=form.cleaned_data["subject"],
                body=form.cleaned_data["body"],
                reply_to=form.cleaned_data["reply_to"],
            )
        except contact.ContactError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Ton message est envoyé à {recipient_name}.")
            return redirect("licences:pupil_home")
    return render(
        request,
        "licences/pupil_contact.html",
        {
            "form": form,
            "recipient_name": recipient_name,
            "association": association,
            "has_address": bool(address),
        },
    )


def _recipient(request, association) -> tuple[str, str]:
    """(name, address) of whom the pupil writes to: one of his AS's animateurs, or the AS."""
    wanted = request.GET.get("animateur", "")
    if wanted:
        animateur = next((a for a in panel(association).animateurs if str(a.pk) == wanted), None)
        if animateur is None:
            raise Http404
        civility = animateur.get_civility_display()
        name = f"{civility} {animateur.last_name.upper()} {animateur.first_name}".strip()
        return name, animateur.email
    return f"l'AS {association.code}", association.email or association.establishment.email
