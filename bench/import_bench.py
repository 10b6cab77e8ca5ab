"""Times imports of N rows into an empty database: our own export of the bench database (native),
or raw ACLED and GTD files (bench/publisher_files.py: GTD's thin sample rows, or every column
of its layout, gtd-wide). Each run imports into a fresh copy of a migrated empty database, in a
process of its own, and reports the import's own time (not
Python's start-up) and the process's peak memory. New incidents are drafts: not every row of the
samples the files repeat is complete enough to publish (the publication gate), and the figure is
the import's, not the gate's.

On PostgreSQL each run also times the import's ceiling: the incidents it wrote, written again
by a bare `COPY` into a copy of their table with the same indexes and checks (no trigger, no
history, no foreign key, no claim, source or link, no Python). No import that stores these rows
as they are stored can be faster: it is what a rows/s target is judged against.

Run by bench/run.py: `import_bench.py N postgresql|sqlite native|acled|gtd|gtd-wide RUNS`; prints one
line per run: `rows seconds peak_MB ceiling_seconds` (the ceiling 0 on SQLite: not measured).
"""

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
# per process: two benches at once (on one server) never share a database
TEMPLATE = f"incidents_import_template_{os.getpid()}"
TARGET = f"incidents_import_bench_{os.getpid()}"
SERVER = "postgresql://postgres@127.0.0.1:5432/postgres"

# The import in a process of its own: its time, and the process's peak memory (ru_maxrss).
CHILD = """
import os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from incidents.imports import run_import
started = time.perf_counter()
with open({path!r}, "rb") as file:
    report = run_import(file, {file_format!r}, publish=False)
seconds = time.perf_counter() - started
assert report.ok and report.written, report.summary()
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
ceiling = 0
from django.db import connection
if connection.vendor == "postgresql":
    import io
    with connection.cursor() as cursor:
        written = io.BytesIO()
        cursor.copy_expert("COPY incidents_incident TO STDOUT", written)
        written.seek(0)
        cursor.execute("CREATE TEMPORARY TABLE ceiling (LIKE incidents_incident INCLUDING ALL)")
        started = time.perf_counter()
        cursor.copy_expert("COPY ceiling FROM STDIN", written)
        ceiling = time.perf_counter() - started
print(report.rows, seconds, peak, ceiling)
"""


def native_file(rows, path):
    """Our own export of the first `rows` published incidents of the bench database (bench/run.py loads it)."""
    import django

    django.setup()
    from django.test import Client

    from incidents.models import Incident

    last = Incident.objects.published().order_by("date", "pk").values_list("date", flat=True)[rows - 1]
    response = Client().get(f"/incidents/export.csv?date_before={last}")
    header, *lines = b"".join(response.streaming_content).split(b"\n")
    with open(path, "wb") as file:
        file.write(b"\n".join([header, *lines[:rows]]) + b"\n")


def postgres(sql):
    import psycopg2

    connection = psycopg2.connect(SERVER)
    connection.autocommit = True
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)
    connection.close()


def migrated_template(vendor, folder):
    """An empty, migrated database to copy for each run: its URL."""
    if vendor == "postgresql":
        postgres([f"DROP DATABASE IF EXISTS {TEMPLATE}", f"CREATE DATABASE {TEMPLATE}"])
        url = f"postgres://postgres@127.0.0.1:5432/{TEMPLATE}"
    else:
        url = f"sqlite:///{folder}/template.sqlite3"
    env = {**os.environ, "DATABASE_URL": url}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    return url


def fresh_copy(vendor, folder):
    """A copy of the template for one run: its URL."""
    if vendor == "postgresql":
        postgres([f"DROP DATABASE IF EXISTS {TARGET}", f"CREATE DATABASE {TARGET} TEMPLATE {TEMPLATE}"])
        return f"postgres://postgres@127.0.0.1:5432/{TARGET}"
    shutil.copy(f"{folder}/template.sqlite3", f"{folder}/import.sqlite3")
    return f"sqlite:///{folder}/import.sqlite3"


def main():
    rows, vendor, file_format, runs = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
    folder = tempfile.mkdtemp()
    path = f"{folder}/import.csv"
    if file_format == "native":
        native_file(rows, path)
    else:
        from publisher_files import FILES, IMPORTED_AS

        with open(path, "wb") as file:
            FILES[file_format](rows, file)
        file_format = IMPORTED_AS.get(file_format, file_format)
    try:
        migrated_template(vendor, folder)
        for _ in range(runs):
            env = {**os.environ, "DATABASE_URL": fresh_copy(vendor, folder)}
            code = CHILD.format(root=str(ROOT), path=path, file_format=file_format)
            result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
            if result.returncode:
                sys.exit(result.stderr.strip().splitlines()[-1])
            print(result.stdout.strip(), flush=True)
    finally:
        shutil.rmtree(folder)
        if vendor == "postgresql":
            postgres([f"DROP DATABASE IF EXISTS {TARGET}", f"DROP DATABASE IF EXISTS {TEMPLATE}"])


if __name__ == "__main__":
    main()
