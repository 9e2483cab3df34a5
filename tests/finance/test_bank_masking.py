"""An AS's IBAN is masked everywhere but on its SR's bank form, and that form shows it, or
accepts a new one, only after the SR typed his password again in the last ten minutes."""

import html
import importlib

import pytest
from auditlog.models import LogEntry
from django.apps import apps
from django.urls import reverse

from opuss.core.audit import entries_for, record
from opuss.core.models import AuditEntry
from opuss.finance.masking import mask_iban
from opuss.finance.models import BankAccount
from opuss.finance.services import bank_details_set
from tests.factories import PASSWORD
from tests.helpers import confirm_bank_password

pytestmark = pytest.mark.django_db

NOW = "2025-10-06T10:00:00+02:00"
IBAN = "FR7630006000011234567890189"
FORMATTED = "FR76 3000 6000 0112 3456 7890 189"
MASKED = "FR76 •••• •••• 0189"
OTHER_IBAN = "FR1420041010050500013M02606"
# Pieces of the account number that no masked form shows.
SECRET_PARTS = ["30006000011234567890", "3000 6000 0112", "2004101005", "2004 1010 0505"]


@pytest.fixture(autouse=True)
def _in_season(settings):
    settings.OPUSS_NOW = NOW


def page(client, user, name, **kwargs) -> str:
    client.force_login(user)
    response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def review_url(world) -> str:
    return reverse("affiliations:review", args=[world.affiliation.pk])


def bank_url(world) -> str:
    return reverse("affiliations:bank_details", args=[world.affiliation.pk])


def assert_no_full_iban(text: str) -> None:
    for part in SECRET_PARTS:
        assert part not in text


@pytest.fixture
def changed_twice(world):
    """The SR entered the AS's bank details, then changed account."""
    for iban, bic in ((IBAN, "AGRIFRPP"), (OTHER_IBAN, "PSSTFRPPPAR")):
        bank_details_set(
            association=world.a.association, actor=world.a.sr, holder="AS", iban=iban, bic=bic
        )
    return world


def test_an_iban_is_masked_to_its_country_key_and_last_four_characters():
    assert mask_iban(IBAN) == MASKED
    assert mask_iban(FORMATTED) == MASKED
    assert mask_iban(MASKED) == MASKED
    assert mask_iban(None) == mask_iban("None") == ""


def test_audit_entries_about_bank_details_keep_the_iban_masked(changed_twice):
    entry = AuditEntry.objects.filter(action="coordonnées bancaires").latest("pk")
    assert entry.before["IBAN"] == MASKED
    assert entry.after["IBAN"] == "FR14 •••• •••• 2606"


def test_auditlog_keeps_the_bank_account_iban_masked(changed_twice):
    for created in LogEntry.objects.filter(content_type__model="bankaccount"):
        assert "•" in created.changes["iban"][1]
        assert_no_full_iban(str(created.changes) + created.object_repr)


def test_neither_the_sd_nor_the_sr_reads_a_full_iban_in_the_history(client, changed_twice):
    world = changed_twice
    for user in (world.a.sd, world.a.sr):
        for name, kwargs in (
            ("affiliations:review", {"pk": world.affiliation.pk}),
            ("associations:manage", {"code": world.a.association.code}),
        ):
            text = page(client, user, name, **kwargs)
            assert "coordonnées bancaires" in text and MASKED in text
            assert_no_full_iban(text)


def test_the_history_masks_an_iban_an_older_entry_kept_in_full(world):
    record(
        actor=world.a.sr,
        action="coordonnées bancaires",
        obj=world.a.association,
        after={"titulaire du compte": "AS", "IBAN": IBAN},
    )
    [entry] = entries_for(world.a.association)[:1]
    assert {c.label: c.after for c in entry.changes}["IBAN"] == MASKED


def test_the_migration_masks_ibans_already_in_the_log(world):
    entry = record(
        actor=world.a.sr,
        action="coordonnées bancaires",
        obj=world.a.association,
        before={"iban": OTHER_IBAN, "rum": "UNSS-24001-001"},
        after={"iban": IBAN, "rum": "UNSS-24001-002"},
    )
    migration = importlib.import_module("opuss.core.migrations.0003_mask_ibans_in_audit_entries")
    migration.mask_stored_ibans(apps, None)
    entry.refresh_from_db()
    rum = "référence unique de mandat (RUM)"
    assert entry.before == {"IBAN": "FR14 •••• •••• 2606", rum: "UNSS-24001-001"}
    assert entry.after == {"IBAN": MASKED, rum: "UNSS-24001-002"}


# --- the SR's bank form ---------------------------------------------------------------------


def test_the_sr_sees_masked_details_until_he_confirms_his_password(client, changed_twice):
    world = changed_twice
    text = page(client, world.a.sr, "affiliations:review", pk=world.affiliation.pk)
    assert "Confirmer mon mot de passe pour voir ou modifier l'IBAN" in text
    assert 'name="iban"' not in text
    assert_no_full_iban(text)


