"""Every published incident counts somewhere: a published incident may be a duplicate only of a
published one (Incident.uncounted_problem; IncidentQuerySet.counted_nowhere for many).

A duplicate is left out of every public figure, list, map and export, so its event counts
through the incident it points at. Were that one a draft or retracted, the event would count
nowhere, and the exports would name, by its uid, an incident the public can't see. So every
path that links or publishes a duplicate refuses a target that is not published, every path
that takes the incident that counts out of publication refuses while published duplicates
point at it — naming them —, the exports never name an unpublished incident, and data written
before the rule is listed for the editors (the admin's filter, check incidents.W002), never
changed silently."""

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.db.models import ProtectedError
from django.urls import reverse

from incidents.checks import check_counted
from incidents.imports import run_import
from incidents.models import Incident
from tests.admin_forms import as_posted, change_form_data
from tests.factories import make_incident, make_publishable_draft

pytestmark = pytest.mark.django_db

LIST_URL = reverse("admin:incidents_incident_changelist")
WITH_DUPLICATES = "include_duplicates=on"
NOT_PUBLISHED = "which is not published: publish that one first, or leave this incident counting"


def change_url(incident):
    return reverse("admin:incidents_incident_change", args=[incident.pk])


def unpublish_url(incident):
    return reverse("admin:incidents_incident_unpublish", args=[incident.pk])


def legacy_pair():
    """A published duplicate of a draft, as data written before the rule may hold it (the
    factories write rows without asking the rule, like raw SQL or a restore)."""
    draft = make_incident(status="draft", title="Unreviewed draft")
    duplicate = make_incident(title="Published duplicate", duplicate_of=draft, duplicate_reason="Same event.")
    return draft, duplicate


def published_pair():
    counting = make_incident(title="The one that counts")
    duplicate = make_incident(title="Second report", duplicate_of=counting, duplicate_reason="Same salvo.")
    return counting, duplicate


def form_errors(response):
    return {field: list(errors) for field, errors in response.context["adminform"].form.errors.items()}


# Linking and publishing: the duplicate's side


@pytest.mark.parametrize("status", ["draft", "retracted"])
def test_the_admin_refuses_to_link_a_published_incident_to_one_not_published(editor_client, status):
    target = make_incident(status=status, title="Not public", retraction_reason="Wrong." if status else "")
    incident = make_incident()
    data = change_form_data(incident, status="published", duplicate_of=target.pk, duplicate_reason="Same event.")
    response = editor_client.post(change_url(incident), {**data, "correction_note": "Merged."})
    assert response.status_code == 200
    assert form_errors(response)["duplicate_of"] == [f"It is a duplicate of “2020-03-11 Not public”, {NOT_PUBLISHED}."]
    incident.refresh_from_db()
    assert incident.duplicate_of is None


def test_a_draft_may_be_a_duplicate_of_a_draft(editor_client):
    target, incident = make_incident(status="draft"), make_incident(status="draft")
    data = change_form_data(incident, status="draft", duplicate_of=target.pk, duplicate_reason="Same event.")
    assert editor_client.post(change_url(incident), data).status_code == 302
    incident.refresh_from_db()
    assert incident.duplicate_of == target


def test_publishing_a_duplicate_of_a_draft_through_the_status_field_is_refused(editor_client):
    target = make_incident(status="draft", title="Still a draft")
    incident = make_publishable_draft(duplicate_of=target, duplicate_reason="Same event.")
    response = editor_client.post(change_url(incident), change_form_data(incident, status="published"))
    assert response.status_code == 200
    assert form_errors(response)["duplicate_of"] == [
        f"It is a duplicate of “2020-03-11 Still a draft”, {NOT_PUBLISHED}."
    ]
    incident.refresh_from_db()
    assert incident.status == "draft"


