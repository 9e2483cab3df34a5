"""« Contacter mon AS » and « Lui écrire » (seed 000): a pupil's message goes by e-mail; the
recipient's address stays private and the answer goes to the address the pupil gives."""

from datetime import timedelta

from opuss.core import clock
from opuss.core.mail import send_templated_email
from opuss.licences.models import ContactMessage

# Enough for a pupil's real questions in a day, too few for a classroom prank on a teacher.
DAILY_LIMIT = 5


class ContactError(Exception):
    """A refused message; the text is shown as it is."""


def send_message(
    *, licence, recipient_name: str, address: str, subject: str, body: str, reply_to: str
) -> ContactMessage:
    pupil = licence.pupil
    now = clock.now()
    sent_today = ContactMessage.objects.filter(
        pupil=pupil, sent_at__gt=now - timedelta(days=1)
    ).count()
    if sent_today >= DAILY_LIMIT:
        raise ContactError(
            f"Tu as déjà envoyé {DAILY_LIMIT} messages en 24 heures : réessaie demain, "
            "ou parle à ton professeur d'EPS."
        )
    send_templated_email(
        "licences/email/contact",
        {
            "pupil": pupil,
            "licence": licence,
            "association": licence.association,
            "recipient_name": recipient_name,
            "subject": subject,
            "body": body,
            "reply_to": reply_to,
        },
        [address],
        reply_to=[reply_to] if reply_to else None,
    )
    return ContactMessage.objects.create(
        pupil=pupil,
        association=licence.association,
        recipient=recipient_name,
        subject=subject,
        sent_at=now,
    )
