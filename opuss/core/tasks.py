from django.conf import settings
from django.core.mail import EmailMessage
from django_tasks import task


@task()
def send_email(
    subject: str, body: str, recipients: list[str], reply_to: list[str] | None = None
) -> int:
    message = EmailMessage(
        subject, body, settings.DEFAULT_FROM_EMAIL, recipients, reply_to=reply_to or None
    )
    return message.send()
