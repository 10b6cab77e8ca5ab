"""The ways an incident leaves the site write every column alike, on hostile values: the Python
CSV, PostgreSQL's COPY CSV, and the API item (each value written as its column's CSV cell).
"""

import csv
import datetime
import io

import pytest
from django.db import connection

from incidents.exports.columns import COLUMNS, CSV_HEADER
from incidents.exports.copy import copy_chunks
from incidents.exports.csv import csv_chunks
from incidents.models import Claim, Incident
from tests.conftest import kept_for_the_module
from tests.factories import link_source, make_claim, make_group, make_incident, make_location, make_source
from tests.hostile_values import CELL_TEXT_VALUES

pytestmark = pytest.mark.django_db
SITE = "http://testserver"  # what the API's test client builds its URLs from
COORDINATES = [("33.529440", "44.277500"), (None, None), ("-0.000010", "0.000001"), ("-90.000000", "180.000000")]


@pytest.fixture(scope="module")
def hostile_world(django_db_setup, django_db_blocker):
    with kept_for_the_module(django_db_blocker):
        write_hostile_incidents()
        yield


@pytest.fixture
def hostile_incidents(hostile_world, db):
    return None


def write_hostile_incidents():
    """An incident for each hostile text, in every text field it has and its place's, claims'
    and sources': casualties unknown, none or counted; places with and without coordinates and
    governorate; several claims of every kind (a repeated name counts once), resting on either of its sources,
    on none, or on a source not linked to it; sources with and without a URL."""
    groups = [make_group(name=f"{text[:150]} #{number}") for number, text in enumerate(CELL_TEXT_VALUES[:8])]
    unlinked = make_source(publisher="Not linked to the incident")
    for number, text in enumerate(CELL_TEXT_VALUES):
        latitude, longitude = COORDINATES[number % len(COORDINATES)]
        place = make_location(name=text[:200], country=text[:100], latitude=latitude, longitude=longitude)
        if number % 3 == 0:
            place.governorate = None
            place.save()
        incident = make_incident(
            title=text[:200],
            summary=text,
            target_detail=text[:300],
            external_id=text[:100],
            killed=[None, 0, number][number % 3],
            wounded=[number, None, 0][number % 3],
            location=place,
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number % 5),
        )
        first = link_source(incident, make_source(publisher=text[:200], title=text[:500], url="")).source
        second = link_source(incident, make_source(publisher="AFP", title=text[:500])).source
        for kind in Claim.Kind.values:
            make_claim(incident, groups[number % len(groups)], kind=kind, source=second)
            make_claim(incident, actor=text[:200] or "Unidentified gunmen", kind=kind, source=first)
            make_claim(incident, groups[number % len(groups)], kind=kind, source=second)
            make_claim(incident, groups[number % len(groups)], kind=kind)
            make_claim(incident, actor="Not linked", kind=kind, source=unlinked)


def parsed(chunks):
    return list(csv.reader(io.StringIO(b"".join(chunks).decode("utf-8"))))


def python_csv():
    incidents = Incident.objects.published().order_by("date", "pk")
    return parsed(chunk.encode() for chunk in csv_chunks(incidents, SITE))


def through_csv(cells):
    """Cells as a CSV file gives them back: written by csv.writer, read as strings."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(cells)
    return next(csv.reader(io.StringIO(buffer.getvalue())))


def by_column(rows):
    return {row[0]: dict(zip(CSV_HEADER, row, strict=True)) for row in rows}


def test_the_api_item_written_as_csv_cells_is_the_python_csvs_row(client, hostile_incidents):
    header, *rows = python_csv()
    items = client.get("/api/incidents/?page_size=1000").json()["results"]
    written = [through_csv([column.csv_cell(item[column.name]) for column in COLUMNS]) for item in items]
    assert header == CSV_HEADER
    assert len(rows) == len(CELL_TEXT_VALUES)
    assert by_column(written) == by_column(rows)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY export exists on PostgreSQL only")
def test_postgresqls_copy_writes_the_python_csvs_rows_exactly(hostile_incidents):
    header, *rows = parsed(copy_chunks(Incident.objects.published(), SITE))
    python_header, *python_rows = python_csv()
    assert header == python_header == CSV_HEADER
    assert len(rows) == len(CELL_TEXT_VALUES)
    assert [row[0] for row in rows] == [row[0] for row in python_rows]
    assert by_column(rows) == by_column(python_rows)
