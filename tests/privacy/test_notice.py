"""« Données personnelles »: a public page, linked from every footer, whose periods are the ones
`opuss retention` applies (one table, opuss.privacy.periods)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils.html import escape

from opuss.privacy.periods import PERIODS, SESSIONS
from opuss.privacy.retention import STEPS

pytestmark = pytest.mark.django_db

NOTICE = reverse("privacy:notice")
DOCS = Path(settings.BASE_DIR).parent / "docs" / "privacy.md"


def test_anyone_reads_the_notice(client):
    response = client.get(NOTICE)
    assert response.status_code == 200
    page = response.content.decode()
    for words in ("Qui est responsable", "Pourquoi", "Qui les reçoit", "Vos droits"):
        assert words in page
    assert "https://www.cnil.fr/fr/plaintes" in page
    assert "daf@unss.org" in page


def test_the_missing_dpo_is_marked_not_invented(client):
    assert "À compléter avant la mise en service" in client.get(NOTICE).content.decode()


def test_the_notice_shows_the_periods_the_retention_command_applies(client):
    page = client.get(NOTICE).content.decode()
    for period in PERIODS:
        assert escape(period.what) in page
        assert escape(period.kept) in page
        assert escape(period.why) in page


def test_every_step_of_the_command_has_its_period_on_the_page():
    assert {step.period for step in STEPS} <= set(PERIODS)


def test_the_docs_state_every_period():
    text = DOCS.read_text()
    for period in PERIODS:
        assert period.kept in text, period.key


def test_sessions_last_no_longer_than_the_notice_says():
    assert timedelta(seconds=settings.SESSION_COOKIE_AGE) <= timedelta(days=14)
    assert "14 jours" in SESSIONS.kept


@pytest.mark.parametrize("name", ["accounts:login", "privacy:notice", "core:terms"])
def test_every_footer_links_to_the_notice(client, name):
    assert f'href="{NOTICE}"' in client.get(reverse(name)).content.decode()


def test_a_signed_in_pupil_sees_the_link_in_his_footer_too(client, world):
    client.force_login(world.a.pupil)
    assert f'href="{NOTICE}"' in client.get(reverse("licences:pupil_home")).content.decode()
