"""The AS's register: its list (the AS, and the services of its territory, who read), an event
added, changed or deleted by the AS's teachers; and the licencié's "Registre de mon AS"."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opuss.associations.views import association_for
from opuss.core import clock
from opuss.core.audit import entries_for
from opuss.core.listing import Column, Filter, Listing
from opuss.licences.selectors import latest_licence_of, own_pupil
from opuss.register import perms, services
from opuss.register.enums import EventKind
from opuss.register.forms import EventForm, initial_of
from opuss.register.models import RegisterEvent


@require_GET
def association_page(request, code: str):
    association = association_for(request, code)
    events = RegisterEvent.objects.filter(association=association).select_related(
        "activity", "created_by"
    )
    listing = Listing(
        request,
        events,
        columns=[
            Column("Date", lambda e: e.date, "date"),
            Column("Jusqu'au", lambda e: e.end_date, "end_date"),
            Column("Horaires", lambda e: e.hours_text, "start_time"),
            Column("Type", lambda e: e.get_kind_display(), "kind"),
            Column("Intitulé", lambda e: e.title, "title"),
            Column("Lieu", lambda e: e.place, "place"),
            Column("Activité", lambda e: e.activity or "", "activity__name"),
            Column("Description", lambda e: e.description),
            Column("Saisi par", lambda e: e.created_by.display_name, "created_by__last_name"),
        ],
        search_fields=["title", "place", "description"],
        filters=[Filter("type", "Type", "kind", EventKind.choices)],
        default_order="-date",
        export_name=f"registre-{association.code}",
    )
    if listing.export_format:
        return listing.export()
    context = listing.context()
    context["lines"] = [
        {"event": event, "cells": cells, "can_change": perms.can_change(request.user, event)}
        for event, cells in zip(context["page_obj"], context["rows"], strict=True)
    ]
    return render(
        request,
        "register/association.html",
        context
        | {"association": association, "can_add": perms.is_member(request.user, association)},
    )


def _member_association(request, code: str):
    association = association_for(request, code)
    if not perms.is_member(request.user, association):
        raise Http404
    return association


def _event_for(request, association, pk: int) -> RegisterEvent:
    event = get_object_or_404(
        RegisterEvent.objects.filter(association=association).select_related("association"),
        pk=pk,
    )
    if not perms.can_change(request.user, event):
        raise Http404
    return event


@require_http_methods(["GET", "POST"])
def create(request, code: str):
    association = _member_association(request, code)
    form = EventForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_create(
                actor=request.user, association=association, values=form.cleaned_data
            )
        except services.RegisterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"« {event.title} » ajouté au registre de l'AS.")
            return redirect("register:association", code=code)
    return render(
        request, "register/form.html", {"association": association, "form": form, "event": None}
    )


@require_http_methods(["GET", "POST"])
def edit(request, code: str, pk: int):
    association = _member_association(request, code)
    event = _event_for(request, association, pk)
    form = EventForm(request.POST if request.method == "POST" else None, initial=initial_of(event))
    if request.method == "POST" and form.is_valid():
        try:
            services.event_update(actor=request.user, event=event, values=form.cleaned_data)
        except services.RegisterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"« {event.title} » enregistré.")
            return redirect("register:association", code=code)
    return render(
        request,
        "register/form.html",
        {"association": association, "form": form, "event": event, "audit": entries_for(event)},
    )


@require_POST
def delete(request, code: str, pk: int):
    association = _member_association(request, code)
    event = _event_for(request, association, pk)
    label = services.event_delete(actor=request.user, event=event)
    messages.success(request, f"« {label} » supprimé du registre.")
    return redirect("register:association", code=code)


@require_GET
def pupil_register(request):
    """Seed 000, "Registre de mon AS": the events of the AS of his latest licence, upcoming
    first (soonest first), then past ones (latest first)."""
    own_pupil(request)
    licence = latest_licence_of(request.user)
    kind = request.GET.get("type", "")
    if kind not in EventKind.values:
        kind = ""
    upcoming, past = [], []
    if licence is not None:
        events = RegisterEvent.objects.filter(association=licence.association).select_related(
            "activity"
        )
        if kind:
            events = events.filter(kind=kind)
        today = timezone.localdate(clock.now())
        current = Q(date__gte=today) | Q(end_date__gte=today)
        upcoming = events.filter(current).order_by("date", "start_time", "pk")
        past = events.exclude(current).order_by("-date", "-start_time", "-pk")
    return render(
        request,
        "register/pupil_register.html",
        {
            "licence": licence,
            "association": licence.association if licence else None,
            "kinds": EventKind.choices,
            "kind": kind,
            "upcoming": upcoming,
            "past": past,
        },
    )
