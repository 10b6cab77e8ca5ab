"""The app's PostgreSQL sessions run without JIT compilation (the tally and export-cell triggers'
statements, priced high at a million incidents, spent most of their time compiling), and with
16 MB of work_mem (a search's bitmap of 300,000 matches stays exact), and without asking the
kernel ahead for the heap pages a bitmap scan will read (they are in its page cache)."""

import pytest
from django.conf import settings
from django.db import connection

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="JIT is PostgreSQL's"),
]


def test_the_apps_connections_run_without_jit():
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


def test_every_postgresql_database_of_the_settings_turns_jit_off():
    """The primary and each read replica (DATABASE_REPLICA_URLS)."""
    postgresql = [db for db in settings.DATABASES.values() if db["ENGINE"].startswith("django.db.backends.postgresql")]
    assert postgresql and all("-c jit=off" in db["OPTIONS"]["options"] for db in postgresql)


def test_the_apps_connections_sort_and_hash_in_16_mb():
    with connection.cursor() as cursor:
        cursor.execute("SHOW work_mem")
        assert cursor.fetchone()[0] == "16MB"


def test_the_apps_connections_ask_no_read_ahead_of_bitmap_scans():
    with connection.cursor() as cursor:
        cursor.execute("SHOW effective_io_concurrency")
        assert cursor.fetchone()[0] == "0"
