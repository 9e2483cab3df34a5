"""The login page when a lock is in force, and « Comptes bloqués »: the services unlock the
accounts of their territory."""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from opuss.accounts import lockout
from opuss.accounts.perms import staff_required


def locked_out(request, original_response=None, credentials=None):
    """What axes answers a login attempt that meets a lock (AXES_LOCKOUT_CALLABLE)."""
    lock = lockout.lock_for(request, credentials)
    context = {"lock": lock, "policy": lockout.current_policy()}
    if lock is not None:
        context["left"] = lockout.time_left(lock.until, request.axes_attempt_time)
    return render(
        request, "accounts/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE
    )


@require_GET
@staff_required
def locked_accounts(request):
    return render(
        request,
        "accounts/locked_accounts.html",
        {"accounts": lockout.locked_accounts(request.user), "policy": lockout.current_policy()},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def unlock(request, pk: int):
    """GET asks to confirm; POST unlocks."""
    user = get_object_or_404(lockout.users_within_reach(request.user), pk=pk)
    locked = lockout.lock_state(user)
    if locked is None:
        messages.info(request, f"Le compte de {user} n'est pas bloqué.")
        return redirect("accounts:locked_accounts")
    if request.method == "POST":
        lockout.account_unlock(actor=request.user, locked=locked)
        messages.success(request, f"Le compte de {user} est débloqué : il peut se connecter.")
        return redirect("accounts:locked_accounts")
    return render(request, "accounts/unlock_confirm.html", {"locked": locked})
