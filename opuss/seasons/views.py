from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from opuss.accounts.enums import Role
from opuss.accounts.perms import roles_required
from opuss.rules.errors import RulesError
from opuss.rules.fees import compute_fee
from opuss.rules.season import load_season
from opuss.seasons import services
from opuss.seasons.forms import FeeSimulatorForm, SeasonOpenForm
from opuss.seasons.models import Season


@login_not_required
@require_GET
def fee_simulator(request):
    """ "Simuler ma cotisation": the fee rules, public, the same figures as `opuss fee`.

    A GET form, so that a simulation is a link one can send and nothing typed is lost."""
    form = FeeSimulatorForm(request.GET or None)
    result = None
    if form.is_valid():
        try:
            result = compute_fee(load_season(form.cleaned_data["season"]), form.fee_input())
        except RulesError as error:
            form.add_error(None, str(error))
    template = "seasons/_fee_result.html" if request.htmx else "seasons/fee_simulator.html"
    return render(request, template, {"form": form, "result": result})


@login_not_required
@require_GET
def circular(request, label: str):
    """The season's figures "at hand" while filling in the form: tariffs, contract parameters,
    periods, age categories and the direct-debit calendar, read from the season's file."""
    try:
        rules = load_season(label)
    except RulesError:
        raise Http404 from None
    return render(
        request,
        "seasons/circular.html",
        {
            "rules": rules,
            "parameters": sorted(rules.personalised.parameters.values(), key=lambda p: p.code),
            "periods": list(rules.periods.values()),
            "runs": rules.debit_runs,
        },
    )


@require_http_methods(["GET", "POST"])
@roles_required(Role.DN)
def season_open(request):
    """« Ouvrir la saison suivante » (DN): what `opuss season open` does, after confirming."""
    current = Season.objects.current_or_none()
    label = services.next_label(current)
    form = SeasonOpenForm(request.POST if request.method == "POST" else None)
    refusal = services.opening_refusal(label) if label else "Aucune saison n'est ouverte."
    if request.method == "POST" and form.is_valid() and label and not refusal:
        try:
            opening = services.season_open(label=label, actor=request.user)
        except services.SeasonError as error:
            refusal = str(error)
        else:
            for line in opening.lines():
                messages.success(request, line)
            return redirect("seasons:open")
    return render(
        request,
        "seasons/open.html",
        {"current": current, "label": label, "refusal": refusal, "form": form},
    )
