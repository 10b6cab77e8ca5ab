"""A connection that died between two requests (PostgreSQL restarted, or a backend was
terminated) is replaced before the next request uses it: no worker answers a 500 for it.

Django checks a reused connection only at the start of a request (CONN_HEALTH_CHECKS); the
test client skips that step, so requests go through the WSGI handler, as in a server.
"""

import psycopg2
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection
from django.test import RequestFactory
from django.urls import reverse

from tests.factories import make_incident

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("migrated_data"),  # a flushed database: the governorates again
    pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend"),
]


def status_of(path):
    """The status a server would answer, request signals and all."""
    statuses = []
    WSGIHandler()(RequestFactory().get(path).environ, lambda status, headers: statuses.append(status))
    return int(statuses[0].split()[0])


def terminate_backend_of(alive):
    """Ends the server process behind `alive` from a second connection, as a restart does."""
    pid = alive.connection.get_backend_pid()
    settings = alive.settings_dict
    other = psycopg2.connect(
        dbname=settings["NAME"],
        **{key.lower(): settings[key] for key in ("USER", "PASSWORD", "HOST", "PORT") if settings[key]},
    )
    other.autocommit = True
    with other.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        assert cursor.fetchone() == (True,)
    other.close()


def test_a_connection_terminated_between_two_requests_is_replaced(settings):
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    make_incident()
    assert status_of(reverse("incident_list")) == 200
    assert connection.connection is not None, "the connection is kept between requests (CONN_MAX_AGE)"

    terminate_backend_of(connection)

    assert status_of(reverse("incident_list")) == 200
