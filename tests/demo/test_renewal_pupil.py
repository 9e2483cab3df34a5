"""The demo has a pupil who can try « Renouvellement »: licensed by the seed AS last season only,
with the demo's password."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from opuss.licences.models import RenewalRequest
from tests.helpers import log_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def pupil_renewal(capsys, settings):
    settings.OPUSS_NOW = "2025-10-06T10:00:00+02:00"
    call_command("seed", force=True)
    capsys.readouterr()
    call_command("demo_accounts", "--json")
    accounts = json.loads(capsys.readouterr().out)
    return next(account for account in accounts if account["role"] == "pupil_renewal")


def test_the_pupil_to_renew_was_licensed_by_the_seed_as_last_season_only(pupil_renewal):
    from opuss.licences.models import Licence

    licences = Licence.objects.filter(pupil__user__demoaccount__role="pupil_renewal")
    assert [(lic.association.code, lic.season.label) for lic in licences] == [
        ("24214", "2024-2025")
    ]
    assert pupil_renewal["login"] == licences.get().number


def test_the_pupil_to_renew_logs_in_and_his_renewal_page_offers_the_request(client, pupil_renewal):
    assert log_in(client, pupil_renewal["login"], pupil_renewal["password"]).status_code == 302
    page = client.get(reverse("licences:pupil_renewal")).content.decode()
    assert "Demande-lui le renouvellement" in page
    assert "AS 24214" in page
    assert "<form" in page

    client.post(reverse("licences:pupil_renewal"), {"message": "Je continue le cross."})

    request = RenewalRequest.objects.get(pupil__user__demoaccount__role="pupil_renewal")
    assert request.association.code == "24214"
