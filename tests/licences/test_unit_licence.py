"""« Licence à l'unité (CNED) »: the regional service licenses a pupil of télé-enseignement in an
AS of its académie, by the basket's path, and the AS is charged the season's unit price on the
next month's run."""

import html
import re
from decimal import Decimal

import pytest
from auditlog.models import LogEntry
from django.core import mail
from django.urls import reverse

from opuss.core.models import AuditEntry
from opuss.finance.models import LedgerKind, LedgerLine
from opuss.guardians.models import GuardianRequest
from opuss.licences.models import Licence
from opuss.rules.season import load_season
from tests.factories import LicenceFactory, PupilFactory, SeasonFactory, affiliated_as

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_season")]

URL = reverse("unit_licences:create")
CHECKS = list(load_season("2025-2026").licences.checks)
PARENT = "parent.lambert@example.fr"


def cned_pupil(world, **changes):
    return {
        "association": world.a.association.code,
        "last_name": "Lambert",
        "first_name": "Chloé",
        "sex": "F",
        "birth_date": "2010-05-02",
        "guardian_email": PARENT,
        "insurance": "MAIF_COLLECTIVE",
        **changes,
    }


def create(world, **changes):
    return {**cned_pupil(world, **changes), "checks": CHECKS, "action": "create"}


def text(response):
    return html.unescape(response.content.decode())


def sold(world):
    return Licence.objects.filter(association=world.a.association, unit_sale=True)


def test_the_sr_licenses_a_cned_pupil_in_an_as_of_his_academie(client, world, affiliated):
    client.force_login(world.a.sr)
    response = client.post(URL, create(world), follow=True)
    licence = sold(world).get()
    assert licence.number == f"{world.a.association.code}0002"  # the AS's sequence: 0001 is used
    assert licence.category == "Cadet"
    assert (licence.season, licence.state, licence.created_by) == (world.season, "ACTIVE",
                                                                    world.a.sr)
    assert licence.basket is None
    assert licence.pupil.last_name == "LAMBERT" and licence.pupil.user is not None
    page = text(response)
    assert f"Licence à l'unité n° {licence.number} prise pour LAMBERT Chloé" in page
    assert f"{licence.number} <span class=\"badge\">Licence à l'unité (CNED)</span>" in page


def test_the_as_is_charged_the_season_price_on_the_next_month_run(client, world, affiliated):
    client.force_login(world.a.sr)
    client.post(URL, create(world))
    licence = sold(world).get()
    line = LedgerLine.objects.get(kind=LedgerKind.CNED_LICENCE)
    assert (line.association, line.season, line.licence) == (world.a.association, world.season,
                                                             licence)
    assert line.amount == Decimal("22.66")
    assert line.label == f"Licence à l'unité (CNED) – licence {licence.number} (22,66\u00a0€)"
    assert line.run_month == "2025-11"  # licensed in October: the November run
    assert line.created_by == world.a.sr


def test_licensed_in_july_the_price_is_hors_echeancier(client, world, affiliated, settings):
    """The calendar's last run is July's: a licence of July has no « month after » run."""
    settings.OPUSS_NOW = "2026-07-10T10:00:00+02:00"
    client.force_login(world.a.sr)
    client.post(URL, create(world))
    assert LedgerLine.objects.get(kind=LedgerKind.CNED_LICENCE).run_month == ""


def test_the_confirmation_says_what_the_as_pays_and_creates_nothing(client, world, affiliated):
    client.force_login(world.a.sr)
    response = client.post(URL, cned_pupil(world))
    page = text(response)
    assert response.status_code == 200
    assert "Confirmer la licence à l'unité (CNED)" in page
    assert f"AS {world.a.association.code} – {world.a.association.establishment}" in page
    assert "Prendre la licence et débiter l'AS de 22,66\u00a0€" in page
    assert not Licence.objects.filter(unit_sale=True).exists()
    assert not LedgerLine.objects.filter(kind=LedgerKind.CNED_LICENCE).exists()


def hidden_inputs(page: str) -> dict:
    return dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', page))


def test_the_confirmation_carries_what_was_typed_to_the_licence(client, world, affiliated):
    client.force_login(world.a.sr)
    typed = cned_pupil(world, handicap="on", class_level="3e", ine="1234567890A")
    review = client.post(URL, typed).content.decode()
    carried = hidden_inputs(review)
    assert carried["association"] == world.a.association.code
    client.post(URL, {**carried, "checks": CHECKS, "action": "create"})
    licence = sold(world).get()
    assert (licence.pupil.birth_date.isoformat(), licence.pupil.handicap, licence.class_level,
            licence.pupil.ine, licence.guardian_email) == ("2010-05-02", True, "3e",
                                                          "1234567890A", PARENT)


def test_without_the_season_checks_nothing_is_created(client, world, affiliated):
    client.force_login(world.a.sr)
    response = client.post(URL, {**create(world), "checks": CHECKS[:1]})
    assert "Avant de valider, confirmez" in text(response)
    assert not sold(world).exists()
    assert not LedgerLine.objects.filter(kind=LedgerKind.CNED_LICENCE).exists()


def test_modifier_goes_back_to_the_form_with_what_was_typed(client, world, affiliated):
    client.force_login(world.a.sr)
    response = client.post(URL, {**cned_pupil(world), "action": "edit"})
    page = text(response)
    assert 'value="Lambert"' in page and "Vérifier avant de prendre la licence" in page
    assert not sold(world).exists()


