"""The worklist's « Coordonnées bancaires » filter: the AS paying by direct debit whose bank
details the SR has not entered yet, the very AS the services' home counts, in the page and in
the exports, within the user's territory."""

import csv
import html
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import (
    AffiliationFactory,
    AssociationFactory,
    BankAccountFactory,
    EstablishmentFactory,
)

pytestmark = pytest.mark.django_db

MISSING = {"etat": "PENDING", "banque": "MISSING"}


def association_in(department, code: str):
    return AssociationFactory(establishment=EstablishmentFactory(department=department), code=code)


@pytest.fixture
def forms(world):
    """Side A's académie: a pending form paid by direct debit without bank details (the world's),
    one with them, one paid in advance, a draft by direct debit without them; side B: a pending
    form by direct debit without bank details."""
    department = world.a.association.department
    assert world.affiliation.payment_mode == "DIRECT_DEBIT"
    with_bank = AffiliationFactory(
        association=association_in(department, "24002"), season=world.season, state="PENDING"
    )
    BankAccountFactory(association=with_bank.association, created_by=world.a.sr)
    AffiliationFactory(
        association=association_in(department, "24003"),
        season=world.season,
        state="PENDING",
        payment_mode="PREPAYMENT",
    )
    AffiliationFactory(
        association=association_in(department, "24004"), season=world.season, state="DRAFT"
    )
    AffiliationFactory(association=world.b.association, season=world.season, state="PENDING")
    return world


def codes_exported(client, query: dict) -> list[str]:
    response = client.get(reverse("affiliations:worklist"), query | {"export": "csv"})
    rows = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig")), delimiter=";"))
    return sorted(row[0] for row in rows[1:])


def codes_shown(client, url: str) -> list[str]:
    page = client.get(url).content.decode()
    return sorted(re.findall(r'<a href="/affiliations/\d+/">(\d{5})</a>', page))


def test_the_filter_lists_the_direct_debits_without_bank_details(client, forms):
    client.force_login(forms.a.sr)
    assert codes_exported(client, {"banque": "MISSING"}) == ["24001", "24004"]
    assert codes_exported(client, MISSING) == ["24001"]


def test_the_filter_never_shows_another_academys_as(client, forms):
    client.force_login(forms.b.sr)
    assert codes_exported(client, MISSING) == ["16001"]
    client.force_login(forms.dn)
    assert codes_exported(client, MISSING) == ["16001", "24001"]


def test_the_filter_is_kept_in_the_page_its_links_and_the_xlsx(client, forms):
    client.force_login(forms.a.sr)
    url = reverse("affiliations:worklist")
    page = client.get(url, MISSING).content.decode()
    assert '<option value="MISSING" selected>Manquantes (prélèvement)</option>' in page
    assert "?etat=PENDING&amp;banque=MISSING&amp;export=csv" in page
    workbook = load_workbook(io.BytesIO(client.get(url, MISSING | {"export": "xlsx"}).content))
    rows = list(workbook.active.iter_rows(values_only=True))
    assert rows[0][-1] == "Coordonnées bancaires"
    assert [(row[0], row[-1]) for row in rows[1:]] == [("24001", "Manquantes (prélèvement)")]


def test_the_home_line_leads_to_exactly_the_as_it_counts(client, forms):
    client.force_login(forms.a.sr)
    home = client.get(reverse("core:staff_home")).content.decode()
    href = re.search(r'<a href="([^"]+)">1 AS en prélèvement sans coordonnées bancaires</a>', home)
    assert href is not None
    assert codes_shown(client, html.unescape(href.group(1))) == ["24001"]
    # Once the SR has entered the AS's bank details, the line and the row are gone.
    BankAccountFactory(association=forms.a.association, created_by=forms.a.sr)
    home = client.get(reverse("core:staff_home")).content.decode()
    assert "sans coordonnées bancaires" not in home
    assert codes_exported(client, MISSING) == []
