"""Several app servers share one cache in Redis (CACHE_URL): a result one computes, the other
serves, and a publish through one is on the other's next response."""

import json
import re
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.db import connection
from django.test import Client

from config.settings import cache_settings
from incidents.dataversion import DataVersion
from incidents.models import Incident
from incidents.triggers import install as install_triggers
from tests.factories import make_incident, make_publishable_draft, make_staff
from tests.servers import REDIS_URL, Gunicorn, database_url, needs_postgresql, redis_client

CHART = "/incidents/chart.json"


def test_cache_url_chooses_djangos_redis_cache_and_refuses_another_scheme(monkeypatch):
    monkeypatch.setattr("config.settings.CACHE_URL", "redis://cache.internal:6379/1")
    assert cache_settings() == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/1",
        "TIMEOUT": 24 * 3600,
    }
    monkeypatch.setattr("config.settings.CACHE_URL", "memcached://cache.internal")
    with pytest.raises(Exception, match="CACHE_URL must be a redis://"):
        cache_settings()
    monkeypatch.setattr("config.settings.CACHE_URL", "")
    assert cache_settings()["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.fixture
def two_servers():
    needs_postgresql("REQUIRE_REDIS", "the two servers share the test database")
    redis = redis_client()
    env = {"DATABASE_URL": database_url(), "CACHE_URL": REDIS_URL, "DJANGO_SECRET_KEY": secret_key()}
    servers = []
    try:
        servers += [Gunicorn(**env), Gunicorn(**env)]
        yield redis, *servers
    finally:
        for server in servers:
            server.stop()


def secret_key():
    from django.conf import settings

    return settings.SECRET_KEY


def cached_keys(redis):
    """This database's entries in the shared cache (keys hold the database's identity)."""
    database_uid, _ = DataVersion.current()
    return set(redis.scan_iter(f"*:{database_uid}:*"))


def total(server):
    status, _, body = server.request(CHART)
    assert status == 200
    return json.loads(body)["total"]


def publish_through(server, incident, editor):
    """The admin's publish action, as an editor's browser posts it."""
    client = Client()
    client.force_login(editor)
    session = f"sessionid={client.cookies['sessionid'].value}"
    changelist = "/admin/incidents/incident/"
    status, headers, body = server.request(changelist, headers={"Cookie": session})
    assert status == 200
    csrf = SimpleCookie(headers["Set-Cookie"])["csrftoken"].value
    assert re.search(rb'name="csrfmiddlewaretoken"', body)
    form = {"action": "publish_selected", "_selected_action": incident.pk, "csrfmiddlewaretoken": csrf, "index": 0}
    status, _, _ = server.request(
        changelist, data=urlencode(form).encode(), headers={"Cookie": f"{session}; csrftoken={csrf}"}
    )
    assert status == 302


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("migrated_data")
def test_two_servers_share_redis_and_a_publish_through_one_is_on_the_others_next_response(two_servers):
    redis, first, second = two_servers
    install_triggers(connection)  # the version rows, made again if an earlier test's flush left none
    make_incident()
    draft = make_publishable_draft()
    editor = make_staff("editor", "Editor")
    assert total(first) == 1
    computed = cached_keys(redis)
    assert computed, "the first server's results are in Redis"
    assert total(second) == 1
    assert cached_keys(redis) == computed, "the second server served the first's results"
    publish_through(first, draft, editor)
    assert Incident.objects.get(pk=draft.pk).status == Incident.Status.PUBLISHED
    assert total(second) == 2
