"""Behind the TLS proxy (DJANGO_BEHIND_TLS_PROXY=1) the login lockout counts failures per
username and client address, the client being the X-Forwarded-For entry the trusted proxies
wrote: every request's REMOTE_ADDR is the proxy's, and the entries left of the trusted ones
are the client's own to forge."""

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.test import Client

from tests.test_accounts import PASSWORD, fail_logins, is_logged_in, log_in
from tests.test_production_settings import production_env, production_settings, run

pytestmark = pytest.mark.django_db
PROXY = "10.0.0.2"


@pytest.fixture
def behind_proxy(settings):
    """What config.settings sets with DJANGO_BEHIND_TLS_PROXY=1 (checked below)."""
    settings.AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


def through_proxy(forwarded_for):
    """A client whose requests arrive from the proxy, which appended `forwarded_for`'s last entry."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded_for)


def test_failures_from_one_client_do_not_lock_the_user_out_from_another(behind_proxy, analyst):
    fail_logins(through_proxy("203.0.113.5"), "analyst", django_settings.AXES_FAILURE_LIMIT)
    assert log_in(through_proxy("203.0.113.5"), "analyst", PASSWORD).status_code == 429

    other = through_proxy("198.51.100.7")
    assert log_in(other, "analyst", PASSWORD).status_code == 302
    assert is_logged_in(other)


def test_a_forged_leftmost_forwarded_address_does_not_dodge_the_lockout(behind_proxy, analyst):
    for attempt in range(django_settings.AXES_FAILURE_LIMIT):
        fail_logins(through_proxy(f"192.0.2.{attempt}, 203.0.113.5"), "analyst", 1)
    attacker = through_proxy("192.0.2.99, 203.0.113.5")
    assert log_in(attacker, "analyst", PASSWORD).status_code == 429
    assert not is_logged_in(attacker)


def test_with_two_proxies_the_entry_the_outer_one_wrote_is_the_client(behind_proxy, analyst):
    behind_proxy.TRUSTED_PROXY_COUNT = 2
    for attempt in range(django_settings.AXES_FAILURE_LIMIT):
        fail_logins(through_proxy(f"192.0.2.{attempt}, 203.0.113.5, 10.0.0.1"), "analyst", 1)
    assert log_in(through_proxy("203.0.113.5, 10.0.0.1"), "analyst", PASSWORD).status_code == 429
    assert log_in(through_proxy("198.51.100.7, 10.0.0.1"), "analyst", PASSWORD).status_code == 302


@pytest.mark.parametrize("forwarded_for", ["", "not-an-address", "203.0.113.5; DROP TABLE", " , "])
def test_without_a_readable_client_address_the_proxys_own_is_locked(behind_proxy, analyst, forwarded_for):
    fail_logins(through_proxy(forwarded_for), "analyst", django_settings.AXES_FAILURE_LIMIT)
    assert log_in(through_proxy("garbage"), "analyst", PASSWORD).status_code == 429
    assert log_in(through_proxy("198.51.100.7"), "analyst", PASSWORD).status_code == 302


def test_without_the_proxy_a_forwarded_header_is_ignored(analyst):
    for attempt in range(django_settings.AXES_FAILURE_LIMIT):
        fail_logins(Client(HTTP_X_FORWARDED_FOR=f"192.0.2.{attempt}"), "analyst", 1)
    assert log_in(Client(HTTP_X_FORWARDED_FOR="198.51.100.7"), "analyst", PASSWORD).status_code == 429


def test_the_proxy_setting_reads_the_client_address_and_the_proxy_count(tmp_path):
    env = production_env(tmp_path, DJANGO_BEHIND_TLS_PROXY="1", DJANGO_TRUSTED_PROXY_COUNT="2")
    assert production_settings(env, "AXES_CLIENT_IP_CALLABLE", "TRUSTED_PROXY_COUNT") == {
        "AXES_CLIENT_IP_CALLABLE": "config.client_ip.client_ip",
        "TRUSTED_PROXY_COUNT": 2,
    }
    assert production_settings(production_env(tmp_path), "AXES_CLIENT_IP_CALLABLE", "TRUSTED_PROXY_COUNT") == {
        "AXES_CLIENT_IP_CALLABLE": None,
        "TRUSTED_PROXY_COUNT": 1,
    }


@pytest.mark.parametrize("count", ["0", "-1", "two", ""])
def test_an_unreadable_proxy_count_stops_the_server_with_a_reason(tmp_path, count):
    result = run(["manage.py", "check"], production_env(tmp_path, DJANGO_TRUSTED_PROXY_COUNT=count))
    assert result.returncode != 0
    assert ImproperlyConfigured.__name__ in result.stderr
    assert "DJANGO_TRUSTED_PROXY_COUNT is the number of proxies in front" in result.stderr
