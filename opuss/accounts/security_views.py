"""« Sécurité du compte » (the second factor of the services' staff), the code asked after the
password, the national direction's « Double authentification obligatoire », and « Mes sessions »."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.shortcuts import redirect, render, resolve_url
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from opuss.accounts import security_forms as forms
from opuss.accounts import sessions, twofactor
from opuss.accounts.enums import Role
from opuss.accounts.perms import roles_required, staff_required


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return resolve_url(settings.LOGIN_REDIRECT_URL)


# The second step of signing in


@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    if twofactor.pending_step(request.user) != twofactor.VERIFY_STEP:
        return redirect(_next_url(request))
    form = forms.CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.verify_code(request.user, form.cleaned_data["code"])
        except twofactor.TwoFactorError as error:
            form.add_error("code", str(error))
        else:
            twofactor.complete_sign_in(request, device)
            return redirect(_next_url(request))
    return render(
        request, "accounts/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


# « Sécurité du compte »


@require_GET
@staff_required
def security(request):
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "device": twofactor.totp_device_of(user),
            "codes_left": twofactor.recovery_codes_left(user),
            "required": twofactor.is_required_for(user),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def two_factor_setup(request):
    if twofactor.totp_device_of(request.user) is not None:
        messages.info(request, "La double authentification est déjà activée.")
        return redirect("accounts:security")
    key = twofactor.pending_key(request.session)
    form = forms.SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device, codes = twofactor.enable_totp(
                user=request.user, key=key, token=form.cleaned_data["code"]
            )
        except twofactor.TwoFactorError as error:
            form.add_error("code", str(error))
        else:
            twofactor.complete_sign_in(request, device)
            del request.session[twofactor.PENDING_KEY_SESSION_KEY]
            messages.success(request, "La double authentification est activée.")
            return _show_recovery_codes(request, codes)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "provisioning": twofactor.provisioning_for(request.user, key),
            "required": twofactor.is_required_for(request.user),
        },
    )


def _show_recovery_codes(request, codes):
    """The codes are shown once, on the page this redirects to (reloading it does not show them
    again: they are only kept as the device's)."""
    request.session[twofactor.NEW_CODES_SESSION_KEY] = codes
    return redirect("accounts:recovery_codes")


@require_GET
@staff_required
def recovery_codes(request):
    codes = request.session.pop(twofactor.NEW_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:security")
    return render(request, "accounts/recovery_codes.html", {"codes": codes})


@require_POST
@staff_required
def recovery_codes_renew(request):
    try:
        codes = twofactor.regenerate_recovery_codes(user=request.user)
    except twofactor.TwoFactorError as error:
        messages.error(request, str(error))
        return redirect("accounts:security")
    messages.success(request, "Vos nouveaux codes de secours remplacent les précédents.")
    return _show_recovery_codes(request, codes)


@require_http_methods(["GET", "POST"])
@staff_required
def two_factor_disable(request):
    if twofactor.totp_device_of(request.user) is None:
        return redirect("accounts:security")
    form = forms.DisableForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            twofactor.disable_two_factor(
                user=request.user,
                password=form.cleaned_data["password"],
                token=form.cleaned_data["code"],
            )
        except twofactor.TwoFactorError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "La double authentification est désactivée.")
            return redirect("accounts:security")
    return render(
        request,
        "accounts/two_factor_disable.html",
        {"form": form, "required": twofactor.is_required_for(request.user)},
    )


# « Double authentification obligatoire » (DN)


@require_http_methods(["GET", "POST"])
@roles_required(Role.DN)
def two_factor_policy(request):
    form = forms.PolicyForm(
        request.POST or None, initial={"roles": sorted(twofactor.required_roles())}
    )
    if request.method == "POST" and form.is_valid():
        twofactor.set_required_roles(actor=request.user, roles=set(form.cleaned_data["roles"]))
        messages.success(request, "La politique de double authentification est enregistrée.")
        return redirect("accounts:two_factor_policy")
    without = twofactor.staff_without_device()
    choices = [(checkbox, without.get(checkbox.data["value"], 0)) for checkbox in form["roles"]]
    return render(request, "accounts/two_factor_policy.html", {"form": form, "choices": choices})


# « Mes sessions »


@require_GET
def session_list(request):
    return render(
        request,
        "accounts/sessions.html",
        {
            "sessions": sessions.sessions_of(request.user),
            "two_factor_on": twofactor.totp_device_of(request.user) is not None,
        },
    )


@require_http_methods(["GET", "POST"])
def session_end(request):
    """GET asks for confirmation, POST ends the session given in the body."""
    if request.method == "GET":
        user_session = sessions.own_session(request.user, request.GET.get("session"))
        return render(
            request,
            "accounts/session_end.html",
            {"user_session": user_session, "current": sessions.is_current(user_session, request)},
        )
    user_session = sessions.own_session(request.user, request.POST.get("session"))
    current = sessions.is_current(user_session, request)
    sessions.end_session(user=request.user, user_session=user_session)
    if current:
        logout(request)
        messages.info(request, "Votre session est terminée : vous êtes déconnecté.")
        return redirect(settings.LOGOUT_REDIRECT_URL)
    messages.success(request, f"La session « {user_session} » est terminée.")
    return redirect("accounts:sessions")
