"""Every list's CSV is streamed: the header leaves before the rows are read, the rows come from
the database by QuerySet.iterator as they are written, and the file is the one the list gave
when it was built whole in memory (BOM, semicolons, neutralised formulas)."""

import csv
import io

import pytest
from django.db import connection
from django.db.models import QuerySet
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from opuss.core import replica
from opuss.core.exports import csv_cell
from opuss.core.replica import ReplicaRouter
from opuss.licences.models import Licence
from tests.factories import LicenceFactory, PupilFactory

pytestmark = pytest.mark.django_db

LABELS = [
    "N° de licence",
    "Nom",
    "Prénom",
    "Sexe",
    "Né(e) le",
    "Catégorie",
    "Saison",
    "Prise le",
    "À l'unité",
    "Carte",
]


def csv_as_built_whole(labels, rows) -> bytes:
    """What the CSV export wrote before it was streamed: the whole file in one buffer."""
    stream = io.StringIO()
    stream.write("\ufeff")
    writer = csv.writer(stream, delimiter=";")
    writer.writerow([csv_cell(label) for label in labels])
    writer.writerows([csv_cell(value) for value in row] for row in rows)
    return stream.getvalue().encode("utf-8")


def licensees(world, count: int, **pupil):
    return [
        LicenceFactory(
            association=world.a.association,
            season=world.season,
            pupil=PupilFactory(last_name=f"Nom{i:03d}", **pupil),
        )
        for i in range(count)
    ]


def export_csv(client, world, **query):
    url = reverse("associations:licences", args=[world.a.association.code])
    return client.get(url, {"export": "csv", "tri": "number", **query})


def test_the_csv_is_streamed_and_is_the_file_the_list_gave_before(client, world, monkeypatch):
    monkeypatch.setattr("opuss.core.exports.CSV_ROWS_PER_CHUNK", 2)  # several pieces
    licences = [world.a.licence, *licensees(world, 4, first_name="=HYPERLINK(1)")]
    client.force_login(world.a.secretary)
    response = export_csv(client, world)
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="licencies-24001-')
    rows = [
        [
            lic.number,
            lic.pupil.last_name.upper(),
            lic.pupil.first_name,
            lic.pupil.get_sex_display(),
            lic.pupil.birth_date,
            lic.category,
            lic.season,
            lic.created_at,
            "",
            "PDF",
        ]
        for lic in sorted(licences, key=lambda lic: lic.number)
    ]
    body = response.getvalue()
    assert body == csv_as_built_whole(LABELS, rows)
    assert b";'=HYPERLINK(1);" in body


def test_the_header_leaves_before_the_rows_are_read(client, world, django_assert_num_queries):
    licensees(world, 3)
    client.force_login(world.a.secretary)
    pieces = iter(export_csv(client, world).streaming_content)
    with django_assert_num_queries(0):
        first = next(pieces)
    assert first.decode("utf-8") == "\ufeff" + ";".join(LABELS) + "\r\n"
    assert b"NOM000" in b"".join(pieces)


@pytest.mark.parametrize(
    ("name", "actor"),
    [("associations:licences", "secretary"), ("cards:region_licences", "sr")],
)
def test_the_queries_do_not_grow_with_the_rows(client, world, name, actor):
    client.force_login(world.actor(actor))
    args = [world.a.association.code] if name == "associations:licences" else []

    def queries() -> tuple[int, int]:
        response = client.get(reverse(name, args=args), {"export": "csv"})
        with CaptureQueriesContext(connection) as read:
            lines = response.getvalue().count(b"\r\n")
        return lines, len(read)

    few_lines, few = queries()
    licensees(world, 30)
    many_lines, many = queries()
    assert many_lines == few_lines + 30
    assert many == few == 1  # the rows and their pupils, in one query


def test_the_rows_come_from_an_iterator(client, world, monkeypatch):
    """Read in chunks (a server-side cursor on PostgreSQL), never loaded whole."""
    licensees(world, 3)
    chunk_sizes = []
    iterator = QuerySet.iterator

    def spy(queryset, chunk_size=None):
        chunk_sizes.append(chunk_size)
        return iterator(queryset, chunk_size=chunk_size)

    monkeypatch.setattr(QuerySet, "iterator", spy)
    client.force_login(world.a.secretary)
    assert b"NOM002" in export_csv(client, world).getvalue()
    assert chunk_sizes == [2000]


def test_other_csv_exports_are_streamed_too(client, world):
    """The accountants' months (opuss.finance.views_accounts) go through the same writer."""
    client.force_login(world.a.sr)
    response = client.get(reverse("finances:accounting"), {"export": "csv"})
    assert response.streaming
    assert response.getvalue().startswith("\ufeffMois;Code région;".encode())


def test_the_rows_are_read_from_the_replica_while_they_stream(client, world, monkeypatch):
    """The streamed rows are read after the view has returned: they mark their reads for the
    replica themselves (without one configured here, they still run on the primary)."""
    marked = []
    original = ReplicaRouter.db_for_read

    def spy(self, model, **hints):
        marked.append((model, replica._reading.get()))
        return original(self, model, **hints)

    client.force_login(world.a.secretary)
    response = export_csv(client, world)
    monkeypatch.setattr(ReplicaRouter, "db_for_read", spy)
    assert world.a.licence.number.encode() in response.getvalue()
    assert (Licence, True) in marked
    assert replica._reading.get() is False  # and the mark ends with the file
