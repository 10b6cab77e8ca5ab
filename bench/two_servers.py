"""Two app servers sharing Redis, reading a streaming replica: a short load run (docs/deployment.md).

Starts two gunicorns on 127.0.0.1 against make bench's database (BENCH_DATABASE_URL), both with
CACHE_URL (Redis) and DATABASE_REPLICA_URLS (the replica .ci/replica.sh starts on port 5433),
then --readers threads fetch public pages from the two in turn for --duration seconds, from
an empty cache (or, with --keep-cache, from what Redis kept of the last run: the servers are
new, the shared cache is not). Prints requests/s, median and 99th percentile per page, and errors. No reverse
proxy is involved: the readers alternate between the servers as a round-robin proxy would.

    .venv/bin/python bench/two_servers.py --readers 8 --duration 30
"""

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PAGES = {
    "overview": "/",
    "list": "/incidents/",
    "list, page 100": "/incidents/?page=100",
    "chart": "/incidents/chart.json",
    "chart, rockets 2020": "/incidents/chart.json?type=rocket&date_after=2020-01-01&date_before=2020-12-31",
    "map, z6": "/incidents/map.geojson?bbox=38,29,49,38&zoom=6",
    "groups": "/groups/",
}


def arguments():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--readers", type=int, default=8)
    parser.add_argument("--duration", type=int, default=30)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    parser.add_argument(
        "--database", default=os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/incidents_bench")
    )
    parser.add_argument("--replica", default=None, help="the replica's URL (default: the database on port 5433)")
    parser.add_argument("--cache", default=os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--keep-cache", action="store_true", help="start from what Redis holds, not from cold")
    return parser.parse_args()


def serve(port, args):
    replica = args.replica or args.database.replace(":5432/", ":5433/")
    env = {
        **os.environ,
        "DATABASE_URL": args.database,
        "DATABASE_REPLICA_URLS": replica,
        "CACHE_URL": args.cache,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_HTTPS": "0",
        "DJANGO_DEBUG": "0",
    }
    gunicorn = Path(sys.executable).parent / "gunicorn"
    command = [
        str(gunicorn),
        "config.wsgi",
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(args.workers),
        "--log-level",
        "warning",
    ]
    return subprocess.Popen(command, cwd=ROOT, env=env)


def wait(url):
    for _ in range(600):
        try:
            urllib.request.urlopen(url + "/static/css/site.css", timeout=10).read()  # noqa: S310 - 127.0.0.1
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer")


def reader(servers, until, timings, errors, number):
    turn = number
    while time.monotonic() < until:
        for name, path in PAGES.items():
            url = servers[turn % len(servers)] + path
            turn += 1
            started = time.perf_counter()
            try:
                urllib.request.urlopen(url, timeout=60).read()  # noqa: S310 - 127.0.0.1
                timings.setdefault(name, []).append((time.perf_counter() - started) * 1000)
            except OSError as error:
                errors.append(f"{path}: {error}")


def main():
    args = arguments()
    ports = (8781, 8782)
    processes = [serve(port, args) for port in ports]
    servers = [f"http://127.0.0.1:{port}" for port in ports]
    try:
        for url in servers:
            wait(url)
        if not args.keep_cache:
            subprocess.run(["redis-cli", "-u", args.cache, "flushdb"], check=True, capture_output=True)  # cold
        timings, errors = {}, []
        until = time.monotonic() + args.duration
        threads = [
            threading.Thread(target=reader, args=(servers, until, timings, errors, n)) for n in range(args.readers)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        for process in processes:
            process.terminate()
            process.wait()
    total = sum(len(values) for values in timings.values())
    start = "the cache Redis kept" if args.keep_cache else "cold"
    print(
        f"{args.readers} readers, {args.duration} s, 2 servers × {args.workers} workers, Redis, 1 replica, from {start}"
    )
    print(f"{total / args.duration:,.1f} requests/s, {len(errors)} errors {errors[:3]}")
    print("| page | requests | median | p99 |\n|---|---|---|---|")
    for name, values in timings.items():
        p99 = statistics.quantiles(values, n=100)[98] if len(values) > 1 else values[0]
        print(f"| {name} | {len(values)} | {statistics.median(values):,.0f} ms | {p99:,.0f} ms |")


if __name__ == "__main__":
    main()
