"""gunicorn's settings for `make serve` (the Makefile adds the address, workers and threads).

Worker threads (gthread), not one process per request: each request runs in a thread while
the worker's own loop keeps telling gunicorn it is alive, so `timeout` is a heartbeat — a
worker that stops answering for 30 s is replaced — and not a limit on how long a request
may last. A streamed export of 1,000,000 rows takes longer than 30 s and keeps sending rows
all along; with the default sync worker gunicorn killed it at 30 s, mid-file, after the 200
had gone out (a truncated download that looked complete).
"""

worker_class = "gthread"
timeout = 30
# On a restart (a deploy, SIGHUP or SIGTERM) a worker finishes what it serves for this long:
# a whole export, and most background imports (an import cut off here is rolled back).
graceful_timeout = 300
# The application is loaded once, in the master, and its templates, URLs and translations made
# ready there (config/warmup.py) before the workers are forked: a new worker's first requests
# are as fast as its later ones. A code change needs a restart (not SIGHUP) to be loaded.
preload_app = True


def when_ready(server):
    from config.warmup import warm

    warm()