def test_the_publish_action_leaves_a_duplicate_of_a_draft_a_draft_and_says_why(editor_client):
    target = make_incident(status="draft", title="Still a draft")
    incident = make_publishable_draft(title="Second report", duplicate_of=target, duplicate_reason="Same event.")
    response = editor_client.post(
        LIST_URL, {"action": "publish_selected", "_selected_action": [incident.pk]}, follow=True
    )
    notes = [str(message) for message in response.context["messages"]]
    assert (
        f"Not published: “2020-03-11 Second report”: it is a duplicate of “2020-03-11 Still a draft”, {NOT_PUBLISHED}."
        in notes
    )
    assert "Published 0 incidents." in notes
    incident.refresh_from_db()
    assert incident.status == "draft"


def test_the_publish_action_publishes_a_duplicate_selected_with_the_one_it_points_at(editor_client):
    target = make_publishable_draft(title="The one that counts")
    incident = make_publishable_draft(title="Second report", duplicate_of=target, duplicate_reason="Same event.")
    # the duplicate first in the selection: the action publishes the one that counts first all the same
    selected = [incident.pk, target.pk]
    response = editor_client.post(LIST_URL, {"action": "publish_selected", "_selected_action": selected}, follow=True)
    assert "Published 2 incidents." in [str(message) for message in response.context["messages"]]
    assert set(Incident.objects.values_list("status", flat=True)) == {"published"}


def test_reverting_to_a_version_that_linked_it_to_an_incident_since_unpublished_is_refused(editor_client):
    counting, duplicate = published_pair()
    linked = duplicate.history.latest("history_date")
    duplicate.duplicate_of = None
    duplicate.save()  # it counts on its own now, so the other may be unpublished
    counting.unpublish(None, "Checking the place.")
    url = reverse("admin:incidents_incident_simple_history", args=[duplicate.pk, linked.history_id])
    page = editor_client.get(url)
    assert not list(page.context["messages"]), "the revert page holds the earlier version, not the stored one"
    response = editor_client.post(url, {**as_posted(page), "correction_note": "Linked again."})
    assert response.status_code == 200
    assert form_errors(response)["duplicate_of"] == [
        f"It is a duplicate of “2020-03-11 The one that counts”, {NOT_PUBLISHED}."
    ]
    duplicate.refresh_from_db()
    assert duplicate.duplicate_of is None


# Unpublishing, retracting, deleting: the side of the incident that counts


def test_retracting_the_incident_that_counts_is_refused_naming_its_published_duplicates(editor_client):
    counting, duplicate = published_pair()
    data = change_form_data(counting, status="retracted", retraction_reason="Never happened.")
    response = editor_client.post(change_url(counting), data)
    assert response.status_code == 200
    assert form_errors(response)["status"] == [
        f"1 published incident is a duplicate of this one and would count nowhere: #{duplicate.pk} "
        "“2020-03-11 Second report”. Empty its “Duplicate of” (it then counts instead), or link it to another "
        "published incident, first."
    ]
    counting.refresh_from_db()
    assert counting.status == "published"


def test_a_refusal_names_ten_published_duplicates_and_counts_them_all():
    counting = make_incident(title="The one that counts")
    for number in range(12):
        make_incident(title=f"Report {number:02d}", duplicate_of=counting, duplicate_reason="Same salvo.")
    problem = counting.withdrawal_problem(Incident.Status.DRAFT)
    assert problem.startswith("12 published incidents are duplicates of this one and would count nowhere: #")
    assert problem.count("“2020-03-11 Report") == 10 and "; …. Let one of them count" in problem


def test_retracting_it_goes_through_once_its_duplicate_counts_instead(editor_client):
    counting, duplicate = published_pair()
    Incident.objects.filter(pk=duplicate.pk).update(duplicate_of=None)
    counting.refresh_from_db()
    data = change_form_data(counting, status="retracted", retraction_reason="Never happened.", summary="")
    assert editor_client.post(change_url(counting), data).status_code == 302
    assert Incident.objects.get(pk=counting.pk).status == "retracted"


