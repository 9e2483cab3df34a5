"""The AS's side of the affiliation: "M'affilier", the form in sections (drafts), "Transmettre au
SR", and after affiliation the change of enrolment until the deadline."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from opuss.affiliations import perms, selectors, services
from opuss.affiliations.forms import (
    AffiliationForm,
    AnimateurFormSet,
    EnrolmentForm,
    SectionFormSet,
    officer_forms,
)
from opuss.affiliations.models import Affiliation
from opuss.associations.views import association_for
from opuss.seasons.models import Season


def _association_as_member(request, code):
    association = association_for(request, code)
    if not perms.can_fill_in(request.user, association):
        raise Http404
    return association


def current_affiliation(association):
    season = Season.objects.current()
    return season, Affiliation.objects.filter(association=association, season=season).first()


@require_POST
def affiliation_start(request, code):
    """ "M'affilier": opens the season's form, with last season's values recalled."""
    association = _association_as_member(request, code)
    try:
        services.affiliation_open_for(
            association=association, season=Season.objects.current(), actor=request.user
        )
    except services.AffiliationError as error:
        messages.error(request, str(error))
        return redirect("associations:detail", code=code)
    return redirect("affiliations:form", code=code)


@require_http_methods(["GET", "POST"])
def affiliation_form(request, code):
    association = _association_as_member(request, code)
    season, affiliation = current_affiliation(association)
    if affiliation is None:
        return redirect("associations:detail", code=code)
    if request.htmx and request.method == "GET" and request.GET:
        return _live_fee(request, affiliation)
    data = request.POST if request.method == "POST" else None
    # The form works on its own copy: the service compares it with what is stored.
    form = AffiliationForm(data, instance=Affiliation.objects.get(pk=affiliation.pk))
    officers = officer_forms(affiliation, data)
    animateurs = AnimateurFormSet(data, instance=affiliation, prefix="animateurs")
    sections = SectionFormSet(data, instance=affiliation, prefix="sections")
    if request.method == "POST":
        try:
            _save_sections(request, affiliation, form, officers, animateurs, sections)
        except services.AffiliationError as error:
            messages.error(request, str(error))
        else:
            if _all_valid(form, officers, animateurs, sections):
                # On transmit, « Formulaire transmis » says it all; the draft is only mentioned
                # when the transmission is refused.
                if "transmit" in request.POST:
                    return _transmit(request, affiliation, code, draft_saved=True)
                messages.success(request, "Brouillon enregistré.")
                return redirect("affiliations:form", code=code)
            messages.error(
                request,
                "Certains champs sont à corriger (voir ci-dessous) ; le reste est enregistré.",
            )
    affiliation.refresh_from_db()
    return render(
        request,
        "affiliations/form.html",
        {
            "association": association,
            "season": season,
            "affiliation": affiliation,
            "form": form,
            "officers": officers,
            "animateurs": animateurs,
            "sections": sections,
            "editable": affiliation.state in services.EDITABLE_STATES,
            "period": selectors.affiliation_open(season),
            "fee": selectors.fee_of(affiliation),
            "missing": selectors.missing_items(affiliation),
        },
    )


def _live_fee(request, affiliation):
    """The fee block, recomputed from what is typed (nothing saved), as the public simulator
    does: htmx sends the form's values on each input."""
    form = AffiliationForm(request.GET, instance=Affiliation.objects.get(pk=affiliation.pk))
    form.is_valid()  # the valid fields are set on form.instance, the others keep their value
    return render(
        request,
        "affiliations/_fee.html",
        {"season": affiliation.season, "fee": selectors.fee_of(form.instance)},
    )


def _all_valid(form, officers, animateurs, sections) -> bool:
    return all(
        [
            form.is_valid(),
            *(f.is_valid() for _, f in officers),
            animateurs.is_valid(),
            sections.is_valid(),
        ]
    )


def _save_sections(request, affiliation, form, officers, animateurs, sections) -> None:
    """Saves each part that is valid; a mistake in one part keeps the others' input."""
    form.is_valid()
    services.affiliation_save_draft(
        affiliation=affiliation, actor=request.user, values=form.valid_values()
    )
    valid_officers = {f.instance.role: f.cleaned_data for _, f in officers if f.is_valid()}
    services.officers_save(affiliation=affiliation, actor=request.user, officers=valid_officers)
    if animateurs.is_valid():
        services.animateurs_save(affiliation=affiliation, actor=request.user, formset=animateurs)
    if sections.is_valid():
        services.sections_save(affiliation=affiliation, actor=request.user, formset=sections)


@require_POST
def affiliation_transmit(request, code):
    association = _association_as_member(request, code)
    _, affiliation = current_affiliation(association)
    if affiliation is None:
        raise Http404
    return _transmit(request, affiliation, code)


def _transmit(request, affiliation, code, draft_saved=False):
    try:
        services.affiliation_transmit(affiliation=affiliation, actor=request.user)
    except services.AffiliationError as error:
        if draft_saved:
            messages.success(request, "Brouillon enregistré.")
        messages.error(request, str(error))
        return redirect("affiliations:form", code=code)
    messages.success(
        request,
        "Formulaire transmis au service régional : votre affiliation est en attente de validation.",
    )
    return redirect("associations:detail", code=code)


@require_http_methods(["GET", "POST"])
def affiliation_enrolment(request, code):
    """Enrolment and type after affiliation, until the season's deadline (AS or its SR)."""
    association = association_for(request, code)
    if not (
        perms.can_fill_in(request.user, association) or perms.can_decide(request.user, association)
    ):
        raise Http404
    season = Season.objects.current()
    affiliation = get_object_or_404(Affiliation, association=association, season=season)
    form = EnrolmentForm(request.POST or None, instance=Affiliation.objects.get(pk=affiliation.pk))
    deadline = selectors.changes_open(season)
    if request.method == "POST" and form.is_valid():
        try:
            services.affiliation_change_enrolment(
                affiliation=affiliation,
                actor=request.user,
                values={name: form.cleaned_data[name] for name in services.ENROLMENT_FIELDS},
            )
        except services.AffiliationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Effectifs enregistrés ; la cotisation est recalculée.")
            return redirect("associations:detail", code=code)
    return render(
        request,
        "affiliations/enrolment.html",
        {
            "association": association,
            "affiliation": affiliation,
            "form": form,
            "deadline": deadline,
        },
    )
