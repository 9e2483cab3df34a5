"""Writes on accounts that other apps call: new accounts receive a link to choose their password
(never a password by e-mail)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from opuss.core.mail import send_templated_email


def set_password_url(user) -> str:
    """An absolute, one-time link to choose a password, built on SITE_URL (not on the request's
    Host header, which a visitor controls)."""
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return settings.SITE_URL.rstrip("/") + path


def send_password_link(user, template_prefix: str, to: str | None, **context) -> None:
    send_templated_email(
        template_prefix, {"user": user, "link": set_password_url(user), **context}, [to or ""]
    )


def send_account_created(user, association) -> None:
    send_password_link(user, "accounts/email/account_created", user.email, association=association)
