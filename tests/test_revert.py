"""The history's revert form is an edit like any other: the same form, permissions, publishing
rules and optimistic lock as the change form, on every record kept with its history."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from incidents.models import Claim, Incident, Location
from tests.admin_forms import as_posted, change_form_data
from tests.factories import make_claim, make_group, make_incident, make_location

pytestmark = pytest.mark.django_db


def revert_url(obj, record):
    return reverse(f"admin:incidents_{obj._meta.model_name}_simple_history", args=[obj.pk, record.history_id])


def edit(obj, user=None, **changes):
    """Saves changes to obj as a person would (a history row with who made it)."""
    for name, value in changes.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()
    return obj.history.latest("history_date")


@pytest.fixture
def incident():
    """A published incident with two earlier versions: a draft ("First title") and its publication."""
    incident = make_incident(status="draft", title="First title", killed=None)
    edit(incident, status="published")
    edit(incident, title="Second title", killed=3)
    return incident


def first_version(incident):
    return incident.history.earliest("history_date")


def test_an_editor_reverts_an_incident_through_the_change_form_and_it_stays_published(editor_client, editor, incident):
    url = revert_url(incident, first_version(incident))
    page = editor_client.get(url)
    assert page.status_code == 200
    assert page.context["adminform"].form["title"].value() == "First title", "the form holds the earlier version"
    assert page.context["adminform"].form["status"].value() == "published", "publication is not reverted"
    assert "reverting to the version" in page.content.decode()

    response = editor_client.post(url, {**as_posted(page), "correction_note": "The earlier figure was right."})
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    incident.refresh_from_db()
    assert (incident.title, incident.killed, incident.status) == ("First title", None, "published")
    assert incident.version == 4 and incident.updated_by == editor
    latest = incident.history.latest("history_date")
    assert (latest.history_user, latest.title) == (editor, "First title")
    assert latest.history_change_reason.startswith("Reverted to the version of")


@pytest.mark.parametrize("status", ["published", "retracted"])
def test_an_analyst_cannot_revert_a_public_incident(analyst_client, incident, status):
    if status == "retracted":
        edit(incident, status="retracted", retraction_reason="The source withdrew it.")
    page = analyst_client.get(revert_url(incident, first_version(incident)))
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode(), "view only"
    incident.refresh_from_db()
    data = change_form_data(incident, title="First title", status="draft")
    response = analyst_client.post(revert_url(incident, first_version(incident)), data)
    assert response.status_code == 403
    incident.refresh_from_db()
    assert (incident.title, incident.status) == ("Second title", status)


def test_an_analyst_reverts_a_draft_which_stays_a_draft(analyst_client, analyst):
    draft = make_incident(status="draft", title="First title")
    edit(draft, title="Second title")
    page = analyst_client.get(revert_url(draft, first_version(draft)))
    assert analyst_client.post(revert_url(draft, first_version(draft)), as_posted(page)).status_code == 302
    draft.refresh_from_db()
    assert (draft.title, draft.status, draft.updated_by) == ("First title", "draft", analyst)


def test_a_revert_begun_before_someone_elses_save_is_refused_as_stale(editor_client, incident):
    url = revert_url(incident, first_version(incident))
    page = editor_client.get(url)
    edit(Incident.objects.get(pk=incident.pk), title="Third title")
    response = editor_client.post(url, as_posted(page))
    assert response.status_code == 200
    assert "saved this incident" in response.content.decode() and "Nothing of yours was saved" in (
        response.content.decode()
    )
    incident.refresh_from_db()
    assert incident.title == "Third title"


def test_a_revert_to_a_version_of_another_incident_is_not_found(editor_client, incident):
    other = make_incident()
    assert editor_client.get(revert_url(other, first_version(incident))).status_code == 404
    for version in ["abc", "99999999999999999999999"]:
        url = reverse("admin:incidents_incident_simple_history", args=[incident.pk, version])
        assert editor_client.get(url).status_code == 404


def test_an_analyst_cannot_revert_the_claim_of_a_published_incident(analyst_client, editor_client):
    claim = make_claim(make_incident(status="published"), make_group(), kind="claimed")
    edit(claim, kind="denied")
    url = revert_url(claim, claim.history.earliest("history_date"))
    page = editor_client.get(url)
    assert analyst_client.post(url, as_posted(page)).status_code == 403
    assert Claim.objects.get(pk=claim.pk).kind == "denied"
    assert editor_client.post(url, {**as_posted(page), "correction_note": "It was a claim."}).status_code == 302
    assert Claim.objects.get(pk=claim.pk).kind == "claimed"


def test_an_editor_reverts_a_place_and_the_incidents_using_it_become_stale(editor_client):
    place = make_location(name="Camp Taji")
    incident = make_incident(location=place)
    version = Incident.objects.get(pk=incident.pk).version
    edit(place, name="Camp Taji (renamed)")
    url = revert_url(place, place.history.earliest("history_date"))
    posted = {**as_posted(editor_client.get(url)), "correction_note": "The usual name."}
    assert editor_client.post(url, posted).status_code == 302
    assert Location.objects.get(pk=place.pk).name == "Camp Taji"
    assert Incident.objects.get(pk=incident.pk).version > version + 1


@pytest.mark.parametrize("role", ["analyst", "editor"])
def test_the_history_and_revert_pages_take_a_bounded_number_of_queries(
    request, role, incident, django_assert_max_num_queries
):
    client = request.getfixturevalue(f"{role}_client")
    make_claim(incident, make_group())
    for title in ["Third", "Fourth", "Fifth"]:
        edit(incident, title=title)
    with django_assert_max_num_queries(10):
        assert client.get(reverse("admin:incidents_incident_history", args=[incident.pk])).status_code == 200
    # Django caches content types per process: warm it as a server's is after its first request,
    # so the count doesn't depend on whether an earlier test in this process looked one up.
    ContentType.objects.get_for_model(Incident)
    with django_assert_max_num_queries(16):
        assert client.get(revert_url(incident, first_version(incident))).status_code == 200
