import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import AssociationFactory, EstablishmentFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sr_client(client, world):
    department = world.a.association.department
    for name in ("Zola", "Arago", "Monet"):
        AssociationFactory(
            establishment=EstablishmentFactory(department=department, name=name, type="COL")
        )
    client.force_login(world.a.sr)
    return client


def csv_rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_the_list_shows_only_the_academy_and_exports_the_same_rows(sr_client, world):
    url = reverse("associations:list")
    page = sr_client.get(url).content.decode()
    assert world.a.association.code in page and world.b.association.code not in page
    rows = csv_rows(sr_client.get(url, {"export": "csv"}))
    assert rows[0][:2] == ["Code", "Établissement"]
    codes = [row[0] for row in rows[1:]]
    assert world.a.association.code in codes and world.b.association.code not in codes
    workbook = load_workbook(io.BytesIO(sr_client.get(url, {"export": "xlsx"}).content))
    sheet_codes = [row[0] for row in workbook.active.iter_rows(min_row=2, values_only=True)]
    assert sorted(sheet_codes) == sorted(codes)


def test_search_filter_and_sort_apply_to_the_page_and_the_export(sr_client):
    url = reverse("associations:list")
    rows = csv_rows(
        sr_client.get(url, {"type": "COL", "tri": "-establishment__name", "export": "csv"})
    )
    names = [row[1] for row in rows[1:]]
    assert names == ["Collège Zola", "Collège Monet", "Collège Arago"]
    searched = csv_rows(sr_client.get(url, {"q": "arag", "export": "csv"}))
    assert [row[1] for row in searched[1:]] == ["Collège Arago"]


def test_an_unknown_sort_or_filter_value_is_ignored(sr_client):
    response = sr_client.get(reverse("associations:list"), {"tri": "password", "type": "XXX"})
    assert response.status_code == 200


def test_the_list_paginates(sr_client, world, monkeypatch):
    monkeypatch.setattr("opuss.core.listing.PER_PAGE", 2)
    first = sr_client.get(reverse("associations:list")).content.decode()
    assert "Page 1 sur 2" in first
    assert (
        "Page 2 sur 2" in sr_client.get(reverse("associations:list"), {"page": 2}).content.decode()
    )
