"""Production settings: check --deploy is clean, HTTPS only, and every response carries the
security headers and a Content-Security-Policy without inline code.

Settings are read once per process, so the production configuration (DJANGO_DEBUG=0) is
tried in subprocesses with their own environment; the suite itself runs with DJANGO_HTTPS=0
(pytest.ini), as plain http on 127.0.0.1.
"""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from tests.factories import make_claim, make_group, make_incident

ROOT = Path(__file__).resolve().parents[1]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)


def production_env(tmp_path, **overrides):
    """The environment of a production server: no DEBUG, its own key and host names."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MAP_"))}
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="incidents.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        DJANGO_SETTINGS_MODULE="config.settings",
    )
    env.update(overrides)
    return env


def run(args, env):
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def csp_directives(header):
    """{directive: value}: django-csp joins the directives in set order, which follows the hash
    seed, so a test reads them by name and never matches a piece of the header's text."""
    directives = (part.strip().partition(" ") for part in header.split(";") if part.strip())
    return {name: value for name, _, value in directives}


def production_settings(env, *names):
    values = f"{{n: getattr(settings, n, None) for n in {names!r}}}"
    code = f"import json; from config import settings; print(json.dumps({values}))"
    result = run(["-c", code], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_is_clean_in_production(tmp_path):
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (0 silenced)" in result.stdout


def test_plain_http_mode_silences_only_the_https_checks_it_turns_off(tmp_path):
    env = production_env(tmp_path, DJANGO_HTTPS="0")
    result = run(["manage.py", "check", "--deploy", "--fail-level", "WARNING"], env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues (4 silenced)" in result.stdout
    values = production_settings(
        env, "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SILENCED_SYSTEM_CHECKS"
    )
    # (the models' checks silenced on SQLite, W040 for its indexes without INCLUDE, are not HTTPS's)
    security = [check for check in values.pop("SILENCED_SYSTEM_CHECKS") if check.startswith("security.")]
    assert security == ["security.W004", "security.W008", "security.W012", "security.W016"]
    assert values == {"SECURE_SSL_REDIRECT": False, "SESSION_COOKIE_SECURE": False, "SECURE_HSTS_SECONDS": 0}


def test_production_is_https_only(tmp_path):
    values = production_settings(
        production_env(tmp_path),
        "DEBUG",
        "SECURE_SSL_REDIRECT",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SECURE_PROXY_SSL_HEADER",
    )
    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "SECURE_HSTS_SECONDS": 31536000,
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
        "SECURE_HSTS_PRELOAD": True,
        "SECURE_PROXY_SSL_HEADER": None,
    }


def test_behind_a_tls_proxy_its_forwarded_protocol_is_trusted(tmp_path):
    env = production_env(tmp_path, DJANGO_BEHIND_TLS_PROXY="1")
    assert production_settings(env, "SECURE_PROXY_SSL_HEADER") == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"]
    }


def test_a_production_server_redirects_to_https_and_sends_hsts_and_secure_cookies(tmp_path):
    code = """
from django.test import Client
import django; django.setup()
client = Client(HTTP_HOST="incidents.example.org")
plain = client.get("/admin/login/")
print(plain.status_code, plain["Location"])
proxied = client.get("/admin/login/", HTTP_X_FORWARDED_PROTO="https")
print(proxied.status_code, proxied["Strict-Transport-Security"], proxied.cookies["csrftoken"]["secure"])
"""
    result = run(["-c", code], production_env(tmp_path, DJANGO_BEHIND_TLS_PROXY="1"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "301 https://incidents.example.org/admin/login/",
        "200 max-age=31536000; includeSubDomains; preload True",
    ]


def test_the_tile_servers_origin_is_allowed_for_images(tmp_path):
    env = production_env(tmp_path, MAP_TILES_URL="https://{s}.tiles.example.net:8443/osm/{z}/{x}/{y}.png")
    img_src = production_settings(env, "CONTENT_SECURITY_POLICY")["CONTENT_SECURITY_POLICY"]["DIRECTIVES"]["img-src"]
    assert img_src == ["'self'", "data:", "https://*.tiles.example.net:8443"]


@pytest.mark.django_db
def test_responses_carry_the_policy_and_the_security_headers(client):
    response = client.get(reverse("overview"))
    policy = csp_directives(response["Content-Security-Policy"])
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["img-src"] == "'self' data: https://tile.openstreetmap.org"
    assert policy["default-src"] == "'self'" and policy["object-src"] == "'none'"
    assert policy["frame-ancestors"] == "'none'" and policy["base-uri"] == "'none'"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


@pytest.mark.django_db
def test_no_page_has_an_inline_script(client, analyst_client):
    incident = make_incident()
    group = make_group()
    make_claim(incident, group)
    pages = [
        client.get(path)
        for path in (
            "/",
            "/incidents/",
            incident.get_absolute_url(),
            "/groups/",
            f"/groups/{group.slug}/",
            "/api/docs/",
        )
    ]
    pages += [
        analyst_client.get(path)
        for path in (
            "/admin/",
            "/admin/incidents/incident/add/",
            "/admin/incidents/location/add/",
            "/admin/incidents/incident/",
        )
    ]
    for response in pages:
        assert response.status_code == 200, response.request["PATH_INFO"]
        assert not INLINE_SCRIPT.findall(response.content.decode()), response.request["PATH_INFO"]


def test_the_api_docs_start_up_script_is_a_file_of_its_own(client):
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_with_a_cache_dir_the_processes_of_a_server_share_one_cache(tmp_path):
    env = production_env(tmp_path, DJANGO_CACHE_DIR=str(tmp_path / "cache"))
    setup = "import django; django.setup(); from django.core.cache import cache; "
    assert run(["-c", setup + "cache.set('answer', 42)"], env).returncode == 0
    result = run(["-c", setup + "print(cache.get('answer'))"], env)
    assert result.stdout.strip() == "42", result.stderr


def test_gunicorn_serves_production_mode_with_whitenoise(tmp_path):
    """What make serve runs: migrate, collectstatic, then gunicorn with hashed static files."""
    env = production_env(
        tmp_path,
        DJANGO_HTTPS="0",
        DJANGO_STATIC_MANIFEST="1",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_CACHE_DIR=str(tmp_path / "cache"),
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        result = run(["manage.py", *command, "--verbosity", "0"], env)
        assert result.returncode == 0, result.stderr
    port = free_port()
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "config.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "2"],
        cwd=ROOT,
        env=env,
        stderr=subprocess.DEVNULL,
    )
    try:
        page = fetch(f"http://127.0.0.1:{port}/")
        stylesheet = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', page.read().decode()).group(1)
        assert csp_directives(page.headers["Content-Security-Policy"])["script-src"] == "'self'"
        static = fetch(f"http://127.0.0.1:{port}{stylesheet}")
        assert static.status == 200
        assert "immutable" in static.headers["Cache-Control"]  # whitenoise: hashed names are cached for good
    finally:
        server.terminate()
        server.wait(timeout=30)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url):
    """The response once the server answers (it is still starting for a moment)."""
    for _ in range(150):
        try:
            return urllib.request.urlopen(url, timeout=30)
        except urllib.error.URLError:
            time.sleep(0.2)
    raise AssertionError(f"no answer from {url}")
