"""E-mails are rendered here and sent by a background task once the transaction has committed,
so that a rolled-back request sends nothing and a slow mail server slows no page."""

from django.db import transaction
from django.template import engines

from opuss.core.tasks import send_email


def send_templated_email(
    template_prefix: str, context: dict, to: list[str], reply_to: list[str] | None = None
) -> None:
    subject = " ".join(_render(f"{template_prefix}_subject.txt", context).split())
    body = _render(f"{template_prefix}_body.txt", context)
    recipients = [address for address in to if address]
    if recipients:
        transaction.on_commit(lambda: send_email.enqueue(subject, body, recipients, reply_to))


def _render(name: str, context: dict) -> str:
    return engines["text"].get_template(name).render(context)
