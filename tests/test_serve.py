"""make serve's gunicorn: a response that streams for longer than the worker timeout arrives
whole (gunicorn's default sync worker was killed mid-stream, after the 200 had gone out)."""

import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

from tests import slow_stream

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 3  # seconds; the stream lasts 7.5


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_make_serve_runs_gunicorn_with_the_projects_settings():
    serve = (ROOT / "Makefile").read_text().split("\nserve:")[1].split("\n\n")[0]
    assert "gunicorn config.wsgi --config config/gunicorn.py" in serve


def test_a_response_streaming_longer_than_the_timeout_arrives_whole():
    port = free_port()
    command = [sys.executable, "-m", "gunicorn", "--config", "config/gunicorn.py", "--bind", f"127.0.0.1:{port}"]
    command += ["--workers", "1", "--timeout", str(TIMEOUT), "--log-level", "warning", "tests.slow_stream:application"]
    server = subprocess.Popen(command, cwd=ROOT)
    try:
        body = fetch(f"http://127.0.0.1:{port}/")
    finally:
        server.terminate()
        server.wait()
    assert body.splitlines() == [f"row {n}" for n in range(slow_stream.CHUNKS)]
    assert slow_stream.CHUNKS * slow_stream.EVERY > 2 * TIMEOUT, "the stream outlasts the timeout"


def fetch(url):
    """The body, waiting for the server to start listening."""
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=60) as response:
                return response.read().decode()
        except ConnectionRefusedError:
            pass
        except urllib.error.URLError as error:
            if not isinstance(error.reason, ConnectionRefusedError):
                raise
        time.sleep(0.1)
    raise AssertionError("gunicorn did not start")
