"""make bench: load N synthetic incidents, then print medians of what users wait for.

Not a test: it prints figures. PostgreSQL with 1,000,000 incidents by default;
`--sqlite` uses a SQLite file with 100,000. The database is kept between runs (it is only
topped up to N), so a second run starts measuring at once.
"""

import argparse
import io
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PG_URL = "postgres://postgres@127.0.0.1:5432/incidents_bench"
SQLITE_URL = f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}"


def arguments():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sqlite", action="store_true", help="SQLite file, 100,000 incidents by default")
    parser.add_argument("--count", type=int, help="incidents to load (default 1,000,000; 100,000 with --sqlite)")
    parser.add_argument("--repeat", type=int, default=7, help="runs per figure (median)")
    parser.add_argument("--skip-import", action="store_true", help="leave out the 100k-row import figure")
    return parser.parse_args()


def setup_django(database_url):
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()


def ensure_postgres_database():
    import psycopg2

    connection = psycopg2.connect("postgresql://postgres@127.0.0.1:5432/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = 'incidents_bench'")
        if not cursor.fetchone():
            cursor.execute("CREATE DATABASE incidents_bench")
    connection.close()


def load(count):
    from django.core.management import call_command

    from incidents.models import Incident

    call_command("migrate", verbosity=0)
    have = Incident.objects.count()
    if have < count:
        print(f"Loading {count - have:,} synthetic incidents (once; kept for later runs) …", flush=True)
        started = time.perf_counter()
        call_command("generate_incidents", count=count - have, seed=have + 1, verbosity=1)
        print(f"  loaded in {time.perf_counter() - started:.0f} s", flush=True)
    from django.db import connection

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return Incident.objects.count()


def median_ms(action, repeat):
    action()  # warm-up
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


