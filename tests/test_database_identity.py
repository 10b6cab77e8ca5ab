"""A cache outlives its database (make serve keeps var/cache for a day), and a data version is
unique only within one database: a recreated database starts counting again, a restored one
holds other data. Cache keys therefore hold the database's identity, set by migrate and
renewed by restore, so a page never shows data of the database before."""

import psycopg2
import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.urls import reverse

from incidents import triggers
from incidents.models import DataVersion, Incident
from tests.factories import make_incident
from tests.test_production_settings import production_env, run

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_content_types")]


def versions():
    return dict(DataVersion.objects.values_list("pk", "version"))


def feed(client):
    return client.get(reverse("incident_feed")).content.decode()


def test_a_restored_database_never_serves_what_was_cached_for_the_data_before(client, tmp_path):
    make_incident(title="In the backup")
    path = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(path), verbosity=0)
    Incident.objects.update(title="Cached before the restore")
    assert "Cached before the restore" in feed(client)
    before = versions()

    call_command("restore", str(path), "--replace", verbosity=0)
    for pk, version in before.items():  # the versions collide, as a new database's sequence would
        DataVersion.objects.filter(pk=pk).update(version=version)

    assert "In the backup" in feed(client)
    assert "Cached before the restore" not in feed(client)


def test_restore_renews_the_identity_and_empties_the_cache(tmp_path):
    make_incident()
    path = tmp_path / "backup.jsonl.gz"
    call_command("backup", str(path), verbosity=0)
    before = set(DataVersion.objects.values_list("database_uid", flat=True))
    cache.set("incidents:public:left-over", 1)

    call_command("restore", str(path), "--replace", verbosity=0)

    after = set(DataVersion.objects.values_list("database_uid", flat=True))
    assert len(after) == 1 and after != before
    assert cache.get("incidents:public:left-over") is None


def test_version_rows_made_again_after_a_flush_get_a_new_identity():
    before = DataVersion.current()
    DataVersion.objects.all().delete()
    triggers.install(connection)
    assert DataVersion.current()[0] != before[0]
    assert DataVersion.current()[0] == DataVersion.current(public=True)[0]


FEED_AFTER_A_NEW_INCIDENT = """
import sys, django; django.setup()
from django.test import Client
from incidents.models import DataVersion
from tests.factories import make_incident
make_incident(title=sys.argv[1])
for pk, version in zip((1, 2), map(int, sys.argv[2:])):  # a version the cache has seen
    DataVersion.objects.filter(pk=pk).update(version=version)
print(Client().get("/incidents/feed/").content.decode())
print("versions", *DataVersion.objects.order_by("pk").values_list("version", flat=True))
"""


class ScratchDatabase:
    """A database of the suite's kind, beside the test database, that can be made anew."""

    def __init__(self, tmp_path, suffix="recreated"):
        settings = connection.settings_dict
        self.postgresql = connection.vendor == "postgresql"
        if self.postgresql:
            self.name = f"{settings['NAME']}_{suffix}"
            self.server = {key.lower(): settings[key] for key in ("USER", "PASSWORD", "HOST", "PORT") if settings[key]}
            login = ":".join(filter(None, (settings["USER"], settings["PASSWORD"])))
            self.url = f"postgres://{login}@{settings['HOST']}:{settings['PORT']}/{self.name}"
        else:
            self.file = tmp_path / "db.sqlite3"
            self.url = f"sqlite:///{self.file}"

    def drop(self, create=False):
        if not self.postgresql:
            self.file.unlink(missing_ok=True)
            return
        server = psycopg2.connect(dbname="postgres", **self.server)
        server.autocommit = True
        with server.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{self.name}"')
            if create:
                cursor.execute(f'CREATE DATABASE "{self.name}"')
        server.close()


@pytest.fixture
def scratch_database(tmp_path):
    database = ScratchDatabase(tmp_path)
    yield database
    database.drop()


def test_a_recreated_database_never_serves_the_cache_of_the_one_before(tmp_path, scratch_database):
    """make serve's case: workers share a file cache that outlives the database."""
    env = production_env(
        tmp_path,
        DJANGO_HTTPS="0",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_CACHE_DIR=str(tmp_path / "cache"),
        DATABASE_URL=scratch_database.url,
    )

    def new_database_with(title, *versions):
        scratch_database.drop(create=True)
        migrated = run(["manage.py", "migrate", "--noinput", "--verbosity", "0"], env)
        assert migrated.returncode == 0, migrated.stderr
        result = run(["-c", FEED_AFTER_A_NEW_INCIDENT, title, *versions], env)
        assert result.returncode == 0, result.stderr
        return result.stdout

    first = new_database_with("In the first database")
    assert "In the first database" in first
    seen = first.split("versions ")[-1].split()

    second = new_database_with("In the recreated database", *seen)
    assert f"versions {' '.join(seen)}" in second, "the versions collide"
    assert "In the recreated database" in second
    assert "In the first database" not in second
