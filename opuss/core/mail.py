"""E-mails are rendered here and sent by a background task once the transaction has committed,
so that a rolled-back request sends nothing and a slow mail server slows no page."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template import engines

from opuss.core.tasks import send_email


def send_templated_email(
    template_prefix: str, context: dict, to: list[str], reply_to: list[str] | None = None
) -> None:
    subject, body = render_email(template_prefix, context)
    recipients = [address for address in to if address]
    if recipients:
        transaction.on_commit(lambda: send_email.enqueue(subject, body, recipients, reply_to))


def render_email(template_prefix: str, context: dict) -> tuple[str, str]:
    """The subject (on one line) and the body of a templated e-mail."""
    subject = " ".join(_render(f"{template_prefix}_subject.txt", context).split())
    return subject, _render(f"{template_prefix}_body.txt", context)


def send_batch(messages: list[tuple[str, str, str]]) -> int:
    """(subject, body, recipient) e-mails sent through one connection to the mail server: what a
    task rendering hundreds at once sends (see opuss.guardians.tasks)."""
    emails = [
        EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [to])
        for subject, body, to in messages
        if to
    ]
    if not emails:
        return 0
    return get_connection().send_messages(emails) or 0


def _render(name: str, context: dict) -> str:
    return engines["text"].get_template(name).render(context)
