"""The big lists at national scale (issue #14): names searched without accents or case (through
trigram indexes on PostgreSQL), a searched page and its count in one query, keyset pagination
that gives the rows the offsets gave, and no count over the whole season on every view. Shapes,
not timings: which SQL runs, and how many queries."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opuss.core.search import fold
from opuss.rules.season import load_season
from tests.factories import (
    AssociationFactory,
    EstablishmentFactory,
    LicenceFactory,
    PupilFactory,
)

pytestmark = pytest.mark.django_db

NEXT = re.compile(r'<a href="\?([^"]*)">Suivante')
PREVIOUS = re.compile(r'<a href="\?([^"]*)">« Précédente')


def licensed(world, last_name: str, first_name: str = "Léa", association=None, **values):
    association = association or world.a.association
    pupil = PupilFactory(last_name=last_name, first_name=first_name, user=None)
    return LicenceFactory(pupil=pupil, association=association, season=world.season, **values)


def page(client, url, params=None) -> tuple[str, list]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return html.unescape(response.content.decode()), queries.captured_queries


def numbers(text: str) -> list[str]:
    return re.findall(r">(\d{9})</a>", text)


# --- search ---------------------------------------------------------------------------------


def test_fold_drops_case_accents_and_ligatures():
    assert fold("Hélène LEFÈVRE-Cœur") == "helene lefevre-coeur"


def test_names_are_found_whatever_their_accents_and_case(client, world):
    helene = licensed(world, "Lefèvre", "Hélène")
    licensed(world, "Martin", "Paul")
    client.force_login(world.dn)
    for term in ("helene", "LEFEVRE", "lefèv", "HÉLÈNE"):
        text, _ = page(client, reverse("cards:region_licences"), {"q": term})
        assert numbers(text) == [helene.number], term
    text, _ = page(client, reverse("cards:region_licences"), {"q": "100%"})
    assert numbers(text) == []  # a LIKE wildcard typed is a character, not "anything"


def test_a_name_search_reads_the_names_only_and_a_number_search_the_numbers(client, world):
    licence = licensed(world, "Aubert")
    client.force_login(world.dn)
    _, queries = page(client, reverse("cards:region_licences"), {"q": "aubert"})
    searched = [q["sql"] for q in queries if "opuss_unaccent" in q["sql"]]
    assert searched and all('"number"' not in sql.split("WHERE")[1] for sql in searched)
    text, _ = page(client, reverse("cards:region_licences"), {"q": licence.number})
    assert numbers(text) == [licence.number]


def test_a_search_runs_once_for_the_page_and_its_count(client, world):
    for n in range(3):
        licensed(world, f"Aubert{n}")
    client.force_login(world.dn)
    text, queries = page(client, reverse("cards:region_licences"), {"q": "aubert"})
    assert "3 résultats" in text
    searched = [q["sql"] for q in queries if "opuss_unaccent" in q["sql"]]
    assert len(searched) == 1 and "OVER ()" in searched[0]


def test_a_searched_page_is_sorted_after_its_matches_are_found(client, world):
    """In the list's order, as without a search; but sorted, not read along an index in that
    order (opuss.core.listing.Listing._sort_key: 3.3 s at 1.2 million licences)."""
    found = [licensed(world, f"Aubert{n}", association=a)
             for n, a in enumerate([world.b.association, world.a.association] * 2)]
    client.force_login(world.dn)
    text, queries = page(client, reverse("cards:region_licences"), {"q": "aubert"})
    expected = sorted(found, key=lambda licence: (licence.association.code, licence.pk))
    assert numbers(text) == [licence.number for licence in expected]
    (sql,) = [q["sql"] for q in queries if "opuss_unaccent" in q["sql"]]
    assert "NULLS FIRST" in sql.split("ORDER BY")[1]
    text, _ = page(client, reverse("cards:region_licences"),
                   {"q": "aubert", "tri": "-association__code"})
    assert numbers(text) == [licence.number for licence in sorted(
        found, key=lambda licence: (licence.association.code, -licence.pk), reverse=True)]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigram indexes: PostgreSQL")
def test_on_postgresql_the_search_is_the_indexed_expression(client, world):
    """The page's condition is the very expression of the pupils' trigram indexes, with ILIKE
    (which pg_trgm's GIN operator class serves)."""
    licensed(world, "Aubert")
    client.force_login(world.dn)
    _, queries = page(client, reverse("cards:region_licences"), {"q": "aubert"})
    (sql,) = [q["sql"] for q in queries if "opuss_unaccent" in q["sql"]]
    assert 'opuss_unaccent("licences_pupil"."last_name") ILIKE opuss_unaccent(' in sql
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s", ["licences_pupil"]
        )
        indexes = dict(cursor.fetchall())
    assert "gin (opuss_unaccent((last_name)::text) gin_trgm_ops)" in indexes["pupil_last_name_trgm"]
    assert "gin_trgm_ops" in indexes["pupil_first_name_trgm"]


def test_the_category_filter_comes_from_the_season_rules_not_the_licences(client, world):
    client.force_login(world.dn)
    text, queries = page(client, reverse("cards:region_licences"))
    assert not [q for q in queries if "DISTINCT" in q["sql"] and "category" in q["sql"]]
    for category in load_season(world.season.label).categories:
        assert f'<option value="{category.label}"' in text