def test_unpublish_is_refused_while_published_duplicates_count_through_it(editor_client):
    counting, duplicate = published_pair()
    page = editor_client.get(unpublish_url(counting)).content.decode()
    assert 'id="unpublish-refused"' in page and f"#{duplicate.pk} “2020-03-11 Second report”" in page
    assert 'value="Unpublish"' not in page
    response = editor_client.post(unpublish_url(counting), {"reason": "Checking the place."})
    assert response.status_code == 200 and 'id="unpublish-refused"' in response.content.decode()
    counting.refresh_from_db()
    assert counting.status == "published"


def test_unpublish_names_every_published_duplicate_and_counts_them(editor_client):
    counting = make_incident()
    duplicates = [make_incident(duplicate_of=counting, duplicate_reason="Same.") for _ in range(2)]
    make_incident(status="draft", duplicate_of=counting, duplicate_reason="Same.")  # a draft counts nowhere anyway
    problem = counting.withdrawal_problem(Incident.Status.DRAFT)
    assert problem.startswith("2 published incidents are duplicates of this one and would count nowhere: ")
    assert all(f"#{duplicate.pk} " in problem for duplicate in duplicates)


def test_unpublish_itself_refuses_whoever_calls_it():
    counting, _ = published_pair()
    with pytest.raises(ValidationError) as refused:
        counting.unpublish(None, "Checking the place.")
    assert "would count nowhere" in refused.value.message_dict["status"][0]
    assert Incident.objects.get(pk=counting.pk).status == "published"


def test_the_incident_that_counts_is_never_deleted_from_under_its_duplicates():
    draft, _ = legacy_pair()  # even a draft never public: the link protects it
    with pytest.raises(ProtectedError):
        draft.delete()


# Data written before the rule: the rule judges the change, not the row


def test_an_edit_of_one_written_before_the_rule_that_keeps_its_link_goes_through(editor_client):
    _, duplicate = legacy_pair()
    data = change_form_data(duplicate, status="published", title="Published duplicate, retitled")
    assert editor_client.post(change_url(duplicate), {**data, "correction_note": "Title."}).status_code == 302
    duplicate.refresh_from_db()
    assert duplicate.title == "Published duplicate, retitled" and duplicate.duplicate_of_id is not None


# The import


def native_csv(*rows):
    columns = ["uid", "title", "date", "type", "location", "governorate", "date_precision", "geo_precision"]
    columns += ["target", "confidence", "summary", "sources", "duplicate_of", "duplicate_reason"]
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        complete = {
            "title": "Rockets hit Taji",
            "date": "2020-03-11",
            "type": "rocket",
            "location": "Camp Taji",
            "governorate": "Baghdad",
            "date_precision": "day",
            "geo_precision": "town",
            "target": "military_base",
            "confidence": "medium",
            "summary": "Rockets hit the camp, the coalition said.",
            "sources": "AFP: Rockets hit Taji <https://example.org/afp>",
        }
        writer.writerow({**complete, **row})
    return buffer.getvalue().encode()


def test_an_import_refuses_a_published_row_linked_to_a_draft():
    draft = make_incident(status="draft", title="Still a draft")
    data = native_csv(
        {"uid": "00000000-0000-4000-8000-000000000001", "duplicate_of": str(draft.uid), "duplicate_reason": "Same."}
    )
    report = run_import(data)
    assert [str(problem) for problem in report.problems] == [
        f"line 2, column duplicate_of: it is a duplicate of “2020-03-11 Still a draft”, {NOT_PUBLISHED}"
    ]
    assert not report.written and Incident.objects.count() == 1


def test_an_import_of_drafts_refuses_to_link_a_published_incident_to_one_of_them(editor):
    published = make_incident(title="Published report")
    data = native_csv(
        {"uid": "00000000-0000-4000-8000-000000000001", "title": "New draft"},
        {
            "uid": str(published.uid),
            "title": "Published report",
            "duplicate_of": "00000000-0000-4000-8000-000000000001",
        },
    )
    report = run_import(data, publish=False, user=editor, note="Merged with a new report.")
    assert [str(problem) for problem in report.problems] == [
        f"line 3, column duplicate_of: it is a duplicate of “2020-03-11 New draft”, {NOT_PUBLISHED}"
    ]
    published.refresh_from_db()
    assert published.duplicate_of is None and Incident.objects.count() == 1


