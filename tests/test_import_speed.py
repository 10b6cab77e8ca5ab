"""The import's bulk path writes each new incident once: its claims and links first, then the
incident with the text search finds it by (querysets.found_text_of), which must be the text the
database would write for it (IncidentQuerySet.refresh_found_text) — and the counts and stored
cells that triggers keep must come out as for any other write (issue: imports at 20,000 rows/s)."""

import gc
import io
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from incidents import bulk, triggers
from incidents.dataversion import DataVersion
from incidents.imports import run_import
from incidents.imports.records import UID_NAMESPACE, derived_uid
from incidents.models import Claim, Incident

from .test_tallies import assert_exact

pytestmark = pytest.mark.django_db
MIXED = (Path(__file__).parent / "data" / "acled_raw_mixed.csv").read_bytes()


def found_texts():
    return dict(Incident.objects.values_list("pk", "found_text"))


def assert_found_text_as_refreshed():
    written = found_texts()
    Incident.objects.all().refresh_found_text()
    refreshed = found_texts()
    # the claims' texts are run together in no particular order: compare each incident's words
    assert {pk: sorted(text.split()) for pk, text in written.items()} == {
        pk: sorted(text.split()) for pk, text in refreshed.items()
    }
    assert all(written.values())


def test_new_places_and_actors_are_found_as_the_database_would_find_them():
    report = run_import(io.BytesIO(MIXED), "acled", publish=False)
    assert report.ok and report.created == 9
    assert Claim.objects.filter(incident__in=Incident.objects.all()).exists()
    assert_found_text_as_refreshed()


def test_stored_places_and_groups_are_found_as_the_database_would_find_them(client):
    """The seed's export imported again once its incidents are gone: its places, governorates
    and groups are stored already, and the claims name groups."""
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    exported = b"".join(client.get(reverse("incident_export_csv") + "?include_duplicates=on").streaming_content)
    Incident.objects.update(duplicate_of=None)
    Incident.objects.all().delete()
    report = run_import(io.BytesIO(exported), "native", publish=False)
    assert report.ok, report.problems
    assert Claim.objects.filter(group__isnull=False).exists()
    assert_found_text_as_refreshed()
    assert_exact()


def test_data_versions_and_triggers_after_a_bulk_import():
    """On SQLite the import drops the insert triggers while it writes and does their work once
    (bulk.once_per_statement): afterwards every trigger is there; drafts written with places
    and sources already stored change the version of every write, not the public one."""
    assert run_import(io.BytesIO(MIXED), "acled", publish=False).written
    assert triggers.expected(connection.vendor) <= triggers.installed(connection)
    Incident.objects.all().delete()
    every, public = DataVersion.current(), DataVersion.current(public=True)
    assert run_import(io.BytesIO(MIXED), "acled", publish=False).written
    assert DataVersion.current() != every
    assert DataVersion.current(public=True) == public
    Incident.objects.all().delete()
    assert run_import(io.BytesIO(MIXED), "acled", keep_types=["Battles"]).written
    assert DataVersion.current(public=True) != public
    assert Incident.objects.published().exists()
    assert_exact()


@pytest.mark.parametrize("kind, identifier", [("gtd", "201901010001"), ("acled", "IRQ12345"), ("native", "é 42")])
def test_derived_uids_are_uuid5s_of_the_namespace(kind, identifier):
    """records.derived_uid hashes the namespace once for all rows: the uids are uuid5's, as ever."""
    assert derived_uid(kind, identifier) == uuid.uuid5(UID_NAMESPACE, f"{kind}:{identifier}")


def cache_size():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        return cursor.fetchone()[0]


def test_an_import_runs_with_rarer_full_collections_and_leaves_the_process_as_it_was():
    """Each chunk's records reach Python's oldest generation, and full collections of the
    whole process were a fifth of a large import's time: they are rarer while it runs, and
    the collector (the process's, shared by a server's threads) is as it was after it, as is
    the connection's SQLite page cache, larger meanwhile."""
    before = gc.get_threshold()
    cache_before = cache_size() if connection.vendor == "sqlite" else None
    during = []

    def progress(stage, done, total):
        during.append((gc.get_threshold(), cache_size() if connection.vendor == "sqlite" else None))

    assert run_import(io.BytesIO(MIXED), "acled", publish=False, progress=progress).ok
    young, middle, oldest = before
    assert set(during) == {
        ((young, middle, oldest * bulk.FULL_COLLECTION_EVERY), -bulk.LOAD_CACHE_KIB if cache_before else None)
    }
    assert gc.get_threshold() == before
    assert cache_before is None or cache_size() == cache_before


def test_the_collector_is_set_back_when_the_last_of_loads_running_at_once_ends():
    before = gc.get_threshold()
    rarer = (before[0], before[1], before[2] * bulk.FULL_COLLECTION_EVERY)
    with bulk.loading(connection):
        with bulk.loading(connection):
            assert gc.get_threshold() == rarer
        assert gc.get_threshold() == rarer  # the first load is still running
    assert gc.get_threshold() == before


def test_a_failed_import_sets_the_collector_back_too():
    before = gc.get_threshold()
    report = run_import(io.BytesIO(MIXED.replace(b",2022-12-28,", b",2022-13-28,", 1)), "acled", publish=False)
    assert not report.ok
    assert gc.get_threshold() == before