def test_the_guardian_link_is_sent_like_any_licence(client, world, affiliated,
                                                    django_capture_on_commit_callbacks):
    client.force_login(world.a.sr)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, create(world))
    licence = sold(world).get()
    assert GuardianRequest.objects.get(licence=licence).email == PARENT
    assert [message.to for message in mail.outbox] == [[PARENT]]


def test_the_creation_is_audited_with_the_sr_as_author(client, world, affiliated):
    client.force_login(world.a.sr)
    client.post(URL, create(world))
    licence = sold(world).get()
    entry = AuditEntry.objects.get(action="licence à l'unité (CNED)")
    assert (entry.actor, entry.object_id) == (world.a.sr, str(licence.pk))
    assert entry.after["montant"] == "22,66\u00a0€"
    created = LogEntry.objects.get_for_object(licence).get(action=LogEntry.Action.CREATE)
    assert created.actor == world.a.sr


def test_the_as_licensee_list_shows_the_unit_licence(client, world, affiliated):
    client.force_login(world.a.sr)
    client.post(URL, create(world))
    client.force_login(world.a.secretary)
    page = text(client.get(reverse("associations:licences", args=[world.a.association.code])))
    assert "Licence à l'unité (CNED)" in page
    assert page.count("Licence à l'unité (CNED)") == 1  # the basket's licence is not marked


def test_a_pupil_licensed_again_in_the_same_as_keeps_his_number(client, world, affiliated):
    """The basket's path: a known INE with the same names is the same pupil."""
    code = world.a.association.code
    pupil = PupilFactory(ine="1234567890A", last_name="LAMBERT", first_name="Chloé",
                         birth_date="2010-05-02")
    LicenceFactory(pupil=pupil, association=world.a.association, number=f"{code}0040",
                   season=SeasonFactory(start_year=2024, is_current=False))
    client.force_login(world.a.sr)
    client.post(URL, create(world, ine="1234567890a"))
    licence = sold(world).get()
    assert (licence.pupil, licence.number) == (pupil, f"{code}0040")


def test_a_known_ine_with_other_names_is_refused(client, world, affiliated):
    PupilFactory(ine="1234567890A", last_name="AUTRE", first_name="Élève")
    client.force_login(world.a.sr)
    response = client.post(URL, create(world, ine="1234567890A"))
    assert "Cet INE est déjà celui d'un autre élève" in text(response)
    assert not sold(world).exists()


def test_a_probable_duplicate_is_flagged_and_must_be_checked(client, world, affiliated):
    PupilFactory(last_name="LAMBERT", first_name="Chloé", birth_date="2010-05-02")
    client.force_login(world.a.sr)
    review = text(client.post(URL, cned_pupil(world)))
    assert "Doublon probable" in review and "J'ai vérifié les doublons signalés." in review
    response = client.post(URL, create(world))
    assert "Doublon probable" in text(response)
    assert not sold(world).exists()


def test_an_as_not_affiliated_is_refused(client, world):
    client.force_login(world.a.sr)
    response = client.post(URL, create(world))
    assert "n'est pas encore affiliée" in text(response)
    assert not sold(world).exists()


def test_outside_the_licence_period_it_is_refused(client, world, affiliated, settings):
    settings.OPUSS_NOW = "2026-08-26T08:00:00+02:00"
    client.force_login(world.a.sr)
    response = client.post(URL, create(world))
    assert "close depuis le 25 août 2026" in text(response)
    assert not sold(world).exists()


def test_an_as_of_another_academie_does_not_exist_for_the_sr(client, world, affiliated):
    affiliated_as(world.b.association, world.season)
    client.force_login(world.a.sr)
    response = client.post(URL, create(world, association=world.b.association.code))
    assert response.status_code == 404
    assert not Licence.objects.filter(unit_sale=True).exists()


def test_an_unknown_code_is_said_next_to_the_field(client, world, affiliated):
    client.force_login(world.a.sr)
    response = client.post(URL, create(world, association="99999"))
    assert "Aucune AS n'a le code 99999." in text(response)


def test_dn_licenses_in_any_academie(client, world, affiliated):
    affiliated_as(world.b.association, world.season)
    client.force_login(world.dn)
    client.post(URL, create(world, association=world.b.association.code))
    assert Licence.objects.get(unit_sale=True).association == world.b.association


@pytest.mark.parametrize("actor", ["teacher", "secretary", "sd"])
def test_neither_the_as_nor_the_sd_sell_unit_licences(client, world, affiliated, actor):
    client.force_login(world.actor(actor))
    assert client.get(URL).status_code == 404
    assert client.post(URL, create(world)).status_code == 404
    assert not Licence.objects.filter(unit_sale=True).exists()


def test_reached_from_the_sr_menu_and_from_the_as_page(client, world, affiliated):
    client.force_login(world.a.sr)
    home = text(client.get(reverse("core:staff_home")))
    assert f'<a href="{URL}">Licence à l\'unité (CNED)</a>' in home
    code = world.a.association.code
    detail = text(client.get(reverse("associations:detail", args=[code])))
    assert f'href="{URL}?as={code}"' in detail
    form = text(client.get(URL, {"as": code}))
    assert f'value="{code}"' in form


def test_the_sd_menu_has_no_unit_licence(client, world):
    client.force_login(world.a.sd)
    assert URL not in text(client.get(reverse("core:staff_home")))
