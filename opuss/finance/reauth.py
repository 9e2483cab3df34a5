"""Bank details are shown in full, and changed, only by someone who has just typed his password
again: an open session left on a desk does not give away an AS's IBAN. The confirmation lasts
a few minutes, kept in the session; a wrong password counts as a failed login (django-axes), so
guessing it locks the account as guessing at the login page does.

The window runs on real time, not on `opuss.core.clock`: the demo freezes the federation's date
to judge its periods, and a security window must still close ten real minutes later."""

from datetime import timedelta

from django.contrib import messages
from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from opuss.core.audit import record

WINDOW_MINUTES = 10
WINDOW = timedelta(minutes=WINDOW_MINUTES)
SESSION_KEY = "bank_details_confirmed"


def password_confirmed(request) -> bool:
    """Whether this user confirmed his password in this session within the last minutes (the
    time is kept per user: it never serves another one)."""
    stamps = request.session.get(SESSION_KEY) or {}
    confirmed_at = parse_datetime(stamps.get(str(request.user.pk)) or "")
    if confirmed_at is None:
        return False
    return confirmed_at <= timezone.now() < confirmed_at + WINDOW


def confirm_password(request, password: str, *, association) -> bool:
    """Checks the password through the login backends (django-axes counts a failure and
    refuses a locked-out account or address) and, if right, opens the window. Who could see
    the AS's IBAN, and when, goes into its history."""
    user = request.user
    if not user.email or not password:
        return False
    checked = authenticate(request, username=user.email, password=password)
    if checked is None or checked.pk != user.pk:
        return False
    request.session[SESSION_KEY] = {str(user.pk): timezone.now().isoformat()}
    record(actor=user, action="accès aux coordonnées bancaires", obj=association)
    return True


def confirm_from_post(request, *, about, opened: str, closed: str) -> None:
    """What each « Confirmer mon mot de passe » button does: checks the posted password and says
    what is now open (`opened`, « … pendant 10 minutes ») or still closed. `about` is the object
    whose history records the access."""
    from opuss.affiliations.forms import PasswordConfirmForm

    form = PasswordConfirmForm(request.POST)
    if form.is_valid() and confirm_password(
        request, form.cleaned_data["password"], association=about
    ):
        messages.success(
            request, f"Mot de passe confirmé : {opened} pendant {WINDOW_MINUTES} minutes."
        )
    else:
        messages.error(request, f"Mot de passe incorrect : {closed}.")
