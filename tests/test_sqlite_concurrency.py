"""SQLite, the default database: a long write (an import in the admin's background thread) leaves
the site readable. Its connections run in write-ahead-log mode and wait for a lock before failing
(config/settings.py)."""

import sqlite3

import pytest
from django.conf import settings

OPTIONS = settings.DATABASES["default"].get("OPTIONS", {})
pytestmark = pytest.mark.skipif(
    settings.DATABASES["default"]["ENGINE"] != "django.db.backends.sqlite3",
    reason="the settings of SQLite's connections",
)


def connect(path):
    """A connection as Django opens one with the settings' OPTIONS."""
    connection = sqlite3.connect(path, timeout=OPTIONS["timeout"], isolation_level=None)
    connection.execute(OPTIONS["init_command"])
    return connection


def test_a_reader_is_not_locked_out_by_a_write_that_spills_to_the_file(tmp_path):
    path = tmp_path / "db.sqlite3"
    writer = connect(path)
    writer.execute("CREATE TABLE incidents (summary TEXT)")
    writer.execute("PRAGMA cache_size = 1")  # a large transaction's pages go to the file before commit
    writer.execute("BEGIN")
    writer.executemany("INSERT INTO incidents VALUES (?)", [("x" * 500,)] * 5000)
    reader = sqlite3.connect(path, timeout=0.1)
    assert reader.execute("SELECT count(*) FROM incidents").fetchone() == (0,)
    writer.execute("COMMIT")
    assert reader.execute("SELECT count(*) FROM incidents").fetchone() == (5000,)


def test_a_writer_waits_for_another_instead_of_failing_at_once():
    assert OPTIONS["timeout"] >= 10