class Pages:
    def __init__(self, repeat):
        from django.contrib.auth import get_user_model
        from django.test import Client

        self.client, self.repeat = Client(), repeat
        User = get_user_model()
        admin, _ = User.objects.get_or_create(username="bench-admin", defaults={"is_staff": True,
                                                                                "is_superuser": True})
        self.admin_client = Client()
        self.admin_client.force_login(admin)

    def get(self, url, client=None):
        response = (client or self.client).get(url)
        assert response.status_code == 200, (url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        return len(body)

    def figure(self, label, url, client=None, target=None):
        size = self.get(url, client)
        ms = median_ms(lambda: self.get(url, client), self.repeat)
        return label, f"{ms:,.0f} ms", f"{size / 1024:,.0f} KB", target or ""


def page_figures(pages, count):
    from incidents.models import Group, Incident

    incident = Incident.objects.published().order_by("-pk").first()
    group = Group.objects.order_by("pk").first()
    deep_page = max(1, min(count // 50 // 2, 10000))
    rows = [
        pages.figure("list, first page", "/incidents/", target="≤ 150 ms"),
        pages.figure(f"list, page {deep_page:,}", f"/incidents/?page={deep_page}", target="≤ 150 ms"),
        pages.figure("incident detail", f"/incidents/{incident.pk}/", target="≤ 150 ms"),
        pages.figure("overview", "/", target="≤ 200 ms"),
        pages.figure("group page", f"/groups/{group.slug}/", target="≤ 150 ms"),
        pages.figure("map.geojson, country, zoom 6", "/incidents/map.geojson?bbox=38,29,49,38&zoom=6",
                     target="≤ 200 ms, ≤ 300 KB"),
        pages.figure("map.geojson, Baghdad, zoom 13",
                     "/incidents/map.geojson?bbox=44.30,33.25,44.45,33.40&zoom=13", target="≤ 200 ms, ≤ 300 KB"),
        pages.figure("chart.json, unfiltered", "/incidents/chart.json", target="≤ 150 ms"),
        pages.figure("chart.json, type + dates + group",
                     f"/incidents/chart.json?type=rocket&date_after=2018-01-01&date_before=2019-12-31"
                     f"&group={group.slug}", target="≤ 100 ms"),
        pages.figure("admin changelist, first page", "/admin/incidents/incident/", pages.admin_client,
                     target="≤ 150 ms"),
    ]
    return rows


EXPORT_CHILD = """
import os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
import django
django.setup()
from django.test import Client
started = time.perf_counter()
response = Client().get("/incidents/export.csv")
rows = -1
for chunk in response.streaming_content:
    rows += chunk.count(b"\\n")
seconds = time.perf_counter() - started
print(rows, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def export_figures():
    """The CSV export in a fresh process, so its peak memory is its own."""
    result = subprocess.run(
        [sys.executable, "-c", EXPORT_CHILD.format(root=str(ROOT))],
        capture_output=True, text=True, check=True, env=os.environ.copy(),
    )
    rows, seconds, peak_kb = result.stdout.split()
    return int(rows), float(seconds), int(peak_kb) / 1024


def copy_rows_per_second():
    """PostgreSQL's own COPY of the same joined rows: the physical limit."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    query = """
        COPY (SELECT i.id, i.uid, i.date, i.date_end, i.date_precision, i.type, i.target, i.title, i.summary,
                     l.name, g.name, l.country, l.latitude, l.longitude, l.geo_precision, i.killed, i.wounded,
                     i.confidence
              FROM incidents_incident i JOIN incidents_location l ON l.id = i.location_id
              LEFT JOIN incidents_governorate g ON g.id = l.governorate_id
              WHERE i.status = 'published' ORDER BY i.date, i.id) TO STDOUT WITH CSV HEADER
    """

    class Counter(io.RawIOBase):
        lines = 0

        def write(self, data):
            self.lines += bytes(data).count(b"\n")
            return len(data)

    sink = Counter()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(query, sink)
    return (sink.lines - 1) / (time.perf_counter() - started)


def import_figure(rows=100_000):
    """Native import of `rows` exported rows into an empty database of the same kind."""
    from django.db import connection

    script = ROOT / "bench" / "import_bench.py"
    result = subprocess.run([sys.executable, str(script), str(rows), connection.vendor],
                            capture_output=True, text=True, env=os.environ.copy())
    if result.returncode:
        return f"failed: {result.stderr.strip().splitlines()[-1] if result.stderr.strip() else result.returncode}"
    return result.stdout.strip()


def machine():
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT version()" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        database = cursor.fetchone()[0].split(",")[0]
    cpus = os.cpu_count()
    memory = ""
    if Path("/proc/meminfo").exists():
        memory = f", {int(Path('/proc/meminfo').read_text().split()[1]) / 2**20:.0f} GiB"
    return (f"{platform.node()} — {platform.machine()}, {cpus} cores{memory}; Python {platform.python_version()}, "
            f"Django {django.get_version()}, {connection.vendor} {database}")


def print_table(rows):
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("| " + " | ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)) + " |")
        if index == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")


def main():
    args = arguments()
    count = args.count or (100_000 if args.sqlite else 1_000_000)
    if args.sqlite:
        (ROOT / "var").mkdir(exist_ok=True)
        setup_django(os.environ.get("BENCH_DATABASE_URL", SQLITE_URL))
    else:
        ensure_postgres_database()
        setup_django(os.environ.get("BENCH_DATABASE_URL", PG_URL))
    total = load(count)
    from incidents.models import Incident

    published = Incident.objects.published().count()
    print(f"\n{machine()}\n{total:,} incidents ({published:,} published); medians of {args.repeat} runs\n")
    rows = [("what", "time", "size", "target")] + page_figures(Pages(args.repeat), published)
    exported, seconds, peak_mb = export_figures()
    export_rate = exported / seconds
    copy_rate = copy_rows_per_second()
    rows.append(("CSV export (test client), every row", f"{export_rate:,.0f} rows/s", f"{exported:,} rows",
                 "≥ 75% of COPY; ≥ 50k rows/s on SQLite"))
    rows.append(("CSV export peak memory (process)", f"{peak_mb:,.0f} MB", "", "≤ 200 MB"))
    if copy_rate:
        rows.append(("PostgreSQL COPY, same rows", f"{copy_rate:,.0f} rows/s", "",
                     f"export = {export_rate / copy_rate:.0%} of COPY"))
    if not args.skip_import:
        rows.append(("import, native CSV", import_figure(), "100,000 rows", ""))
    print_table(rows)


if __name__ == "__main__":
    main()
