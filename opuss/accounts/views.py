from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_GET, require_http_methods

from opuss.accounts import forms, lockout

LINK_SENT_MESSAGE = (
    "Si ces informations correspondent à un compte, un e-mail contenant un lien vient d'être "
    "envoyé à l'adresse enregistrée. Le lien est valable trois jours. Sans nouvelles, vérifiez "
    "vos courriers indésirables ou demandez à votre AS de vérifier l'adresse saisie."
)


class LoginView(auth_views.LoginView):
    form_class = forms.LoginForm
    template_name = "accounts/login.html"
    redirect_authenticated_user = True

    def form_valid(self, form):
        response = super().form_valid(form)
        if not form.cleaned_data.get("remember_me"):
            self.request.session.set_expiry(0)  # ends with the browser
        return response


class LogoutView(auth_views.LogoutView):
    pass


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = forms.PasswordChangeForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("core:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, "Votre mot de passe a été modifié.")
        return response


@login_not_required
@require_http_methods(["GET", "POST"])
def password_reset(request):
    return _link_request(request, forms.PasswordResetForm, "accounts/password_reset.html")


@login_not_required
@require_http_methods(["GET", "POST"])
def first_connection(request):
    return _link_request(request, forms.FirstConnectionForm, "accounts/first_connection.html")


def _link_request(request, form_class, template_name):
    form = form_class(request.POST or None)
    if request.method == "POST" and form.is_valid():
        form.save(request)
        messages.info(request, LINK_SENT_MESSAGE)
        return redirect("accounts:login")
    return render(request, template_name, {"form": form})


@method_decorator(login_not_required, name="dispatch")
class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:login")
    post_reset_login = False

    def form_valid(self, form):
        response = super().form_valid(form)
        lockout.failures_forget(form.user)  # the link proves who he is: a lock must not hold
        messages.success(
            self.request, "Votre mot de passe est enregistré. Vous pouvez vous connecter."
        )
        return response


@require_GET
def no_role(request):
    return render(request, "accounts/no_role.html")
