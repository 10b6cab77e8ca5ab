"""incidents.E001: a database whose data-version triggers went missing — caches silently
stale — fails `manage.py check --database …`; a migrated one passes, plain `check` needs no
database, and `migrate` is not stopped by the check but installs the triggers again."""

import io
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db import connection

from incidents import triggers

ROOT = Path(__file__).resolve().parents[1]
# One trigger of each database's set, and how to drop it.
DROPPED = {
    "sqlite": ("incidents_claim_insert_changed", "DROP TRIGGER incidents_claim_insert_changed"),
    "postgresql": ("incidents_claim_changed", "DROP TRIGGER incidents_claim_changed ON incidents_claim"),
}


def drop_a_trigger():
    name, statement = DROPPED[connection.vendor]
    with connection.cursor() as cursor:
        cursor.execute(statement)
    return name


@pytest.mark.django_db
def test_a_migrated_database_passes_the_check():
    assert triggers.check_installed(databases=["default"]) == []
    out = io.StringIO()
    call_command("check", databases=["default"], stdout=out)
    assert "no issues" in out.getvalue()


@pytest.mark.django_db
def test_a_missing_trigger_is_error_e001_naming_it():
    name = drop_a_trigger()
    errors = triggers.check_installed(databases=["default"])
    assert [error.id for error in errors] == ["incidents.E001"]
    assert name in errors[0].hint
    with pytest.raises(SystemCheckError, match=r"incidents\.E001"):
        call_command("check", databases=["default"])


@pytest.mark.django_db
def test_without_a_database_the_check_reads_none(django_assert_num_queries):
    drop_a_trigger()
    with django_assert_num_queries(0):
        assert triggers.check_installed(databases=None) == []


def manage(*args, database):
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_SETTINGS_MODULE="config.settings", DJANGO_HTTPS="0")
    command = [sys.executable, "manage.py", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def test_check_passes_on_a_fresh_migrated_database_and_migrate_repairs_a_missing_trigger(tmp_path):
    database = tmp_path / "fresh.sqlite3"
    assert manage("migrate", "--noinput", database=database).returncode == 0
    passed = manage("check", "--database", "default", database=database)
    assert passed.returncode == 0 and "no issues" in passed.stdout, passed.stderr
    with sqlite3.connect(database) as db:
        db.execute(DROPPED["sqlite"][1])
    failed = manage("check", "--database", "default", database=database)
    assert failed.returncode != 0 and "incidents.E001" in failed.stderr
    assert "no issues" in manage("check", database=database).stdout  # plain check needs no database
    assert manage("migrate", "--noinput", database=database).returncode == 0
    assert manage("check", "--database", "default", database=database).returncode == 0
