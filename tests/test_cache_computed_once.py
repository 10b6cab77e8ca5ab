"""A result missing from a shared cache is computed once (caching.computing): after a public write,
the readers that miss the same result wait for the one computing it and read what it stored,
instead of all computing it at once. PostgreSQL only (an advisory lock); run with
`DATABASE_URL=postgres://… pytest tests/test_cache_computed_once.py`."""

import threading
import time

import pytest
from django.db import connection, connections

from incidents.caching import cached
from incidents.models import Incident
from incidents.triggers import install as install_triggers
from tests.factories import make_incident

pytestmark = pytest.mark.django_db(transaction=True)
WAIT_S = 30  # how long a step may take on a loaded machine before the test fails


@pytest.fixture
def shared_cache(settings, tmp_path, migrated_data):
    """The cache gunicorn's workers share (DJANGO_CACHE_DIR), the version rows and an incident."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL: the lock is an advisory lock (SQLite has one writing process)")
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": str(tmp_path)}
    }
    install_triggers(connection)  # the version rows, made again if an earlier test's flush left none
    make_incident()


def until_another_waits():
    """Until another session waits on an advisory lock (the reader that missed the same key)."""
    deadline = time.monotonic() + WAIT_S
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            if cursor.fetchone()[0]:
                return
            time.sleep(0.05)
    raise AssertionError("the second reader never waited for the first")


def in_thread(target):
    """Run target() in a thread with its own database session; (thread, {"value" or "error": …})."""
    outcome = {}

    def run():
        try:
            outcome["value"] = target()
        except Exception as error:  # noqa: BLE001 — reported to the test
            outcome["error"] = error
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread, outcome


@pytest.mark.usefixtures("shared_cache")
def test_readers_missing_the_same_result_wait_for_the_one_computing_it():
    published = Incident.objects.published()
    computed, started = [], threading.Event()

    def compute():
        computed.append(threading.current_thread().name)
        started.set()
        until_another_waits()
        return f"computed by {computed[0]}"

    first, first_outcome = in_thread(lambda: cached("test", published, compute, public=True))
    assert started.wait(WAIT_S)
    second, second_outcome = in_thread(lambda: cached("test", published, compute, public=True))
    first.join(WAIT_S)
    second.join(WAIT_S)
    assert not first.is_alive() and not second.is_alive()
    assert computed == [first.name], "one computation for both readers"
    assert first_outcome == second_outcome == {"value": f"computed by {first.name}"}


@pytest.mark.usefixtures("shared_cache")
def test_a_computation_that_fails_leaves_the_next_reader_free_to_compute():
    published = Incident.objects.published()

    def fails():
        raise RuntimeError("the database went away")

    first, first_outcome = in_thread(lambda: cached("test", published, fails, public=True))
    first.join(WAIT_S)
    assert isinstance(first_outcome["error"], RuntimeError)
    second, second_outcome = in_thread(lambda: cached("test", published, lambda: "computed", public=True))
    second.join(WAIT_S)
    assert not second.is_alive(), "the failed computation's lock was released"
    assert second_outcome == {"value": "computed"}
