"""Errors you can see: after a failed submit, a summary first in <main> links to each field in
error, and the title starts with « Erreur : » (GOV.UK's error summary). And the forms' own
findings: no « --------- » radio, the activities as checkboxes, one message on transmit."""

import html
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from opuss.affiliations.models import Affiliation
from opuss.guardians import services as guardian_services
from opuss.guardians.links import make_token
from tests.affiliations.test_workflow import complete_form
from tests.factories import PASSWORD, SeasonFactory, affiliated_as
from tests.guardians.conftest import answers
from tests.helpers import confirm_bank_password

pytestmark = pytest.mark.django_db

IN_SEASON = "2025-10-06T10:00:00+02:00"


@pytest.fixture(autouse=True)
def _in_season(settings):
    settings.OPUSS_NOW = IN_SEASON


class Page(HTMLParser):
    """The ids of a page, the summary's links, and what comes first in <main>."""

    def __init__(self, content: str):
        super().__init__()
        self.ids: set[str] = set()
        self.summary_links: list[str] = []
        self.in_summary = 0
        self.main_first: str | None = None
        self.in_main = False
        self.title = ""
        self.in_title = False
        self.invalid: dict[str, str] = {}
        self.fieldsets: list[str] = []
        self.feed(content)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "fieldset":
            self.fieldsets.append(attrs.get("aria-describedby") or "")
        if attrs.get("aria-invalid") == "true":
            # A radio group is described by its fieldset.
            group = self.fieldsets[-1] if self.fieldsets else ""
            self.invalid[attrs.get("id", "")] = attrs.get("aria-describedby") or group
        if self.in_main and self.main_first is None:
            self.main_first = attrs.get("class", tag)
        if tag == "main":
            self.in_main = True
        if tag == "title":
            self.in_title = True
        if "error-summary" in attrs.get("class", "").split():
            self.in_summary = 1
        elif self.in_summary and tag == "a":
            self.summary_links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "fieldset":
            self.fieldsets.pop()
        if tag == "title":
            self.in_title = False
        if tag == "div" and self.in_summary:
            self.in_summary = 0

    def handle_data(self, data):
        if self.in_title:
            self.title += data


def assert_error_summary(response, *expected_targets: str) -> Page:
    assert response.status_code == 200
    page = Page(response.content.decode())
    assert page.title.startswith("Erreur : ")
    assert page.main_first == "error-summary"
    assert page.summary_links, "the summary lists no error"
    for href in page.summary_links:
        assert href.startswith("#") and href[1:] in page.ids, href
    for target in expected_targets:
        assert f"#{target}" in page.summary_links
    for field_id, described_by in page.invalid.items():
        assert described_by and all(i in page.ids for i in described_by.split()), field_id
    return page


def test_a_wrong_new_pupil_in_the_basket_is_summed_up_at_the_top(client, world):
    affiliated_as(world.a.association, world.season)
    client.force_login(world.a.secretary)
    response = client.post(
        reverse("baskets:add_new", args=[world.a.association.code]),
        {"last_name": "Durand", "insurance": "MAIF_COLLECTIVE"},
    )
    page = assert_error_summary(response, "id_first_name", "id_sex_0", "id_birth_date")
    assert len(page.summary_links) == 3
    assert page.invalid.keys() >= {"id_first_name", "id_birth_date", "id_sex_0", "id_sex_1"}


def test_an_unanswered_guardian_page_is_summed_up_at_the_top(
    client, world, django_capture_on_commit_callbacks
):
    licence = world.a.licence
    licence.pupil.guardian_email = "parent@example.fr"
    licence.pupil.save(update_fields=["guardian_email"])
    with django_capture_on_commit_callbacks(execute=True):
        request = guardian_services.licence_created(licence, world.a.teacher)
    url = reverse("guardians:answer", kwargs={"token": make_token(request)})
    response = client.post(url, answers(licence, rgpd_read=None, data_correct="no"))
    assert_error_summary(response, "id_rgpd_read", "id_correction_note")


def test_a_failed_login_is_summed_up_at_the_top(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": world.a.teacher.email, "password": "wrong"}
    )
    assert_error_summary(response, "id_username")


def test_a_password_change_with_two_different_passwords_is_summed_up(client, world):
    client.force_login(world.a.teacher)
    response = client.post(
        reverse("accounts:password_change"),
        {"old_password": "", "new_password1": "a", "new_password2": "b"},
    )
    assert_error_summary(response, "id_old_password", "id_new_password2")


def test_the_affiliation_form_sums_up_the_errors_of_every_part(client, world):
    client.force_login(world.a.secretary)
    code = world.a.association.code
    client.post(reverse("affiliations:start", args=[code]))
    data = complete_form(world.a.association) | {
        "siret": "123",
        "animateurs-0-email": "pas-un-email",
    }
    response = client.post(reverse("affiliations:form", args=[code]), data)
    assert_error_summary(response, "id_siret", "id_animateurs-0-email")


