"""make loadtest: gunicorn on PostgreSQL with 1,000,000 incidents, readers and analysts at once.

Only against 127.0.0.1. Uses make bench's database (incidents_bench, loaded once), makes
analyst accounts with passwords generated for this run, serves the site in production mode
(DEBUG off, hashed static files through whitenoise) with gunicorn, and runs
bench/locustfile.py headless for --duration seconds. Prints requests/s, median and 99th
percentile and errors per kind of request, then checks that every save the admin
confirmed is in the database as saved, and removes the run's incidents and accounts.
Exits non-zero if any request failed or any save is missing.
"""

import argparse
import csv
import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from pathlib import Path

import run as bench  # bench/run.py: the database and its 1,000,000 incidents

ROOT = bench.ROOT
OUT = ROOT / "var" / "loadtest"
LOCUST = ROOT / ".venv-loadtest" / "bin" / "locust"


def arguments():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--readers", type=int, default=24, help="simulated readers (default 24)")
    parser.add_argument("--analysts", type=int, default=4, help="simulated analysts saving through the admin")
    parser.add_argument("--duration", type=int, default=60, help="seconds of load (default 60)")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers (default 4)")
    parser.add_argument("--threads", type=int, default=4, help="threads per worker, as make serve (default 4)")
    parser.add_argument(
        "--warmup",
        type=int,
        default=0,
        help="seconds of the same load before the measured run, to fill the cache (default 0: cold)",
    )
    parser.add_argument("--count", type=int, default=1_000_000, help="incidents in the database")
    parser.add_argument("--port", type=int, default=8766)
    return parser.parse_args()


def make_analysts(count, marker):
    from django.contrib.auth.models import Group as Role
    from django.contrib.auth.models import User

    analyst = Role.objects.get(name="Analyst")
    accounts = []
    for number in range(1, count + 1):
        password = secrets.token_urlsafe(24)
        user = User.objects.create_user(f"{marker}-analyst-{number}", password=password, is_staff=True)
        user.groups.add(analyst)
        accounts.append((user.username, password))
    return accounts


def load_config(args, marker):
    from django.db.models import Count

    from incidents.models import Governorate, Group, Location

    return {
        "marker": marker,
        "analyst_count": args.analysts,
        "analysts": make_analysts(args.analysts, marker),
        "location": Location.objects.filter(latitude__isnull=False).order_by("pk").values_list("pk", flat=True)[0],
        "groups": list(
            Group.objects.annotate(claimed=Count("claims")).order_by("-claimed").values_list("slug", flat=True)[:5]
        ),
        "governorates": list(Governorate.objects.values_list("slug", flat=True)),
    }


def production_env(marker):
    """make serve's settings, but plain http on 127.0.0.1 and a new, empty shared cache."""
    return {
        **os.environ,
        "DJANGO_CACHE_DIR": str(OUT / f"{marker}-cache"),
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_MANIFEST": "1",
    }


def start_gunicorn(args, env):
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], cwd=ROOT, env=env, check=True
    )
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "config.wsgi",
            "--config",
            "config/gunicorn.py",
            "--bind",
            f"127.0.0.1:{args.port}",
            "--workers",
            str(args.workers),
            "--threads",
            str(args.threads),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    try:
        bench.wait_for_gunicorn(args.port)
    except SystemExit:
        server.terminate()
        raise
    return server


