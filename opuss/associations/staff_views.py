"""The services' side of an AS: creating a new AS (SR, DN), and the "Gestion de l'AS" page with
its district (SD of its department, SR, DN) and its e-mail (SR, DN)."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opuss.accounts.enums import Role
from opuss.accounts.perms import roles_required, staff_required
from opuss.associations import perms, services
from opuss.associations.forms import AssociationCreateForm, DistrictMoveForm, EmailChangeForm
from opuss.associations.views import association_for
from opuss.core.audit import entries_for

CREATION_FIELDS = [
    "establishment",
    "code",
    "department",
    "district",
    "civility",
    "last_name",
    "first_name",
    "email",
]


@require_http_methods(["GET", "POST"])
@roles_required(Role.SR, Role.DN)
def association_create(request):
    if request.method == "POST":
        form = AssociationCreateForm(request.POST, user=request.user)
        if form.is_valid():
            try:
                association = services.association_create(
                    actor=request.user,
                    **{name: form.cleaned_data[name] for name in CREATION_FIELDS},
                )
            except services.AssociationError as error:
                form.add_error(error.field, str(error))
            else:
                messages.success(
                    request,
                    f"AS {association.code} créée. Son ou sa secrétaire reçoit par "
                    f"e-mail ({association.email}) son identifiant et un lien pour choisir son "
                    "mot de passe, s'il n'avait pas encore de compte.",
                )
                return redirect("associations:manage", code=association.code)
    else:
        # ?establishment=…&department=…: htmx asks for the districts of the department chosen,
        # or of the establishment's.
        initial = {name: request.GET.get(name) for name in ("establishment", "department")}
        form = AssociationCreateForm(user=request.user, initial=initial)
    return render(request, "associations/create.html", {"form": form})


def _managed(request, code: str):
    association = association_for(request, code)
    if not perms.can_manage(request.user, association):
        raise Http404
    return association


def _render_manage(request, association, move_form=None, email_form=None):
    can_decide = perms.can_decide(request.user, association)
    secretaries = association.role_assignments.filter(role=Role.AS_SECRETARY).select_related("user")
    return render(
        request,
        "associations/manage.html",
        {
            "association": association,
            "can_decide": can_decide,
            "move_form": move_form or DistrictMoveForm(user=request.user, association=association),
            "email_form": (email_form or EmailChangeForm(association=association))
            if can_decide
            else None,
            "secretaries": secretaries,
            "audit": entries_for(association),
        },
    )


@require_GET
@staff_required
def association_manage(request, code: str):
    return _render_manage(request, _managed(request, code))


@require_POST
@staff_required
def association_move_district(request, code: str):
    association = _managed(request, code)
    if not perms.can_move_district(request.user, association):
        raise Http404
    form = DistrictMoveForm(request.POST, user=request.user, association=association)
    if form.is_valid():
        try:
            services.association_move_district(
                actor=request.user, association=association, district=form.cleaned_data["district"]
            )
        except services.AssociationError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(
                request,
                f"AS {association.code} rattachée au district « {association.district.label} ».",
            )
            return redirect("associations:manage", code=association.code)
    return _render_manage(request, association, move_form=form)


@require_POST
@staff_required
def association_change_email(request, code: str):
    association = _managed(request, code)
    if not perms.can_decide(request.user, association):
        raise Http404
    form = EmailChangeForm(request.POST, association=association)
    if form.is_valid():
        try:
            services.association_change_email(
                actor=request.user, association=association, **form.cleaned_data
            )
        except services.AssociationError as error:
            form.add_error(error.field, str(error))
        else:
            messages.success(
                request,
                f"Nouvelle adresse de l'AS : {association.email}. Le compte "
                "secrétaire a été mis à jour.",
            )
            return redirect("associations:manage", code=association.code)
    return _render_manage(request, association, email_form=form)
