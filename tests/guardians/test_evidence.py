"""Answers are evidence kept ten years: never changed, never deleted, and they protect their
licence; the admin shows them read-only. The demo makes some without sending e-mails."""

import datetime as dt
import random

import pytest
from django.contrib import admin
from django.core import mail
from django.db import models
from django.urls import reverse

from opuss.guardians import services
from opuss.guardians.demo import seed_guardians
from opuss.guardians.models import (
    EvidenceChange,
    GuardianRequest,
    GuardianResponse,
    years_after,
)
from opuss.licences.models import EvidenceDeletion
from tests.factories import LicenceFactory
from tests.guardians.conftest import PARIS, values

pytestmark = pytest.mark.django_db


@pytest.fixture
def response(guardian_request):
    return services.answer(request=guardian_request, values=values())


def test_a_response_cannot_be_deleted_nor_changed(response):
    with pytest.raises(EvidenceDeletion):
        response.delete()
    with pytest.raises(EvidenceDeletion):
        GuardianResponse.objects.all().delete()
    with pytest.raises(EvidenceChange):
        GuardianResponse.objects.update(image_rights=False)
    response.image_rights = False
    with pytest.raises(EvidenceChange):
        response.save()
    assert GuardianResponse.objects.get().image_rights is True


def test_a_request_cannot_be_deleted(guardian_request):
    with pytest.raises(EvidenceDeletion):
        guardian_request.delete()
    with pytest.raises(EvidenceDeletion):
        GuardianRequest.objects.all().delete()


def test_a_licence_with_a_response_is_protected_in_the_database(response):
    licence = response.licence
    # Past the licence's own refusal (Licence.delete), the foreign key protects it.
    with pytest.raises(models.ProtectedError) as error:
        models.Model.delete(licence)
    assert response in error.value.protected_objects


def test_the_admin_shows_responses_and_refuses_to_delete_or_change_them(client, world, response):
    client.force_login(world.dn)
    changelist = client.get(reverse("admin:guardians_guardianresponse_changelist"))
    assert changelist.status_code == 200
    assert b"delete_selected" not in changelist.content
    delete = reverse("admin:guardians_guardianresponse_delete", args=[response.pk])
    assert client.get(delete).status_code == 403
    assert client.post(delete, {"post": "yes"}).status_code == 403
    change = reverse("admin:guardians_guardianresponse_change", args=[response.pk])
    assert client.post(change, {"image_rights": ""}).status_code == 403
    model_admin = admin.site._registry[GuardianResponse]
    assert not model_admin.has_delete_permission(None, response)
    assert GuardianResponse.objects.filter(pk=response.pk).exists()


def test_a_response_is_kept_ten_years_after_the_answer(response):
    assert response.keep_until == years_after(response.answered_at, 10)
    assert response.keep_until.year == response.answered_at.year + 10
    leap = dt.datetime(2028, 2, 29, 12, 0, tzinfo=PARIS)
    assert years_after(leap, 10) == dt.datetime(2038, 2, 28, 12, 0, tzinfo=PARIS)


def test_the_database_refuses_an_answer_without_the_notices_read(world, guardian_request):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        GuardianResponse.objects.create(
            request=guardian_request,
            licence=world.a.licence,
            channel="EMAIL",
            data_correct=True,
            image_rights=True,
            rgpd_read=False,
            insurance_read=True,
            shown={},
            answered_at=guardian_request.sent_at,
        )


def test_the_demo_seeds_requests_and_about_half_answered_without_mail(world):
    for n in range(40):
        licence = LicenceFactory(
            association=world.a.association,
            season=world.season,
            number=f"{world.a.association.code}{n + 100:04d}",
        )
        licence.pupil.guardian_email = f"famille{n}@example.fr"
        licence.pupil.save(update_fields=["guardian_email"])
    counts = seed_guardians(random.Random(3))
    assert counts["requests"] == 40 == GuardianRequest.objects.count()
    answered = counts["email"] + counts["paper"]
    assert 10 <= answered <= 30 and counts["paper"] > 0
    assert GuardianResponse.objects.count() == answered
    assert mail.outbox == []
