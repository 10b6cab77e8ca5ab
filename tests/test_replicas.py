"""Read replicas (config.replicas), against a real streaming replica of the test database's
cluster on 127.0.0.1:5433 (.ci/replica.sh start): public pages read it, writes, the admin and
staff read the primary, and while it lags nothing it computed is cached as fresh."""

import contextlib
import json
import time

import psycopg2
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection, connections, transaction
from django.http import HttpResponse
from django.test import Client, RequestFactory

from config.replicas import READ_FROM, ReadReplicaMiddleware, ReplicaRouter
from incidents import triggers
from incidents.dataversion import DataVersion
from incidents.models import Incident
from tests.factories import make_incident, make_staff
from tests.servers import REPLICA_PORT, needs_postgresql, unavailable

REPLICA = "replica1"
LOCK = 180518  # the advisory lock of the tests that pause the replica
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("migrated_data")]


def test_the_router_reads_where_the_request_reads_and_writes_the_primary(settings):
    router = ReplicaRouter()
    assert router.db_for_read(Incident) == "default"  # outside a request: the primary
    token = READ_FROM.set(REPLICA)
    try:
        assert router.db_for_read(Incident) == REPLICA
        assert router.db_for_write(Incident) == "default"
        with transaction.atomic():
            assert router.db_for_read(Incident) == "default"  # a read within a write
    finally:
        READ_FROM.reset(token)
    assert not router.allow_migrate(REPLICA, "incidents")


@pytest.mark.parametrize(
    "method, path, staff, reads",
    [
        ("get", "/incidents/", False, REPLICA),
        ("head", "/incidents/export.csv", False, REPLICA),
        ("post", "/incidents/", False, "default"),
        ("get", "/admin/login/", False, "default"),
        ("get", "/incidents/", True, "default"),
    ],
)
def test_the_middleware_sends_public_reads_to_a_replica_and_the_rest_to_the_primary(
    settings, method, path, staff, reads
):
    settings.DATABASE_REPLICAS = [REPLICA]
    request = getattr(RequestFactory(), method)(path)
    request.user = make_staff("editor", "Editor") if staff else AnonymousUser()
    seen = []

    def view(request):
        seen.append(READ_FROM.get())
        return HttpResponse()

    ReadReplicaMiddleware(view)(request)
    assert seen == [reads] and READ_FROM.get() == "default"


def primary_lsn():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()")
        return cursor.fetchone()[0]


class Replica:
    """The test database on the streaming replica, as DATABASES[REPLICA]."""

    def __init__(self):
        self.settings = {**connection.settings_dict, "HOST": "127.0.0.1", "PORT": REPLICA_PORT}
        self.raw = psycopg2.connect(
            dbname=self.settings["NAME"], user=self.settings["USER"], host="127.0.0.1", port=REPLICA_PORT
        )
        self.raw.autocommit = True

    @contextlib.contextmanager
    def to_ourselves(self):
        """One test at a time pauses the replica (pytest-xdist's workers share it): a lock on
        the primary's `postgres` database, which every worker's connection meets."""
        settings = connection.settings_dict
        lock = psycopg2.connect(dbname="postgres", user=settings["USER"], host=settings["HOST"], port=settings["PORT"])
        try:
            with lock.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_lock(%s)", [LOCK])
            yield self
        finally:
            lock.close()

    def query(self, sql, params=()):
        with self.raw.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchone()[0]

    def caught_up(self, seconds=60):
        target = primary_lsn()
        deadline = time.monotonic() + seconds
        while not self.query("SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn", [target]):
            assert time.monotonic() < deadline, "the replica did not catch up"
            time.sleep(0.05)

    @contextlib.contextmanager
    def lagging(self):
        """Replay paused: the replica holds still while the primary moves on."""
        self.query("SELECT pg_wal_replay_pause()::text")
        try:
            while self.query("SELECT pg_get_wal_replay_pause_state()") != "paused":
                time.sleep(0.05)
            yield
        finally:
            self.query("SELECT pg_wal_replay_resume()::text")


@pytest.fixture
def replica(settings):
    needs_postgresql("REQUIRE_REPLICA", "the replica is a PostgreSQL streaming replica")
    try:
        replica = Replica()
    except psycopg2.OperationalError as error:
        reason = f"no streaming replica on 127.0.0.1:{REPLICA_PORT} (.ci/replica.sh start): {error}"
        unavailable("REQUIRE_REPLICA", reason)
    if not replica.query("SELECT pg_is_in_recovery()"):
        unavailable("REQUIRE_REPLICA", f"127.0.0.1:{REPLICA_PORT} is not a replica (not in recovery)")
    # A connection made here, not declared in DATABASES: the test database is the primary's.
    connections[REPLICA] = type(connections["default"])(replica.settings, alias=REPLICA)
    settings.DATABASE_REPLICAS = [REPLICA]
    try:
        with replica.to_ourselves():
            yield replica
    finally:
        connections[REPLICA].close()
        del connections[REPLICA]
        replica.raw.close()


def chart_total(client):
    return json.loads(client.get("/incidents/chart.json").content)["total"]


def test_public_pages_read_the_replica_and_staff_and_the_admin_the_primary(replica, client):
    make_incident(title="Rockets hit Camp Taji")
    replica.caught_up()
    editor = Client()
    editor.force_login(make_staff("editor", "Editor"))
    with replica.lagging():
        make_incident(title="Drone strikes Erbil airport")
        assert "Camp Taji" in client.get("/incidents/").text
        assert "Erbil airport" not in client.get("/incidents/").text, "a public page read the replica"
        assert "Erbil airport" in editor.get("/incidents/").text, "staff read their own writes"
        assert "Erbil airport" in editor.get("/admin/incidents/incident/").text
    replica.caught_up()
    assert "Erbil airport" in client.get("/incidents/").text


def test_a_lagging_replicas_results_are_cached_under_its_own_version_never_the_primarys(replica, client):
    triggers.install(connection)  # the version rows, emptied by the flush of an earlier test
    make_incident()
    replica.caught_up()
    with replica.lagging():
        make_incident()  # on the primary only
        assert DataVersion.current(public=True, using=REPLICA) != DataVersion.current(public=True)
        assert chart_total(client) == 1  # the replica's count, filed under the replica's version
    replica.caught_up()
    assert chart_total(client) == 2, "the lagging replica's count was not served as the new version's"


def test_a_public_csv_export_streams_from_the_replica(replica, client):
    make_incident(title="Rockets hit Camp Taji")
    replica.caught_up()
    with replica.lagging():
        make_incident(title="Drone strikes Erbil airport")
        body = b"".join(client.get("/incidents/export.csv").streaming_content).decode()
    assert "Camp Taji" in body and "Erbil airport" not in body