def run_locust(args, config, saves, duration, name):
    """One headless locust run; its figures per kind of request (the last row: all)."""
    env = {**os.environ, "LOADTEST_CONFIG": json.dumps(config), "LOADTEST_SAVES": str(saves)}
    users = args.readers + args.analysts
    with open(OUT / f"{name}.log", "w") as log:
        subprocess.run(
            [
                str(LOCUST),
                "-f",
                str(ROOT / "bench" / "locustfile.py"),
                "--headless",
                "--host",
                f"http://127.0.0.1:{args.port}",
                "--users",
                str(users),
                "--spawn-rate",
                str(users),
                "--run-time",
                f"{duration}s",
                "--stop-timeout",
                "30",
                "--csv",
                str(OUT / name),
                "--only-summary",
                "--loglevel",
                "WARNING",
                "--exit-code-on-error",
                "0",
            ],
            cwd=ROOT,
            env=env,
            check=True,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    with open(OUT / f"{name}_stats.csv", newline="") as stats:
        return list(csv.DictReader(stats))


def print_figures(rows, args):
    start = f"after {args.warmup} s of warm-up" if args.warmup else "from a cold cache"
    print(
        f"\n{bench.machine()}\n{args.readers} readers and {args.analysts} analysts for {args.duration} s {start}, "
        f"gunicorn with {args.workers} workers of {args.threads} threads, locust on the same machine\n"
    )
    table = [("request", "count", "req/s", "p50 ms", "p99 ms", "errors")]
    for row in rows:
        table.append(
            (
                row["Name"] if row["Name"] != "Aggregated" else "all",
                f"{int(row['Request Count']):,}",
                f"{float(row['Requests/s']):.1f}",
                row["50%"],
                row["99%"],
                row["Failure Count"],
            )
        )
    bench.print_table(table)
    return int(rows[-1]["Failure Count"])


def verify_saves(saves, marker):
    """Every save the admin confirmed is in the database as it was last saved."""
    from incidents.models import Incident

    expected = {}
    if saves.exists():
        for line in saves.read_text().splitlines():
            record = json.loads(line)
            expected[record["pk"]] = record
    stored = {i.pk: i for i in Incident.objects.filter(title__startswith=f"{marker} ")}
    missing = [
        pk
        for pk, record in expected.items()
        if pk not in stored or (stored[pk].title, stored[pk].summary) != (record["title"], record["summary"])
    ]
    edits = sum(record["summary"].startswith("Edited") for record in expected.values())
    print(
        f"\nSaved through the admin: {len(expected):,} incidents added, {edits:,} of them edited afterwards; "
        f"in the database as saved: {len(expected) - len(missing):,}; missing or different: {len(missing)}"
    )
    return missing


def clean_up(marker):
    from django.contrib.auth.models import User

    from incidents.models import Incident

    pks = list(Incident.objects.filter(title__startswith=f"{marker} ").values_list("pk", flat=True))
    Incident.objects.filter(pk__in=pks).delete()
    Incident.history.filter(id__in=pks).delete()  # after the delete, which adds a history row of its own
    User.objects.filter(username__startswith=f"{marker}-").delete()


def main():
    args = arguments()
    if not LOCUST.exists():
        raise SystemExit("locust is missing: run make loadtest (it installs requirements-loadtest.txt)")
    OUT.mkdir(parents=True, exist_ok=True)
    bench.setup_django(os.environ.get("BENCH_DATABASE_URL", bench.PG_URL))
    total = bench.load(args.count)
    marker = f"loadtest-{int(time.time())}"
    config = load_config(args, marker)
    saves = OUT / f"{marker}-saves.jsonl"
    print(f"{total:,} incidents; serving with gunicorn on 127.0.0.1:{args.port} …", flush=True)
    server = start_gunicorn(args, production_env(marker))
    try:
        warmup = [{"Request Count": "0", "Failure Count": "0"}]
        if args.warmup:
            print(f"Warming up for {args.warmup} s (not measured) …", flush=True)
            warmup = run_locust(args, config, saves, args.warmup, "warmup")
        rows = run_locust(args, config, saves, args.duration, "run")
    finally:
        server.terminate()
        server.wait()
    errors = print_figures(rows, args) + int(warmup[-1]["Failure Count"])
    if args.warmup:
        print(f"Warm-up: {int(warmup[-1]['Request Count']):,} requests, {warmup[-1]['Failure Count']} errors")
    missing = verify_saves(saves, marker)
    clean_up(marker)
    shutil.rmtree(OUT / f"{marker}-cache", ignore_errors=True)
    if errors or missing:
        raise SystemExit(
            f"FAILED: {errors} request errors, {len(missing)} saves missing (details: {OUT}/run_failures.csv)"
        )


if __name__ == "__main__":
    main()
