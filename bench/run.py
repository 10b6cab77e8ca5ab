"""make bench: load N synthetic incidents, then print what users wait for.

Not a test: it prints figures. PostgreSQL with 1,000,000 incidents by default;
`--sqlite` uses a SQLite file with 100,000. The database is kept between runs (it is only
topped up to N), so a second run starts measuring at once.

Each page is fetched through Django's test client. The headline is "cold": its first request
after a public write (an UPDATE of one published incident's killed figure, which changes the
public data version, so nothing cached before is reused), measured `--runs` times (min /
median / max); the row is met when the median is within the target. "Warm" (the median of
`--repeat` requests at the same data version) is shown beside it, for comparison. The admin's
rows follow a write to a draft, which changes the version every admin page is cached under.
Exports and imports are also run `--runs` times: median, with min and max.
"""

import argparse
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
    parser.add_argument("--repeat", type=int, default=5, help="warm requests per figure (median)")
    parser.add_argument("--runs", type=int, default=3, help="cold requests per figure, runs of each export and import")
    parser.add_argument("--skip-import", action="store_true", help="leave out the import figures")
    parser.add_argument(
        "--imports-only", action="store_true", help="only the import figures (the database is loaded to the rows' size)"
    )
    parser.add_argument(
        "--import-rows",
        type=int,
        default=int(os.environ.get("BENCH_IMPORT_ROWS", 20_000)),
        help="rows per import figure (default 20,000, or BENCH_IMPORT_ROWS; the targets are for 100,000)",
    )
    parser.add_argument("--import-runs", type=int, default=3, help="imports per figure (median, min and max)")
    parser.add_argument("--skip-gunicorn", action="store_true", help="leave out the export through gunicorn")
    parser.add_argument("--skip-xlsx", action="store_true", help="leave out the spreadsheet export")
    parser.add_argument(
        "--exports-only", action="store_true", help="only the export figures (and the imports', unless --skip-import)"
    )
    parser.add_argument("--pages-only", action="store_true", help="only the first table (pages), no exports or imports")
    parser.add_argument("--skip-search", action="store_true", help="leave out the q search rows of the pages' table")
    parser.add_argument("--search-only", action="store_true", help="only the q search rows of the pages' table")
    return parser.parse_args()


def setup_django(database_url):
    """Django on database_url, created first if it is a PostgreSQL database that is missing."""
    from config.database import ensure_database

    ensure_database(database_url)
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    os.environ.setdefault("DJANGO_HTTPS", "0")  # plain http on this machine: no redirect to https
    import django

    django.setup()


def load(count):
    from django.core.management import call_command
    from django.db import connection

    from incidents.models import Incident

    call_command("migrate", verbosity=0)
    have = Incident.objects.count()
    if have < count:
        print(f"Loading {count - have:,} synthetic incidents (once; kept for later runs) …", flush=True)
        call_command("generate_incidents", count=count - have, seed=have + 1, verbosity=1)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    return Incident.objects.count()


def spread(values, unit="ms", digits=0):
    """min / median / max"""
    return " / ".join(f"{value:,.{digits}f}" for value in (min(values), statistics.median(values), max(values))) + (
        f" {unit}" if unit else ""
    )


class Pages:
    def __init__(self, repeat, runs):
        from django.contrib.auth import get_user_model
        from django.test import Client

        from incidents.models import Incident

        self.client, self.repeat, self.runs = Client(), repeat, runs
        admin, _ = get_user_model().objects.get_or_create(
            username="bench-admin", defaults={"is_staff": True, "is_superuser": True}
        )
        self.admin_client = Client()
        self.admin_client.force_login(admin)
        self.published = Incident.objects.counted().order_by("pk").values_list("pk", flat=True).first()
        self.draft = (
            Incident.objects.filter(status=Incident.Status.DRAFT).order_by("pk").values_list("pk", flat=True).first()
        )
        self.writes = {}

    def write(self, public=True):
        """A write readers see (one published incident's killed figure, up then down again), or
        for the admin a write to a draft: every cached result is then of an older version."""
        from django.db.models import F
        from django.db.models.functions import Coalesce

        from incidents.models import Incident

        pk = self.published if public else self.draft
        self.writes[pk] = self.writes.get(pk, 0) + 1
        step = 1 if self.writes[pk] % 2 else -1  # up then down again, per incident: never below 0
        Incident.objects.filter(pk=pk).update(killed=Coalesce(F("killed"), 0) + step)

    def fetch(self, url, client):
        started = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert response.status_code == 200, (url, response.status_code)
        return (time.perf_counter() - started) * 1000, len(body)

    def figure(self, label, url, target_ms=300, max_kb=None, admin=False):
        client = self.admin_client if admin else self.client
        cold = []
        for _ in range(self.runs):
            self.write(public=not admin)
            elapsed, size = self.fetch(url, client)
            cold.append(elapsed)
        warm = statistics.median(self.fetch(url, client)[0] for _ in range(self.repeat))
        met = statistics.median(cold) <= target_ms and (max_kb is None or size <= max_kb * 1024)
        target = f"≤ {target_ms} ms" + (f", ≤ {max_kb} KB" if max_kb else "")
        return label, spread(cold), f"{warm:,.0f} ms", f"{size / 1024:,.0f} KB", target, "yes" if met else "NO"