def test_wrong_bank_details_are_shown_back_with_their_summary(client, world):
    client.force_login(world.a.sr)
    confirm_bank_password(client, world.affiliation.pk, PASSWORD)
    response = client.post(
        reverse("affiliations:bank_details", args=[world.affiliation.pk]),
        {"holder": "AS", "iban": "FR76 3000 6000 0112 3456 7890 188", "bic": "AGRIFRPP"},
    )
    assert_error_summary(response, "id_iban")
    assert 'value="FR76 3000 6000 0112 3456 7890 188"' in response.content.decode()


def test_an_import_without_a_file_is_summed_up_at_the_top(client, world):
    affiliated_as(world.a.association, world.season)
    client.force_login(world.a.secretary)
    response = client.post(reverse("imports:upload", args=[world.a.association.code]), {})
    assert_error_summary(response, "id_file")


def test_an_empty_as_creation_is_summed_up_at_the_top(client, world):
    client.force_login(world.a.sr)
    response = client.post(reverse("associations:create"), {})
    assert_error_summary(response, "id_establishment", "id_code")


def test_a_page_without_errors_has_no_summary_and_a_plain_title(client, world):
    response = client.get(reverse("accounts:login"))
    page = Page(response.content.decode())
    assert "error-summary" not in response.content.decode()
    assert not page.title.startswith("Erreur")


def test_the_error_summary_is_focused_by_a_static_deferred_script(client):
    content = client.get(reverse("accounts:login")).content.decode()
    assert re.search(r'<script src="[^"]*opuss/errors\.js" defer>', content)


def test_the_sex_of_a_new_pupil_offers_no_empty_radio(client, world):
    affiliated_as(world.a.association, world.season)
    client.force_login(world.a.secretary)
    content = client.get(reverse("baskets:basket", args=[world.a.association.code])).content
    page = html.unescape(content.decode())
    assert 'name="sex"' in page
    assert not re.search(r'<input type="radio"[^>]* value=""', page)


def test_the_affiliation_form_has_no_empty_radio_and_activities_as_checkboxes(client, world):
    client.force_login(world.a.secretary)
    code = world.a.association.code
    client.post(reverse("affiliations:start", args=[code]))
    page = client.get(reverse("affiliations:form", args=[code])).content.decode()
    assert 'name="insurance"' in page and 'name="payment_mode"' in page
    assert not re.search(r'<input type="radio"[^>]* value=""', page)
    assert 'type="checkbox" name="animateurs-0-activities"' in page
    assert "<select multiple" not in page and 'name="animateurs-0-activities" multiple' not in page


def test_transmitting_says_transmitted_and_not_draft_saved(client, world):
    SeasonFactory(start_year=2024, is_current=False)
    client.force_login(world.a.secretary)
    code = world.a.association.code
    client.post(reverse("affiliations:start", args=[code]))
    response = client.post(
        reverse("affiliations:form", args=[code]),
        complete_form(world.a.association) | {"transmit": "1"},
        follow=True,
    )
    page = html.unescape(response.content.decode())
    assert "Formulaire transmis" in page
    assert "Brouillon enregistré" not in page


def test_a_refused_transmission_still_says_the_draft_was_saved(client, world):
    client.force_login(world.a.secretary)
    code = world.a.association.code
    client.post(reverse("affiliations:start", args=[code]))
    response = client.post(
        reverse("affiliations:form", args=[code]),
        complete_form(world.a.association) | {"transmit": "1", "siret": ""},
        follow=True,
    )
    page = html.unescape(response.content.decode())
    assert "Brouillon enregistré" in page and "Formulaire transmis" not in page


def test_the_affiliation_fee_follows_what_is_typed_without_saving_it(client, world):
    client.force_login(world.a.secretary)
    code = world.a.association.code
    client.post(reverse("affiliations:start", args=[code]))
    url = reverse("affiliations:form", args=[code])
    typed = {
        "establishment_type": "LYC",
        "boys": "310",
        "girls": "290",
        "deducted": "0",
        "contract_type": "personalised",
    }
    response = client.get(url, typed, headers={"HX-Request": "true"})
    page = html.unescape(response.content.decode())
    assert "<html" not in page
    assert "Cotisation" in page and "Détail du calcul" in page
    smaller = html.unescape(
        client.get(url, typed | {"boys": "10"}, headers={"HX-Request": "true"}).content.decode()
    )
    assert "Détail du calcul" in smaller and smaller != page
    affiliation = Affiliation.objects.get(association=world.a.association, season=world.season)
    assert affiliation.boys is None and affiliation.girls is None
    assert 'hx-get="' + url + '"' in client.get(url).content.decode()