def test_an_import_links_published_rows_to_a_published_one_later_in_the_file():
    data = native_csv(
        {"uid": "00000000-0000-4000-8000-000000000002", "duplicate_of": "00000000-0000-4000-8000-000000000001"},
        {"uid": "00000000-0000-4000-8000-000000000001"},
    )
    report = run_import(data)
    assert report.ok and report.written
    assert Incident.objects.counted_nowhere().count() == 0
    assert Incident.objects.filter(duplicate_of__isnull=False).count() == 1


# The exports: never the uid of an incident the public can't see


def csv_rows(client, query):
    response = client.get(f"{reverse('incident_export_csv')}?{query}")
    return {int(row["id"]): row for row in csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode()))}


def test_the_exports_never_name_an_unpublished_incident_as_the_one_that_counts(client):
    draft, duplicate = legacy_pair()
    assert csv_rows(client, WITH_DUPLICATES)[duplicate.pk]["duplicate_of"] == ""
    items = {item["id"]: item for item in client.get(f"/api/incidents/?{WITH_DUPLICATES}").json()["results"]}
    assert items[duplicate.pk]["duplicate_of"] is None
    assert client.get(f"/api/incidents/{duplicate.pk}/").json()["duplicate_of"] is None
    for query in (WITH_DUPLICATES, f"{WITH_DUPLICATES}&format=acled"):
        response = client.get(f"{reverse('incident_export_csv')}?{query}")
        assert str(draft.uid) not in b"".join(response.streaming_content).decode()


def test_the_exports_name_it_once_it_is_published_and_no_longer_once_it_is_withdrawn(client):
    draft, duplicate = legacy_pair()
    Incident.objects.filter(pk=draft.pk).update(status="published")  # the stored cells follow the status
    assert csv_rows(client, WITH_DUPLICATES)[duplicate.pk]["duplicate_of"] == str(draft.uid)
    Incident.objects.filter(pk=draft.pk).update(status="retracted", retraction_reason="Wrong.")
    assert csv_rows(client, WITH_DUPLICATES)[duplicate.pk]["duplicate_of"] == ""


# Data written before the rule: listed for the editors, never changed silently


def test_data_written_before_the_rule_is_warning_w002_naming_each_incident():
    draft, duplicate = legacy_pair()
    published_pair()  # a duplicate of a published incident counts: not named
    warnings = check_counted(databases=["default"])
    assert [warning.id for warning in warnings] == ["incidents.W002"]
    assert f"#{duplicate.pk} (a duplicate of #{draft.pk})" in warnings[0].hint
    with pytest.raises(SystemCheckError, match=r"incidents\.W002"):
        call_command("check", databases=["default"], fail_level="WARNING")


def test_a_database_that_keeps_the_rule_passes_the_check():
    published_pair()
    make_incident(status="draft", duplicate_of=make_incident(status="draft"), duplicate_reason="Same.")
    assert check_counted(databases=["default"]) == []


def test_the_admin_lists_the_incidents_that_count_nowhere(editor_client):
    _, duplicate = legacy_pair()
    published_pair()
    response = editor_client.get(f"{LIST_URL}?duplicate=nowhere")
    assert [incident.pk for incident in response.context["cl"].result_list] == [duplicate.pk]


def test_such_an_incidents_page_warns_the_editor(editor_client):
    _, duplicate = legacy_pair()
    notes = [str(message) for message in editor_client.get(change_url(duplicate)).context["messages"]]
    assert (
        f"This incident counts nowhere: it is a duplicate of “2020-03-11 Unreviewed draft”, {NOT_PUBLISHED}." in notes
    )
    counting, _ = published_pair()
    assert not list(editor_client.get(change_url(counting)).context["messages"])
