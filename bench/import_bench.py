"""Times an import of N rows into an empty database: our own export of the bench database
(native), or raw ACLED and GTD files (bench/publisher_files.py). Prints rows/s and the
import's peak memory.

Run by bench/run.py in its own process: `import_bench.py N postgresql|sqlite [native|acled|gtd]`.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")


def export(rows):
    import django

    django.setup()
    from django.test import Client

    from incidents.models import Incident

    last = Incident.objects.published().order_by("date", "pk").values_list("date", flat=True)[rows - 1]
    response = Client().get(f"/incidents/export.csv?date_before={last}")
    data = b"".join(response.streaming_content)
    header, *lines = data.split(b"\n")
    return b"\n".join([header, *lines[:rows]]) + b"\n"


def empty_database(vendor):
    if vendor == "postgresql":
        import psycopg2

        connection = psycopg2.connect("postgresql://postgres@127.0.0.1:5432/postgres")
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute("DROP DATABASE IF EXISTS incidents_import_bench")
            cursor.execute("CREATE DATABASE incidents_import_bench")
        connection.close()
        return "postgres://postgres@127.0.0.1:5432/incidents_import_bench"
    return f"sqlite:///{tempfile.mkdtemp()}/import.sqlite3"


def main():
    rows, vendor = int(sys.argv[1]), sys.argv[2]
    file_format = sys.argv[3] if len(sys.argv) > 3 else "native"
    if file_format == "native":
        data = export(rows)
    else:
        from publisher_files import FILES

        data = FILES[file_format](rows)
    path = Path(tempfile.mkdtemp()) / "export.csv"
    path.write_bytes(data)
    target = empty_database(vendor)
    env = {**os.environ, "DATABASE_URL": target}
    import subprocess

    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "manage.py", "import_incidents", str(path), "--format", file_format, "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    seconds = time.perf_counter() - started
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)  # peak: the largest child, the import
    peak_mb = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime - before.ru_utime - before.ru_stime
    print(f"{rows / seconds:,.0f} rows/s ({seconds:.0f} s; Python's CPU {cpu:.0f} s, peak {peak_mb:,.0f} MB)")


if __name__ == "__main__":
    main()
