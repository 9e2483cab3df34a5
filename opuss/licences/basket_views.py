"""The AS's licence basket: renew last season's licensees, add new pupils, check, validate."""

from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from opuss.affiliations.perms import can_fill_in
from opuss.associations.views import association_for
from opuss.core.caching import kept
from opuss.licences import renewals, services
from opuss.licences.basket_checks import REVIEW_SECONDS, generations, kept_review
from opuss.licences.forms import NewLicenceForm
from opuss.licences.models import ImportJob, Pupil
from opuss.seasons.models import Season

# Last season's licensees listed at once, by name; a search finds the others, and « all of
# them » adds them without listing them (a basket page of constant size, issue #14).
FORMER_SHOWN = 50


def _member_context(request, code):
    association = association_for(request, code)
    if not can_fill_in(request.user, association):
        raise Http404
    return association, Season.objects.current()


@require_http_methods(["GET"])
def basket(request, code):
    association, season = _member_context(request, code)
    refusal = services.licensing_refusal(association, season)
    context = {"association": association, "season": season, "refusal": refusal}
    if refusal is None:
        context |= _basket_context(request, association, season, NewLicenceForm())
    return render(request, "licences/basket.html", context)


def _basket_context(request, association, season, form):
    basket = services.basket_open(association=association, season=season, actor=request.user)
    lines = list(basket.lines.all())
    for line in lines:  # one basket: not joined and built again for every line (issue #14)
        line.basket = basket
    query = request.GET.get("q", "").strip()
    in_basket = {line.pupil_id for line in lines if line.pupil_id}
    former = kept(generations(basket), f"basket-former:{basket.pk}:{urlencode({'q': query})}",
                  lambda: _former(basket, query), REVIEW_SECONDS)
    review = kept_review(basket, lines, request.user)
    return {
        "basket": basket,
        "lines": lines,
        "requests": [
            (renewal, renewal.pupil_id in in_basket)
            for renewal in renewals.pending_for(association, season)
        ],
        "warnings": review.warnings,
        "former": former[:FORMER_SHOWN],
        "former_more": len(former) > FORMER_SHOWN,
        "former_shown": FORMER_SHOWN,
        # Former licensees are licensed in the season before: it exists, no query for its name.
        "previous_label": f"{season.start_year - 1}-{season.start_year}",
        "query": query,
        "form": form,
        "checks": services.required_checks(season),
        # His long lists read in the background, waiting to be added: their page is kept.
        "import_jobs": ImportJob.objects.filter(
            association=association, created_by=request.user, added_at__isnull=True
        )[:5],
        "duplicates_check": services.DUPLICATES_CHECK if review.duplicates else "",
    }


def _former(basket, query: str) -> list[Pupil]:
    """The first FORMER_SHOWN + 1 of last season's licensees not yet in the basket, matching
    the search."""
    # Those in the basket already, read by the database: no list of 300 ids sent back.
    former = services.former_licensees(basket.association, basket.season).exclude(
        pk__in=basket.lines.exclude(pupil=None).values("pupil_id")
    )
    if query:
        former = former.filter(last_name__icontains=query) | former.filter(
            first_name__icontains=query
        )
    return list(former[: FORMER_SHOWN + 1])


@require_POST
def add_renewals(request, code):
    association, season = _member_context(request, code)
    try:
        basket = services.basket_open(association=association, season=season, actor=request.user)
        if request.POST.get("tous"):
            pupils = services.former_licensees(association, season)
        else:
            ids = [int(pk) for pk in request.POST.getlist("pupils") if pk.isdigit()]
            pupils = Pupil.objects.filter(pk__in=ids)
        added = services.basket_add_renewals(basket=basket, pupils=pupils, actor=request.user)
    except services.LicenceError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{added} renouvellement{'s' if added > 1 else ''} ajouté"
                                  f"{'s' if added > 1 else ''} au panier.")
    return redirect("baskets:basket", code=code)


@require_POST
def add_new(request, code):
    association, season = _member_context(request, code)
    refusal = services.licensing_refusal(association, season)
    if refusal:
        messages.error(request, refusal)
        return redirect("baskets:basket", code=code)
    form = NewLicenceForm(request.POST)
    if form.is_valid():
        try:
            basket = services.basket_open(association=association, season=season,
                                          actor=request.user)
            line = services.basket_add_new(basket=basket, actor=request.user,
                                           values=form.cleaned_data)
        except services.LicenceError as error:
            form.add_error(error.field or "birth_date", str(error))
        else:
            messages.success(request, f"{line} ajouté(e) au panier.")
            return redirect("baskets:basket", code=code)
    context = {"association": association, "season": season, "refusal": None}
    context |= _basket_context(request, association, season, form)
    return render(request, "licences/basket.html", context, status=200)


@require_POST
def remove_line(request, code, line_id):
    association, season = _member_context(request, code)
    try:
        basket = services.basket_open(association=association, season=season, actor=request.user)
    except services.LicenceError as error:
        messages.error(request, str(error))
        return redirect("baskets:basket", code=code)
    # Only a line of his own open basket exists for him (the 404 rolls the request back).
    line = get_object_or_404(basket.lines, pk=line_id)
    services.basket_remove_line(basket=basket, line_id=line.pk, actor=request.user)
    return redirect("baskets:basket", code=code)


@require_POST
def decline_request(request, code, request_id):
    association, season = _member_context(request, code)
    renewal = get_object_or_404(renewals.pending_for(association, season), pk=request_id)
    renewals.decline(renewal=renewal, actor=request.user)
    messages.success(request, f"Demande de {renewal.pupil} refusée.")
    return redirect("baskets:basket", code=code)


@require_POST
def validate(request, code):
    association, season = _member_context(request, code)
    try:
        basket = services.basket_open(association=association, season=season, actor=request.user)
        licences = services.basket_validate(
            basket=basket, actor=request.user, confirmed=request.POST.getlist("checks")
        )
    except services.LicenceError as error:
        messages.error(request, str(error))
        return redirect("baskets:basket", code=code)
    messages.success(request, f"Panier validé : {len(licences)} licence"
                              f"{'s' if len(licences) > 1 else ''} créée"
                              f"{'s' if len(licences) > 1 else ''}.")
    return redirect("associations:licences", code=code)