def busiest_group():
    from django.db.models import Count

    from incidents.models import Group

    return Group.objects.annotate(claims_count=Count("claims")).order_by("-claims_count", "pk").first()


def page_figures(pages, published):
    from incidents.models import Incident

    incident = Incident.objects.published().order_by("-pk").first()
    group = busiest_group()
    deep_page = max(1, published // 50 // 2)
    filtered_chart = (
        f"/incidents/chart.json?type=rocket&date_after=2018-01-01&date_before=2021-12-31&group={group.slug}"
    )
    return [
        pages.figure("overview", "/"),
        pages.figure("list, first page", "/incidents/"),
        pages.figure(f"list, page {deep_page:,} (the middle)", f"/incidents/?page={deep_page}"),
        pages.figure("incident detail", f"/incidents/{incident.pk}/"),
        pages.figure("groups list", "/groups/"),
        pages.figure(f"group page ({group.name})", f"/groups/{group.slug}/"),
        pages.figure("chart.json, unfiltered", "/incidents/chart.json"),
        pages.figure("chart.json, type + dates + group", filtered_chart),
        pages.figure("map.geojson, Iraq, zoom 6", "/incidents/map.geojson?bbox=38,29,49,38&zoom=6", max_kb=300),
        pages.figure(
            "map.geojson, Baghdad, zoom 13", "/incidents/map.geojson?bbox=44.30,33.25,44.45,33.40&zoom=13", max_kb=300
        ),
        # The overview map's first request: no bbox, for the extent it fits (clusters at zoom 6).
        pages.figure("map.geojson, no bbox (fitting)", "/incidents/map.geojson", 200, 300),
        pages.figure("governorates.json, unfiltered", "/incidents/governorates.json", 150),
        pages.figure("governorates.json, type=rocket", "/incidents/governorates.json?type=rocket", 150),
        pages.figure("governorates.json, headline=attacks", "/incidents/governorates.json?headline=attacks", 150),
        # PlaceTally has no dates: a date filter counts the incidents per place.
        pages.figure(
            "governorates.json, type=rocket + dates",
            "/incidents/governorates.json?type=rocket&date_after=2020-01-01&date_before=2020-12-31",
            150,
        ),
        pages.figure(
            "map.geojson, Iraq, zoom 6, type=rocket",
            "/incidents/map.geojson?bbox=38,29,49,38&zoom=6&type=rocket",
            max_kb=300,
        ),
        # Every public figure leaves duplicates out (duplicate_of IS NULL) unless asked: the same
        # pages without that condition, for comparison.
        pages.figure("overview, include_duplicates=on", "/?include_duplicates=on"),
        pages.figure(
            f"list, page {deep_page:,}, include_duplicates=on", f"/incidents/?page={deep_page}&include_duplicates=on"
        ),
        pages.figure("admin changelist, first page", "/admin/incidents/incident/", admin=True),
    ]


def search_figures(pages):
    """The q search (incidents.search): a group's alias respelled, a governorate in Arabic (a
    large share of the data, all ranked), words of titles, the overview (where its search box
    leads), with the filters the pages' form offers beside it, and the admin's search box."""
    searches = [
        ("list, q=Kataeb 3 (a group's alias, respelled)", "/incidents/?q=Kataeb+3"),
        ("list, q=بغداد (a governorate in Arabic)", "/incidents/?q=%D8%A8%D8%BA%D8%AF%D8%A7%D8%AF"),
        ("list, q=drone attack (words of titles)", "/incidents/?q=drone+attack"),
        ("list, q=zzyzx (no match)", "/incidents/?q=zzyzx"),
        ("API, q=Kataeb 3", "/api/incidents/?q=Kataeb+3"),
        # The overview's search box searches the overview: its figures, chart and map count every match.
        ("overview, q=Kataeb 3", "/?q=Kataeb+3"),
        # A search with each of the form's other filters.
        ("list, q=Kataeb 3, governorate", "/incidents/?q=Kataeb+3&governorate=baghdad"),
        ("overview, q=Kataeb 3, governorate", "/?q=Kataeb+3&governorate=baghdad"),
        ("list, q=Kataeb 3, type", "/incidents/?q=Kataeb+3&type=rocket"),
        ("overview, q=drone attack, type", "/?q=drone+attack&type=drone"),
        ("list, q=Kataeb 3, target", "/incidents/?q=Kataeb+3&target=military_base"),
        ("list, q=Kataeb 3, confidence", "/incidents/?q=Kataeb+3&confidence=high"),
        ("list, q=drone, sorted by killed", "/incidents/?q=drone&sort=-killed"),
        ("list, q=drone, group", f"/incidents/?q=drone&group={busiest_group().slug}"),
    ]
    return [
        *(pages.figure(label, url, 200) for label, url in searches),
        pages.figure("admin changelist, q=Baghdad", "/admin/incidents/incident/?q=Baghdad", 300, admin=True),
    ]


EXPORT_CHILD = """
import os, resource, sys, time
sys.path.insert(0, {root!r})
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
import django
django.setup()
from django.test import Client
started = time.perf_counter()
response = Client().get({path!r})
rows = -1
for chunk in response.streaming_content:
    rows += chunk.count(b"\\n")
print(rows, time.perf_counter() - started, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def export_through_test_client(path="/incidents/export.csv"):
    """An export in a fresh process, so its peak memory is its own: (CSV rows, seconds, MB)."""
    result = subprocess.run(
        [sys.executable, "-c", EXPORT_CHILD.format(root=str(ROOT), path=path)],
        capture_output=True,
        text=True,
        check=True,
        env=os.environ.copy(),
    )
    rows, seconds, peak_kb = result.stdout.split()
    return int(rows), float(seconds), int(peak_kb) / 1024


def wait_for_gunicorn(port):
    """Until the server on port answers (its workers take a moment to start)."""
    import urllib.request

    for _ in range(300):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/incidents/chart.json", timeout=60).read()
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{port}")


def export_through_gunicorn(port=8765):
    """The CSV export from one gunicorn worker over HTTP: (rows, seconds, worker's peak MB)."""
    import urllib.request

    env = {**os.environ, "DJANGO_ALLOWED_HOSTS": "127.0.0.1"}
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "-b",
            f"127.0.0.1:{port}",
            "-w",
            "1",
            "--timeout",
            "600",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        url = f"http://127.0.0.1:{port}/incidents/export.csv"
        wait_for_gunicorn(port)
        started = time.perf_counter()
        rows = -1
        with urllib.request.urlopen(url, timeout=600) as response:
            while block := response.read(1 << 16):
                rows += block.count(b"\n")
        seconds = time.perf_counter() - started
        workers = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        peak_kb = max(
            int(line.split()[1])
            for pid in workers
            for line in Path(f"/proc/{pid}/status").read_text().splitlines()
            if line.startswith("VmHWM")
        )
        return rows, seconds, peak_kb / 1024
    finally:
        server.terminate()
        server.wait()


def copy_rows_per_second(sql=None):
    """PostgreSQL's own COPY into a null sink: of the export's exact query, or of `sql`."""
    from django.db import connection

    from incidents.exports.copy import copy_sql
    from incidents.models import Incident

    if connection.vendor != "postgresql":
        return None

    class Sink:
        lines = 0

        def write(self, data):
            self.lines += bytes(data).count(b"\n")
            return len(data)

    sink = Sink()
    sql = sql or copy_sql(Incident.objects.published(), "http://127.0.0.1")
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.cursor.copy_expert(sql, sink)
    return (sink.lines - (0 if "HEADER" not in sql else 1)) / (time.perf_counter() - started)


# The physical limit the export is judged against: PostgreSQL writing the incidents table as it is.
RAW_TABLE_COPY = "COPY incidents_incident TO STDOUT"


IMPORT_FORMATS = ("native", "acled", "gtd", "gtd-wide")
# rows a second an import of 100,000 rows must reach (the targets), by database
IMPORT_TARGETS = {"postgresql": 20_000, "sqlite": 5_000}
IMPORT_MEMORY_MB = 300  # peak, for a file of a million rows


def import_figure(file_format, rows, runs):
    """`runs` imports of `rows` rows (our export, or a raw ACLED or GTD file), each into an empty
    database of the same kind: a row of the table, rows/s as the median (min–max) of the runs;
    on PostgreSQL a second row, the import's ceiling (bench/import_bench.py)."""
    from django.db import connection

    script = ROOT / "bench" / "import_bench.py"
    result = subprocess.run(
        [sys.executable, str(script), str(rows), connection.vendor, file_format, str(runs)],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
    )
    label = f"import, {file_format} CSV, {rows:,} rows (×{runs})"
    if result.returncode:
        error = result.stderr.strip().splitlines()[-1][:200] if result.stderr.strip() else result.returncode
        return [(label, "", f"failed: {error}", "", "", "NO")]
    figures = [line.split() for line in result.stdout.strip().splitlines()]
    rates = [int(read) / float(seconds) for read, seconds, _, _ in figures]
    peak = max(float(peak_mb) for _, _, peak_mb, _ in figures)
    target = IMPORT_TARGETS[connection.vendor]
    met = statistics.median(rates) >= target and peak <= IMPORT_MEMORY_MB
    row = (
        label,
        f"{statistics.median(float(seconds) for _, seconds, _, _ in figures):.1f} s",
        f"{statistics.median(rates):,.0f} rows/s ({min(rates):,.0f}–{max(rates):,.0f})",
        f"peak {peak:,.0f} MB",
        f"≥ {target:,} rows/s, ≤ {IMPORT_MEMORY_MB} MB",
        "yes" if met else "NO",
    )
    ceilings = [int(read) / float(seconds) for read, _, _, seconds in figures if float(seconds)]
    if not ceilings:
        return [row]
    ceiling = (
        f"  ceiling: its incidents alone, one COPY (×{runs})",
        f"{statistics.median(float(seconds) for *_, seconds in figures):.1f} s",
        f"{statistics.median(ceilings):,.0f} rows/s ({min(ceilings):,.0f}–{max(ceilings):,.0f})",
        "",
        f"≥ {target:,} rows/s",
        "yes" if statistics.median(ceilings) >= target else "NO",
    )
    return [row, ceiling]


def import_rows(args):
    return [
        row for file_format in IMPORT_FORMATS for row in import_figure(file_format, args.import_rows, args.import_runs)
    ]


XLSX_INCIDENTS = 100_000


def xlsx_figure(runs):
    """The spreadsheet of (about) the first 100,000 published incidents: a date_before filter that selects them."""
    from incidents.filters import IncidentFilter
    from incidents.models import Incident

    published = Incident.objects.published()
    dates = published.order_by("date").values_list("date", flat=True)
    query = {} if dates.count() <= XLSX_INCIDENTS else {"date_before": f"{dates[XLSX_INCIDENTS - 1]:%Y-%m-%d}"}
    incidents = IncidentFilter(query, queryset=published).qs.count()
    path = "/incidents/export.xlsx" + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")
    results = [export_through_test_client(path) for _ in range(runs)]
    peak_mb = max(peak for _, _, peak in results)
    return (
        "XLSX export (4 sheets), test client",
        f"{incidents:,} incidents in {spread([seconds for _, seconds, _ in results], 's', 1)}",
        spread([incidents / seconds for _, seconds, _ in results], "incidents/s"),
        f"peak {peak_mb:,.0f} MB",
        "≤ 200 MB",
        "yes" if peak_mb <= 200 else "NO",
    )


def machine():
    import django
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version" if connection.vendor == "postgresql" else "SELECT sqlite_version()")
        database = cursor.fetchone()[0]
    memory = ""
    if Path("/proc/meminfo").exists():
        memory = f", {int(Path('/proc/meminfo').read_text().split()[1]) / 2**20:.0f} GiB"
    return (
        f"{platform.machine()}, {os.cpu_count()} cores{memory}; Python {platform.python_version()}, "
        f"Django {django.get_version()}, {connection.vendor} {database}"
    )


def print_table(rows):
    """A Markdown table, printed at once (the pages' before the slower exports and imports)."""
    widths = [max(len(str(row[i])) for row in rows) for i in range(len(rows[0]))]
    for index, row in enumerate(rows):
        print("| " + " | ".join(str(cell).ljust(widths[i]) for i, cell in enumerate(row)) + " |")
        if index == 0:
            print("|" + "|".join("-" * (w + 2) for w in widths) + "|")
    sys.stdout.flush()


def export_runs(args):
    """{figure: [rows/s per run]} and the peak MB of each path, the runs interleaved so that a
    change in the machine's load falls on every figure alike."""
    rates, peaks = {}, {}
    paths = [("CSV export, test client", export_through_test_client)]
    if not args.skip_gunicorn:
        paths.append(("CSV export, gunicorn (1 worker)", export_through_gunicorn))
    for _ in range(args.runs):
        for label, export in paths:
            exported, seconds, peak_mb = export()
            rates.setdefault(label, []).append(exported / seconds)
            peaks[label] = max(peaks.get(label, 0), peak_mb)
        for label, sql in (("raw", RAW_TABLE_COPY), ("query", None)):
            rate = copy_rows_per_second(sql)
            if rate:
                rates.setdefault(label, []).append(rate)
    return rates, peaks


def export_rows(args):
    rates, peaks = export_runs(args)
    raw = statistics.median(rates["raw"]) if "raw" in rates else None
    target = "≥ 50% of raw-table COPY, ≤ 200 MB" if raw else "≥ 50,000 rows/s, ≤ 200 MB"
    rows = []
    for label in [label for label in rates if label not in ("raw", "query")]:
        rate = statistics.median(rates[label])
        share = f"; {rate / raw:.0%} of raw-table COPY" if raw else ""
        met = (rate >= 0.5 * raw if raw else rate >= 50_000) and peaks[label] <= 200
        rows.append(
            (
                label,
                f"median of {args.runs}",
                spread(rates[label], "rows/s"),
                f"peak {peaks[label]:,.0f} MB{share}",
                target,
                "yes" if met else "NO",
            )
        )
    if not args.skip_xlsx:
        rows.append(xlsx_figure(args.runs))
    if raw:
        rows.append(("PostgreSQL COPY of the export's query", "", spread(rates["query"], "rows/s"), "", "", ""))
        rows.append(("PostgreSQL COPY of the incidents table", "", spread(rates["raw"], "rows/s"), "", "the limit", ""))
    if not args.skip_import:
        rows += import_rows(args)
    return rows


def main():
    args = arguments()
    count = args.count or (100_000 if args.sqlite else 1_000_000)
    if args.imports_only:
        count = args.count or args.import_rows * 5 // 4  # the native file is our export of the first published ones
    (ROOT / "var").mkdir(exist_ok=True)
    setup_django(os.environ.get("BENCH_DATABASE_URL", SQLITE_URL if args.sqlite else PG_URL))
    total = load(count)
    from incidents.models import Incident

    published = Incident.objects.published().count()
    print(
        f"\n{machine()}; load average {os.getloadavg()[0]:.1f}\n{total:,} incidents ({published:,} published); "
        f"cold = first request after a public write, min / median / max of {args.runs}; "
        f"warm = median of {args.repeat} at the same data version\n",
        flush=True,
    )
    if args.imports_only:
        print_table([("what", "time (median)", "rows/s (min–max)", "memory", "target", "met"), *import_rows(args)])
        return
    if not args.exports_only:
        pages = Pages(args.repeat, args.runs)
        header = ("what", "cold (min / median / max)", "warm", "size", "target (cold median)", "met")
        rows = [] if args.search_only else page_figures(pages, published)
        print_table([header, *rows, *([] if args.skip_search else search_figures(pages))])
        if args.pages_only or args.search_only:
            return
        print(flush=True)
    print_table([("what", "runs (min / median / max)", "rate", "peak memory", "target", "met"), *export_rows(args)])


if __name__ == "__main__":
    main()
