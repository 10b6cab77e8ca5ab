"""The real servers the deployment tests need: Redis, a streaming PostgreSQL replica, gunicorn.

Where one is missing the tests skip and say why — unless REQUIRE_REDIS=1 / REQUIRE_REPLICA=1
(as in .ci/run, which starts them), where that is a failure.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent
REDIS_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/0")
REPLICA_PORT = int(os.environ.get("REPLICA_PORT", "5433"))


def unavailable(requirement, reason):
    """Skip, or fail where the run requires the server (REQUIRE_REDIS=1, REQUIRE_REPLICA=1)."""
    if os.environ.get(requirement) == "1":
        pytest.fail(reason)
    pytest.skip(reason)


def needs_postgresql(requirement, why):
    if connection.vendor != "postgresql":
        unavailable(requirement, f"needs PostgreSQL: {why}")


def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        unavailable("REQUIRE_REDIS", f"no Redis at {REDIS_URL} (REDIS_TEST_URL; apt-get install redis-server)")
    return client


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url():
    """The test database as a URL, for servers in other processes."""
    settings = connection.settings_dict
    host = f"{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}"
    return f"postgres://{settings['USER']}@{host}/{settings['NAME']}"


class Gunicorn:
    """`gunicorn config.wsgi` with one worker on a free port of 127.0.0.1, with `env` added."""

    def __init__(self, **env):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        command = [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "-b", f"127.0.0.1:{self.port}"]
        self.process = subprocess.Popen(
            [*command, "-w", "1", "--timeout", "120", "--log-level", "warning"],
            cwd=ROOT,
            env={**os.environ, "DJANGO_ALLOWED_HOSTS": "127.0.0.1", "DJANGO_DEBUG": "0", "DJANGO_HTTPS": "0", **env},
        )
        self.wait()

    def wait(self, seconds=180):
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn on port {self.port} exited with {self.process.returncode}")
            try:
                urllib.request.urlopen(f"{self.url}/static/css/site.css", timeout=5)  # noqa: S310 - our own server
                return
            except urllib.error.HTTPError:
                return  # it answers
            except OSError:
                time.sleep(0.2)
        raise RuntimeError(f"gunicorn on port {self.port} did not answer")

    def request(self, path, data=None, headers=None):
        """(status, headers, body) of a GET, or a POST of `data` (bytes); redirects not followed."""
        request = urllib.request.Request(self.url + path, data=data, headers=headers or {})
        opener = urllib.request.build_opener(NoRedirects)
        try:
            with opener.open(request, timeout=60) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
