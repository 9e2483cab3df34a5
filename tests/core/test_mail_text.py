"""E-mails are plain text: what a person typed arrives as typed, never HTML-escaped."""

import pytest
from django.core import mail

from opuss.accounts.services import send_account_created
from tests.factories import AssociationFactory, EstablishmentFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_an_account_e_mail_keeps_apostrophes_and_ampersands(django_capture_on_commit_callbacks):
    association = AssociationFactory(
        establishment=EstablishmentFactory(name="Lycée d'Enseignement Général & Technologique")
    )
    user = UserFactory(first_name="Jean-Noël", email="jn@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        send_account_created(user, association)
    [message] = mail.outbox
    assert "Lycée d'Enseignement Général & Technologique" in message.body
    assert "&#x27;" not in message.body and "&amp;" not in message.body
