"""A long import, a chunk of rows at a time: the file is read as it goes and written in chunks,
in one transaction, so a problem anywhere leaves the database as it was; likely duplicates are
looked for on every new row (issue: real data in and out, speed and size)."""

import csv
import gc
import io
import weakref
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection

import incidents.imports
import incidents.imports.writing
import incidents.querysets
from incidents.imports import run_import
from incidents.imports.writing import PLACE_KEY_FIELDS
from incidents.models import Incident, Location

from .factories import make_incident, make_location

pytestmark = pytest.mark.django_db
MIXED = (Path(__file__).parent / "data" / "acled_raw_mixed.csv").read_bytes()


@pytest.fixture
def small_chunks(monkeypatch):
    """Chunks of two rows, so that a short file is written in several."""
    monkeypatch.setattr(incidents.imports, "CHUNK_ROWS", 2)


def row_counts():
    """Rows of every table of the app, history tables included (FoundWord's where it has one: PostgreSQL)."""
    tables = connection.introspection.table_names()
    models = [model for model in apps.get_app_config("incidents").get_models() if model._meta.db_table in tables]
    return {model._meta.db_table: model.objects.count() for model in models}


def test_a_file_written_in_chunks_imports_as_one(small_chunks):
    report = run_import(io.BytesIO(MIXED), "acled", publish=False)
    assert report.ok, report.problems
    assert (report.rows, report.created, report.skipped.total()) == (13, 9, 4)
    again = run_import(io.BytesIO(MIXED), "acled", publish=False)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 9)


