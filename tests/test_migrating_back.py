"""Rolling a release back: `migrate incidents <earlier>` on a database in use, then forward again.

The tallies' and the stored export cells' SQL is written for the latest tables: migrated back to
an earlier state (0025: the place tallies without their type), post_migrate counted the tallies
with it and failed. On SQLite, a migration that rebuilds a table failed on the data-version
triggers naming it. Both directions now leave a database that passes the database checks, with
its tallies equal to a direct count."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

from tests.test_database_identity import ScratchDatabase

SEED = str(settings.BASE_DIR / "fixtures" / "iraq_2019_2020.json")
COUNTS = """
from incidents.models import Incident, Tally
from django.db.models import Sum
print(Tally.objects.aggregate(n=Sum("incidents"))["n"], Incident.objects.published().count())
"""
# On PostgreSQL, the rows of the words counted incidents are found by (incidents.found_words):
# those the table holds, and those the incidents give now.
FOUND_WORDS = """
from django.db import connection
from incidents import found_words
columns = ", ".join(["word", "incident_id", *found_words.COLUMNS])
with connection.cursor() as cursor:
    for rows in (found_words.TABLE, f"({found_words.rows_sql('incidents_incident')}) now"):
        cursor.execute(
            f"SELECT COUNT(*), md5(string_agg(t::text, ',' ORDER BY t::text)) FROM (SELECT {columns} FROM {rows}) t"
        )
        print(*cursor.fetchone())
"""


@pytest.fixture
def scratch_database(tmp_path):
    database = ScratchDatabase(tmp_path, suffix="migrated_back")
    database.drop(create=True)
    yield database
    database.drop()


def manage(database, *args):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DATABASE_URL=database.url, DJANGO_SETTINGS_MODULE="config.settings", DJANGO_HTTPS="0")
    command = [sys.executable, "manage.py", *args]
    result = subprocess.run(command, cwd=settings.BASE_DIR, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stderr[-3000:]}"
    return result.stdout


def test_a_database_in_use_migrates_back_two_releases_and_forward_again(scratch_database):
    manage(scratch_database, "migrate", "--noinput", "-v0")
    manage(scratch_database, "loaddata", "-v0", SEED)
    manage(scratch_database, "migrate", "incidents", "0025", "--noinput", "-v0")  # place tallies of another shape
    manage(scratch_database, "migrate", "incidents", "0020", "--noinput", "-v0")  # before the tallies
    manage(scratch_database, "migrate", "--noinput", "-v0")
    assert "no issues" in manage(scratch_database, "check", "--database", "default")
    tallied, published = manage(scratch_database, "shell", "-c", COUNTS).split()[-2:]
    assert int(published) > 0
    assert tallied == published
    if "postgres" in scratch_database.url:
        kept, now = manage(scratch_database, "shell", "-c", FOUND_WORDS).strip().splitlines()[-2:]
        assert kept == now and int(kept.split()[0]) > 0
