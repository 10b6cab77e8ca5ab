"""Unpublishing is an editor's explicit, logged step with a reason — never a silent way to a
deletion: an incident that was ever public can't be deleted, whatever its status now."""

import pytest
from django.contrib.admin.models import LogEntry
from django.db.models import ProtectedError
from django.urls import reverse

from incidents.models import Incident
from tests.admin_forms import change_form_data
from tests.factories import make_incident

pytestmark = pytest.mark.django_db
LIST_URL = reverse("admin:incidents_incident_changelist")


def url(name, incident):
    return reverse(f"admin:incidents_incident_{name}", args=[incident.pk])


@pytest.mark.parametrize("status", ["published", "retracted"])
def test_the_change_form_refuses_to_set_a_public_incident_back_to_draft(editor_client, status):
    incident = make_incident(status=status, retraction_reason="Duplicate." if status == "retracted" else "")
    response = editor_client.post(url("change", incident), change_form_data(incident, status="draft"))
    assert response.status_code == 200
    assert "only through “Unpublish”" in response.content.decode()
    incident.refresh_from_db()
    assert incident.status == status


def test_an_incident_that_was_ever_public_cannot_be_deleted_even_as_a_draft(editor_client):
    unpublished = make_incident(status="published", title="Was public")
    Incident.objects.filter(pk=unpublished.pk).update(status="draft")  # however it got there
    legacy = make_incident(status="draft", title="Published in its history only")
    legacy.status = "published"
    legacy.save()
    Incident.objects.filter(pk=legacy.pk).update(status="draft", published_at=None)
    for incident in (unpublished, legacy):
        incident.refresh_from_db()
        assert editor_client.post(url("delete", incident), {"post": "yes"}).status_code == 403
        with pytest.raises(ProtectedError, match="was public once"):
            incident.delete()
    response = editor_client.post(
        LIST_URL, {"action": "delete_selected", "_selected_action": [unpublished.pk, legacy.pk], "post": "yes"}
    )
    assert "was public once" in response.content.decode()
    assert Incident.objects.count() == 2


def test_an_incident_loaded_in_bulk_without_a_publication_time_stays_on_record_once_unpublished(editor_client):
    """The seed is loaded as raw rows: published, with no publication time and no history. Once
    unpublished it must still be undeletable, and a change to it still needs a correction note."""
    loaded = make_incident(status="published", title="From the seed")
    Incident.objects.filter(pk=loaded.pk).update(published_at=None)
    loaded.history.all().delete()
    assert editor_client.post(url("unpublish", loaded), {"reason": "Checking the sources."}).status_code == 302
    loaded.refresh_from_db()
    assert loaded.status == "draft" and loaded.published_at is not None
    assert editor_client.post(url("delete", loaded), {"post": "yes"}).status_code == 403
    assert Incident.objects.public_once().filter(pk=loaded.pk).exists()


def test_an_editor_unpublishes_with_a_reason_recorded_in_the_history_and_the_log(editor_client, editor):
    incident = make_incident(status="published")
    assert "Unpublish" in editor_client.get(url("change", incident)).content.decode()
    page = editor_client.get(url("unpublish", incident))
    assert page.status_code == 200
    response = editor_client.post(url("unpublish", incident), {"reason": ""})
    assert response.status_code == 200 and "This field is required" in response.content.decode()

    reason = "Single source; waiting for confirmation."
    response = editor_client.post(url("unpublish", incident), {"reason": reason})
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.status, incident.updated_by) == ("draft", editor)
    latest = incident.history.latest("history_date")
    assert (latest.status, latest.history_user, latest.history_change_reason) == ("draft", editor, reason)
    assert LogEntry.objects.get(object_id=str(incident.pk)).get_change_message() == f"Unpublished: {reason}"
    assert editor_client.post(url("delete", incident), {"post": "yes"}).status_code == 403
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_only_editors_unpublish_and_only_published_incidents(analyst_client, editor_client):
    published = make_incident(status="published")
    retracted = make_incident(status="retracted", retraction_reason="Duplicate.")
    assert "Unpublish" not in analyst_client.get(url("change", published)).content.decode()
    assert analyst_client.post(url("unpublish", published), {"reason": "Mine now."}).status_code == 403
    assert "Unpublish" not in editor_client.get(url("change", retracted)).content.decode()
    assert editor_client.post(url("unpublish", retracted), {"reason": "Hide it."}).status_code == 403
    assert sorted(Incident.objects.values_list("status", flat=True)) == ["published", "retracted"]


def test_a_draft_never_published_can_still_be_deleted(editor_client):
    draft = make_incident(status="draft")
    assert editor_client.post(url("delete", draft), {"post": "yes"}).status_code == 302
    assert not Incident.objects.exists()