# --- keyset pagination ----------------------------------------------------------------------


def follow(client, url, params, pattern) -> list[list[str]]:
    """The pages met by clicking the link `pattern` from the first page to the last."""
    text, _ = page(client, url, params)
    pages = [numbers(text)]
    while match := pattern.search(text):
        assert "apres=" in match.group(1)  # the boundary row's key, not an offset
        text, _ = page(client, f"{url}?{match.group(1)}")
        pages.append(numbers(text))
    return pages


@pytest.mark.parametrize(
    "order", ["pupil__last_name", "-pupil__last_name", "number", "-created_at", "pupil__sex"]
)
def test_keyset_pages_are_the_pages_offsets_give(client, world, monkeypatch, order):
    monkeypatch.setattr("opuss.core.listing.PER_PAGE", 2)
    for name in ("Bernard", "Adam", "Bernard", "Colin", "Adam", "Dumas"):  # ties on names
        licensed(world, name)
    client.force_login(world.a.teacher)
    url = reverse("associations:licences", args=[world.a.association.code])
    by_offset = [numbers(page(client, url, {"tri": order, "page": n})[0]) for n in (1, 2, 3, 4)]
    by_keyset = follow(client, url, {"tri": order}, NEXT)
    assert by_keyset == by_offset and sum(len(p) for p in by_keyset) == 7
    last = page(client, url, {"tri": order, "page": 4})[0]
    assert "Page 4 sur 4" in last
    # « Précédente » from a keyset page comes back the same way.
    text, _ = page(client, url, {"tri": order})
    second = page(client, f"{url}?{NEXT.search(text).group(1)}")[0]
    third = page(client, f"{url}?{NEXT.search(second).group(1)}")[0]
    back = page(client, f"{url}?{PREVIOUS.search(third).group(1)}")[0]
    assert numbers(back) == by_offset[1] and "Page 2 sur 4" in back


def test_a_keyset_page_takes_no_count_and_as_many_queries_as_the_first(client, world, monkeypatch):
    monkeypatch.setattr("opuss.core.listing.PER_PAGE", 2)
    for n in range(7):
        licensed(world, f"Nom{n}")
    client.force_login(world.a.teacher)
    url = reverse("associations:licences", args=[world.a.association.code])
    page(client, url)
    text, first = page(client, url)
    _, second = page(client, f"{url}?{NEXT.search(text).group(1)}")
    assert len(second) == len(first) - 1  # the count of the first page travels in the link
    assert not [q for q in second if "COUNT(" in q["sql"]]


def test_a_link_typed_by_hand_falls_back_to_the_page_number(client, world, monkeypatch):
    monkeypatch.setattr("opuss.core.listing.PER_PAGE", 2)
    for n in range(5):
        licensed(world, f"Nom{n}")
    client.force_login(world.a.teacher)
    url = reverse("associations:licences", args=[world.a.association.code])
    text, _ = page(client, url, {"page": 2, "apres": "n'importe quoi"})
    assert "Page 2 sur 3" in text


# --- counts ---------------------------------------------------------------------------------


def test_the_as_list_counts_the_licences_of_its_page_only(client, world, monkeypatch):
    monkeypatch.setattr("opuss.core.listing.PER_PAGE", 2)
    department = world.a.association.department
    associations = [world.a.association] + [
        AssociationFactory(establishment=EstablishmentFactory(department=department))
        for _ in range(2)
    ]
    for n in range(3):
        licensed(world, f"Nom{n}", association=associations[1])
    client.force_login(world.a.sr)
    url = reverse("associations:list")
    page(client, url)
    text, few = page(client, url, {"tri": "code"})
    for _ in range(4):
        AssociationFactory(establishment=EstablishmentFactory(department=department))
    _, more = page(client, url, {"tri": "code"})
    assert len(more) == len(few)
    (counted,) = [q["sql"] for q in more if 'COUNT("licences_licence"' in q["sql"]]
    assert '"association_id" IN (' in counted
    row = re.search(rf"<tr><td><a [^>]*>{associations[1].code}</a>.*?</tr>", text, re.S)
    assert re.findall(r"<td>(.*?)</td>", row.group(0))[-2] == "3"
    sorted_by_count = page(client, url, {"tri": "-licence_count"})[0]
    assert sorted_by_count.index(associations[1].code) < sorted_by_count.index(associations[0].code)


def test_a_link_of_another_sort_or_edited_falls_back_to_the_page_number(client, world, monkeypatch):
    monkeypatch.setattr("opuss.core.listing.PER_PAGE", 2)
    for n in range(5):
        licensed(world, f"Nom{n}")
    client.force_login(world.a.teacher)
    url = reverse("associations:licences", args=[world.a.association.code])
    text, _ = page(client, url, {"tri": "pupil__birth_date"})
    link = NEXT.search(text).group(1)
    other_sort, _ = page(client, f"{url}?{link}&tri=-created_at")
    assert "Page 2 sur 3" in other_sort
    by_offset = numbers(page(client, url, {"tri": "-created_at", "page": 2})[0])
    assert numbers(other_sort) == by_offset
