"""Accounts: failed logins lock a username from an IP, passwords must be strong, the admin is for staff only."""

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from incidents.models import Incident
from tests.admin_forms import change_form_data
from tests.conftest import logged_in
from tests.factories import make_incident

pytestmark = pytest.mark.django_db
LOGIN_URL = reverse("admin:login")
PASSWORD = "A-long-test-passphrase-7"


def log_in(client, username, password):
    return client.post(LOGIN_URL, {"username": username, "password": password, "next": "/admin/"})


def is_logged_in(client):
    return "_auth_user_id" in client.session


def fail_logins(client, username, times):
    for _ in range(times):
        log_in(client, username, "not-the-password")


def test_repeated_failures_lock_that_username_from_that_ip(analyst):
    client = Client()
    fail_logins(client, "analyst", settings.AXES_FAILURE_LIMIT)

    response = log_in(client, "analyst", PASSWORD)
    assert response.status_code == 429
    assert not is_logged_in(client)


def test_the_lockout_leaves_other_usernames_from_the_same_ip_alone(analyst, editor):
    client = Client()
    fail_logins(client, "analyst", settings.AXES_FAILURE_LIMIT)

    response = log_in(client, "editor", PASSWORD)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_a_successful_login_resets_the_failure_count(analyst):
    client = Client()
    fail_logins(client, "analyst", settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, "analyst", PASSWORD).status_code == 302
    client.logout()

    fail_logins(client, "analyst", settings.AXES_FAILURE_LIMIT - 1)
    assert log_in(client, "analyst", PASSWORD).status_code == 302
    assert is_logged_in(client)


@pytest.mark.parametrize(
    "password, reason",
    [
        ("Sh0rt-pass", "password_too_short"),
        ("password1234", "password_too_common"),
        ("382947561092", "password_entirely_numeric"),
        ("marianne.kowalski", "password_too_similar"),
    ],
)
def test_weak_passwords_are_rejected(password, reason):
    with pytest.raises(ValidationError) as rejected:
        validate_password(password, User(username="marianne.kowalski"))
    assert [error.code for error in rejected.value.error_list] == [reason]


def test_a_strong_password_passes():
    assert validate_password("Copper-lantern-river-42", User(username="marianne.kowalski")) is None


def test_a_non_staff_user_cannot_reach_the_admin():
    user = User.objects.create_user(username="reader", password=PASSWORD)
    response = logged_in(user).get("/admin/")
    assert response.status_code == 302
    assert response.url.startswith(LOGIN_URL)


def test_an_analyst_cannot_delete_a_published_incident(analyst_client):
    published = make_incident(status="published")
    response = analyst_client.post(reverse("admin:incidents_incident_delete", args=[published.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Incident.objects.filter(pk=published.pk).exists()


def test_an_analyst_cannot_bulk_delete(analyst_client):
    published = make_incident(status="published")
    analyst_client.post(
        reverse("admin:incidents_incident_changelist"),
        {"action": "delete_selected", "_selected_action": [published.pk], "post": "yes"},
    )
    assert Incident.objects.filter(pk=published.pk).exists()


def test_an_analyst_cannot_retract_a_published_incident(analyst_client):
    published = make_incident(status="published")
    data = change_form_data(published, status="retracted", retraction_reason="The source withdrew the report.")
    response = analyst_client.post(reverse("admin:incidents_incident_change", args=[published.pk]), data)
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.status == "published"
