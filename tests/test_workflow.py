"""Analysts save drafts; only editors publish or retract; retraction keeps the record."""

import pytest
from django.db.models import ProtectedError
from django.urls import reverse

from incidents.models import Incident
from tests.admin_forms import change_form_data, incident_form_data
from tests.factories import make_incident, make_location, make_publishable_draft

pytestmark = pytest.mark.django_db
ADD_URL = reverse("admin:incidents_incident_add")
LIST_URL = reverse("admin:incidents_incident_changelist")


def change_url(incident):
    return reverse("admin:incidents_incident_change", args=[incident.pk])


def test_the_roles_hold_the_documented_permissions(analyst, editor):
    assert analyst.has_perm("incidents.add_incident") and analyst.has_perm("incidents.change_incident")
    assert not analyst.has_perm("incidents.publish_incident")
    assert not analyst.has_perm("incidents.delete_incident")
    assert editor.has_perm("incidents.publish_incident") and editor.has_perm("incidents.delete_incident")


def test_an_analysts_incident_is_a_draft_even_if_the_post_says_published(analyst_client):
    response = analyst_client.post(ADD_URL, incident_form_data(location=make_location(), status="published"))
    assert response.status_code == 302
    assert Incident.objects.get().status == "draft"


def test_an_analyst_edits_a_draft_but_cannot_publish_it(analyst_client):
    draft = make_incident(status="draft")
    response = analyst_client.post(change_url(draft), change_form_data(draft, title="Better title", status="published"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status) == ("Better title", "draft")


def test_an_analyst_cannot_change_a_published_incident(analyst_client):
    published = make_incident(status="published", title="As published")
    response = analyst_client.post(change_url(published), change_form_data(published, title="Changed"))
    assert response.status_code == 403
    published.refresh_from_db()
    assert published.title == "As published"
    assert "Change" not in analyst_client.get(change_url(published)).content.decode().split("<h1>")[1][:20]


def test_the_publish_action_is_offered_to_editors_only(analyst_client, editor_client):
    make_incident(status="draft")
    assert "publish_selected" not in analyst_client.get(LIST_URL).content.decode()
    assert "publish_selected" in editor_client.get(LIST_URL).content.decode()


def test_an_analyst_posting_the_publish_action_publishes_nothing(analyst_client):
    draft = make_incident(status="draft")
    analyst_client.post(LIST_URL, {"action": "publish_selected", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_an_editor_publishes_drafts_with_the_action(editor_client, editor):
    drafts = [make_publishable_draft() for _ in range(2)]
    response = editor_client.post(LIST_URL, {"action": "publish_selected", "_selected_action": [d.pk for d in drafts]})
    assert response.status_code == 302
    assert set(Incident.objects.values_list("status", flat=True)) == {"published"}
    assert set(Incident.objects.values_list("updated_by", flat=True)) == {editor.pk}


def test_an_editor_publishes_through_the_form(editor_client):
    draft = make_publishable_draft()
    assert editor_client.post(change_url(draft), change_form_data(draft, status="published")).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "published"


def test_retracting_asks_for_a_reason_and_keeps_the_record(editor_client):
    incident = make_incident(status="published")
    response = editor_client.post(change_url(incident), change_form_data(incident, status="retracted"))
    assert response.status_code == 200
    assert "Say why the incident is retracted." in response.content.decode()

    reason = "The source withdrew the report."
    response = editor_client.post(
        change_url(incident),
        change_form_data(incident, status="retracted", retraction_reason=reason, correction_note="Retracted."),
    )
    assert response.status_code == 302
    incident.refresh_from_db()
    assert (incident.status, incident.retraction_reason) == ("retracted", reason)
    assert not Incident.objects.published().exists()


def test_an_analyst_cannot_delete(analyst_client):
    draft = make_incident(status="draft")
    response = analyst_client.post(reverse("admin:incidents_incident_delete", args=[draft.pk]), {"post": "yes"})
    assert response.status_code == 403
    assert Incident.objects.filter(pk=draft.pk).exists()


def delete_url(incident):
    return reverse("admin:incidents_incident_delete", args=[incident.pk])


@pytest.mark.parametrize("status", ["published", "retracted"])
def test_not_even_an_editor_can_delete_a_published_or_retracted_incident(editor_client, status):
    incident = make_incident(status=status, retraction_reason="Duplicate." if status == "retracted" else "")
    assert editor_client.post(delete_url(incident), {"post": "yes"}).status_code == 403
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_a_bulk_delete_with_a_published_incident_in_it_deletes_nothing(editor_client):
    draft, published = make_incident(status="draft"), make_incident(status="published", title="Kept")
    response = editor_client.post(
        LIST_URL,
        {
            "action": "delete_selected",
            "_selected_action": [draft.pk, published.pk],
            "post": "yes",
        },
    )
    assert response.status_code == 200
    assert "Kept” has been published: retract it instead of deleting it." in response.content.decode()
    assert Incident.objects.count() == 2


def test_an_editor_can_delete_a_draft(editor_client):
    draft = make_incident(status="draft")
    assert editor_client.post(delete_url(draft), {"post": "yes"}).status_code == 302
    assert not Incident.objects.exists()


def test_the_model_refuses_to_delete_a_published_incident():
    incident = make_incident(status="published", title="Rockets at Balad")
    with pytest.raises(ProtectedError, match="Rockets at Balad.* has been published: retract it instead"):
        incident.delete()
    stale_copy = Incident.objects.get(pk=incident.pk)
    stale_copy.status = "draft"  # changed in memory only: the stored status decides
    with pytest.raises(ProtectedError):
        stale_copy.delete()
    assert Incident.objects.filter(pk=incident.pk).exists()


def test_a_retracted_incident_keeps_its_whole_history(editor_client):
    incident = make_publishable_draft(title="First title")
    editor_client.post(change_url(incident), change_form_data(incident, status="published"))
    incident.refresh_from_db()
    editor_client.post(
        change_url(incident),
        change_form_data(incident, status="retracted", retraction_reason="The source withdrew the report."),
    )
    assert [h.status for h in incident.history.order_by("history_date")] == ["draft", "published", "retracted"]