def test_after_confirming_his_password_the_sr_sees_and_changes_the_iban(client, world):
    bank_details_set(
        association=world.a.association, actor=world.a.sr, holder="AS", iban=IBAN, bic="AGRIFRPP"
    )
    client.force_login(world.a.sr)
    response = confirm_bank_password(client, world.affiliation.pk, PASSWORD)
    assert response.status_code == 302
    text = html.unescape(client.get(review_url(world)).content.decode())
    assert FORMATTED in text and 'name="iban"' in text
    client.post(bank_url(world), {"holder": "AS", "iban": OTHER_IBAN, "bic": "PSSTFRPPPAR"})
    assert BankAccount.objects.current_for(world.a.association).iban == OTHER_IBAN


def test_confirming_his_password_is_in_the_as_history(client, world):
    client.force_login(world.a.sr)
    confirm_bank_password(client, world.affiliation.pk, PASSWORD)
    entry = AuditEntry.objects.get(action="accès aux coordonnées bancaires")
    assert entry.actor == world.a.sr and entry.object_id == str(world.a.association.pk)


def test_a_wrong_password_keeps_the_details_masked(client, world):
    client.force_login(world.a.sr)
    response = confirm_bank_password(client, world.affiliation.pk, "pas le bon")
    text = html.unescape(client.get(response["Location"]).content.decode())
    assert "Mot de passe incorrect" in text
    assert 'name="iban"' not in text


def test_bank_details_cannot_change_without_a_confirmed_password(client, world):
    client.force_login(world.a.sr)
    response = client.post(
        bank_url(world), {"holder": "AS", "iban": IBAN, "bic": "AGRIFRPP"}, follow=True
    )
    assert "confirmez d'abord votre mot de passe" in html.unescape(response.content.decode())
    assert not BankAccount.objects.exists()


def test_the_confirmation_lasts_ten_real_minutes_even_when_the_demo_clock_is_frozen(
    client, world, time_machine
):
    time_machine.move_to("2026-11-29T10:00:00+01:00", tick=False)
    client.force_login(world.a.sr)
    confirm_bank_password(client, world.affiliation.pk, PASSWORD)
    time_machine.move_to("2026-11-29T10:09:00+01:00", tick=False)
    assert 'name="iban"' in client.get(review_url(world)).content.decode()
    time_machine.move_to("2026-11-29T10:10:01+01:00", tick=False)
    assert 'name="iban"' not in client.get(review_url(world)).content.decode()
    client.post(bank_url(world), {"holder": "AS", "iban": IBAN, "bic": "AGRIFRPP"})
    assert not BankAccount.objects.exists()


def test_a_confirmation_does_not_serve_another_user_of_the_same_session(client, world):
    client.force_login(world.a.sr)
    confirm_bank_password(client, world.affiliation.pk, PASSWORD)
    session = client.session
    stamp = session["bank_details_confirmed"]
    client.force_login(world.dn)
    session = client.session
    session["bank_details_confirmed"] = stamp
    session.save()
    assert 'name="iban"' not in client.get(review_url(world)).content.decode()


def test_wrong_passwords_count_as_failed_logins(client, world, settings):
    settings.AXES_FAILURE_LIMIT = 3
    client.force_login(world.a.sr)
    for _ in range(3):
        confirm_bank_password(client, world.affiliation.pk, "pas le bon")
    response = confirm_bank_password(client, world.affiliation.pk, PASSWORD)
    assert response.status_code == 429
    assert 'name="iban"' not in client.get(review_url(world)).content.decode()


# --- the mandate: the AS signs it with its full IBAN ----------------------------------------


@pytest.mark.parametrize(
    ("actor", "status"),
    [("secretary", 200), ("teacher", 200), ("sr", 200), ("dn", 200), ("sd", 404), ("sr_b", 404)],
)
def test_the_mandate_with_the_full_iban_is_for_the_as_its_sr_and_dn(client, world, actor, status):
    bank_details_set(
        association=world.a.association, actor=world.a.sr, holder="AS", iban=IBAN, bic="AGRIFRPP"
    )
    client.force_login(world.actor(actor))
    if actor in {"sr", "dn"}:
        confirm_bank_password(client, world.affiliation.pk, PASSWORD)
    response = client.get(reverse("affiliations:pdf_mandate", args=[world.a.association.code]))
    assert response.status_code == status


def test_the_service_confirms_its_password_before_printing_the_mandate(client, world):
    bank_details_set(
        association=world.a.association, actor=world.a.sr, holder="AS", iban=IBAN, bic="AGRIFRPP"
    )
    review = review_url(world)  # the affiliation the SR is checking
    client.force_login(world.a.sr)
    mandate = reverse("affiliations:pdf_mandate", args=[world.a.association.code])
    response = client.get(mandate, follow=True)
    assert response.redirect_chain[-1][0].startswith(review)
    assert "confirmez d'abord votre mot de passe" in html.unescape(response.content.decode())
    confirm_bank_password(client, world.affiliation.pk, PASSWORD)
    response = client.get(mandate)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"


def test_the_admin_shows_bank_accounts_masked(client, changed_twice):
    world = changed_twice
    account = BankAccount.objects.current_for(world.a.association)
    client.force_login(world.dn)
    for url in (
        reverse("admin:finance_bankaccount_changelist"),
        reverse("admin:finance_bankaccount_change", args=[account.pk]),
    ):
        text = html.unescape(client.get(url).content.decode())
        assert "FR14 •••• •••• 2606" in text
        assert_no_full_iban(text)