def test_a_chunk_of_long_rows_is_cut_by_their_text_not_only_their_number(monkeypatch):
    """Wide rows (GTD's 135 columns) make a chunk's memory: it ends where its rows' text reaches
    CHUNK_CHARS, however few they are."""
    shortest = min(map(len, MIXED.decode().splitlines()[1:]))
    monkeypatch.setattr(incidents.imports, "CHUNK_CHARS", shortest // 2)
    chunks = []
    monkeypatch.setattr(incidents.imports.Chunks, "take", lambda self, records: chunks.append(len(records)))
    run_import(io.BytesIO(MIXED), "acled", publish=False, dry_run=True)
    assert chunks == [1] * 9
    monkeypatch.setattr(incidents.imports, "CHUNK_CHARS", shortest * 100)
    chunks.clear()
    run_import(io.BytesIO(MIXED), "acled", publish=False, dry_run=True)
    assert chunks == [9]


def test_a_problem_in_the_last_chunk_leaves_the_database_exactly_as_it_was(small_chunks):
    before = row_counts()
    last = MIXED.splitlines()[-1]
    broken = MIXED + last.replace(b"IRQ20012", b"IRQ29999").replace(b"01 December 2022", b"the first of December")
    report = run_import(broken + b"\n", "acled", publish=False)
    assert not report.ok and not report.written
    assert [problem.line for problem in report.problems] == [15]
    assert row_counts() == before


def test_a_repeated_id_in_a_later_chunk_is_found_and_nothing_is_written(small_chunks):
    before = row_counts()
    repeated = MIXED + MIXED.splitlines()[1] + b"\n"
    report = run_import(repeated, "acled", publish=False)
    assert [(p.line, p.message) for p in report.problems] == [(15, "duplicate id: the same as line 2")]
    assert row_counts() == before


def test_every_repeat_of_an_identity_names_its_first_line_in_the_files_order():
    """The identities are compared a part of their hashes at a time (Identities.PARTS): rows of
    every part, a hash below zero, an identity three times, the lines in the file's order."""
    identities = incidents.imports.Identities()
    names = [f"acled:IRQ{number}" for number in range(1000)]
    assert {hash(name) % identities.PARTS for name in names} == set(range(identities.PARTS))
    assert any(hash(name) < 0 for name in names)
    for line, name in enumerate([*names, names[7], names[150], names[7]], start=2):
        identities.add(name, line)
    assert identities.repeated() == [(1002, 9), (1003, 152), (1004, 9)]


def test_likely_duplicates_are_looked_for_on_every_new_row_in_batched_queries(small_chunks, monkeypatch):
    monkeypatch.setattr(incidents.querysets, "DUPLICATE_BATCH", 1)
    place = make_location(latitude="33.529440", longitude="44.277500")
    existing = make_incident(type="rocket", location=place)  # 2020-03-11, where row 13 says it was
    data = with_row(MIXED, "IRQ20011", event_date="2020-03-11", time_precision="1", admin1="Baghdad")
    data = with_row(data, "IRQ20011", latitude="33.5294", longitude="44.2775")
    report = run_import(data, "acled", dry_run=True)
    found = [(line, [incident.pk for incident in incidents]) for line, _, incidents in report.duplicates]
    assert found == [(13, [existing.pk])]
    assert report.duplicate_count == 1 and "1 new row looks like existing incidents." in report.summary()


def with_row(data, event_id, **cells):
    """The file with cells of one row changed."""
    rows = list(csv.DictReader(io.StringIO(data.decode())))
    for row in rows:
        if row["event_id_cnty"] == event_id:
            row.update(cells)
    return written(rows)


def test_a_place_named_again_in_a_later_chunk_is_the_place_an_earlier_chunk_wrote(small_chunks):
    """Places are looked up a chunk at a time (a million rows name too many to hold): a later
    chunk finds the place an earlier one wrote, in the same transaction, and writes it no twice."""
    same_place = {
        "admin1": "Baghdad",
        "location": "Baghdad",
        "latitude": "33.3406",
        "longitude": "44.4009",
        "geo_precision": "1",
    }
    data = with_row(with_row(MIXED, "IRQ20001", **same_place), "IRQ20012", **same_place)
    report = run_import(data, "acled", publish=False)
    assert report.ok, report.problems
    first, last = (Incident.objects.get(external_id=uid) for uid in ("IRQ20001", "IRQ20012"))
    assert first.location_id == last.location_id
    assert Location.objects.filter(name="Baghdad", latitude="33.3406").count() == 1
    distinct = Location.objects.values(*PLACE_KEY_FIELDS).distinct().count()
    assert Location.objects.count() == distinct < report.created


def test_a_place_stored_twice_is_found_as_the_first_stored():
    """An analyst may have stored the same place twice: the import takes the first, every time."""
    report = run_import(io.BytesIO(MIXED), "acled", publish=False)
    incident = Incident.objects.get(external_id="IRQ20001")
    first = incident.location
    Location.objects.bulk_create([Location(**{name: getattr(first, name) for name in PLACE_KEY_FIELDS})])
    Incident.objects.filter(pk=incident.pk).delete()
    again = run_import(io.BytesIO(MIXED), "acled", publish=False)
    assert (report.created, again.created) == (9, 1)
    assert Incident.objects.get(external_id="IRQ20001").location == first


def test_the_incidents_a_chunk_was_compared_with_are_freed_when_it_is_done(small_chunks, monkeypatch):
    """They and their prefetched claims and links refer to each other: left to Python's rare
    full collections, a long re-import's chunks pile up in memory."""
    run_import(io.BytesIO(MIXED), "acled", publish=False)
    compared = []
    existing_incidents = incidents.imports.writing.Plan.existing_incidents

    def noted(plan):
        found = existing_incidents(plan)
        compared.extend(weakref.ref(incident) for incident in found.values())
        return found

    monkeypatch.setattr(incidents.imports.writing.Plan, "existing_incidents", noted)
    gc.collect()
    gc.disable()
    try:
        again = run_import(io.BytesIO(MIXED), "acled", publish=False)
        left = [ref() for ref in compared if ref() is not None]
    finally:
        gc.enable()
    assert (again.unchanged, len(compared)) == (9, 9)
    assert left == []


@pytest.mark.parametrize("chunk_rows", [1, 10_000])
def test_two_rows_of_different_ids_for_one_incident_are_refused_in_any_chunks(monkeypatch, chunk_rows):
    """Our export's row of an ACLED incident (tracker_uid) and ACLED's own row for it, stacked in
    one file: one is refused, whether they fall in one chunk or two."""
    run_import(io.BytesIO(MIXED), "acled", publish=False)
    uid = Incident.objects.get(external_id="IRQ20002").uid
    rows = list(csv.DictReader(io.StringIO(MIXED.decode())))
    ours = {**next(row for row in rows if row["event_id_cnty"] == "IRQ20002"), "fatalities": "8"}
    monkeypatch.setattr(incidents.imports, "CHUNK_ROWS", chunk_rows)
    before = row_counts()
    report = run_import(written([{**ours, "tracker_uid": str(uid)}, *rows]), "acled", publish=False)
    assert [(p.line, p.column, p.message) for p in report.problems] == [
        (4, "event_id_cnty", "the same incident as line 2")
    ]
    assert row_counts() == before


def test_every_row_refused_is_named_whichever_chunk_it_is_in(small_chunks):
    """Rows that would change a published incident without a correction note, in every chunk."""
    run_import(io.BytesIO(MIXED), "acled")
    rows = list(csv.DictReader(io.StringIO(MIXED.decode())))
    revised = [{**row, "notes": row["notes"] + " (revised)"} for row in rows]
    report = run_import(written(revised), "acled")
    assert report.rejected == 9
    assert [p.line for p in report.problems] == [2, 3, 4, 9, 10, 11, 12, 13, 14]
    assert all("a public correction note is needed" in p.message for p in report.problems)


def written(rows):
    """The rows (dicts) as a CSV file."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(dict.fromkeys(c for row in rows for c in row)), lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode()
