"""Deleting incidents in bulk in the admin ("Delete selected incidents"): the confirmation page
and the deletion cost as many queries for 30 drafts as for 3, a selection with an incident that
was ever public is refused whole, and the history written is what deleting them one by one writes."""

import pytest
from django.db import transaction
from django.urls import reverse

from incidents.models import Claim, Incident, IncidentSource
from tests.factories import link_source, make_claim, make_group, make_incident, make_source

pytestmark = pytest.mark.django_db
LIST_URL = reverse("admin:incidents_incident_changelist")


def drafts(count):
    """Drafts never published, each with a claim and a source link, whose labels name another
    record (the claim its group, the link its source)."""
    group, source = make_group(), make_source()
    made = []
    for _ in range(count):
        incident = make_incident(status=Incident.Status.DRAFT)
        link_source(incident, source)
        make_claim(incident, group, source=source)
        made.append(incident)
    return made


def chosen(incidents):
    return {"action": "delete_selected", "_selected_action": [incident.pk for incident in incidents]}


def test_deleting_30_drafts_costs_the_queries_of_deleting_3(editor_client, django_assert_max_num_queries):
    """Each step is measured after the same step for 3 (the admin's cached counts as warm or cold)."""
    few, many = drafts(3), drafts(30)
    # session, user, its permissions (2), the list's filter choices (4), data version, list total
    # (the month tallies' sum and the unpublished incidents' count), the selection, its claims
    # (the list's prefetch), why any can't be deleted, what the deletion reaches: duplicates of
    # them (protected), claims with groups, links with sources, corrections
    with django_assert_max_num_queries(18) as confirming_few:
        page = editor_client.post(LIST_URL, chosen(few))
    assert page.status_code == 200 and page.context["perms_lacking"] == set() and page.context["protected"] == []
    summary = page.content.decode()
    shown = [*Claim.objects.filter(incident__in=few), *IncidentSource.objects.filter(incident__in=few)]
    assert len(shown) == 6 and all(f">{record}</a>" in summary for record in shown)
    # the confirmation's queries but the (cached) count; the log's content type and entries; in a
    # savepoint, what the deletion reaches (incidents, duplicates, claims, links), a history
    # INSERT … SELECT per table (3), a DELETE per table (corrections, claims, links, incidents)
    with django_assert_max_num_queries(31) as deleting_few:
        assert editor_client.post(LIST_URL, {**chosen(few), "post": "yes"}).status_code == 302
    assert not Incident.objects.filter(pk__in=[incident.pk for incident in few]).exists()

    with django_assert_max_num_queries(len(confirming_few.captured_queries)):
        assert editor_client.post(LIST_URL, chosen(many)).status_code == 200
    with django_assert_max_num_queries(len(deleting_few.captured_queries)):
        assert editor_client.post(LIST_URL, {**chosen(many), "post": "yes"}).status_code == 302
    assert (Incident.objects.count(), Claim.objects.count(), IncidentSource.objects.count()) == (0, 0, 0)


def once_public_and_not():
    """{incident: whether it can be deleted}, one of each way an incident is or was public."""
    unpublished = make_incident(status="published", title="Set back to draft")
    Incident.objects.filter(pk=unpublished.pk).update(status="draft")
    in_history_only = make_incident(status="draft", title="Published in its history only")
    in_history_only.status = "published"
    in_history_only.save()
    Incident.objects.filter(pk=in_history_only.pk).update(status="draft", published_at=None)
    return {
        make_incident(status="draft", title="Never public"): True,
        make_incident(status="published", title="Published"): False,
        make_incident(status="retracted", retraction_reason="Duplicate.", title="Retracted"): False,
        unpublished: False,
        in_history_only: False,
    }


def test_one_incident_is_refused_as_a_selection_of_it_refuses_it():
    incidents = once_public_and_not()
    refusals = Incident.objects.deletion_refusals()
    assert {incident: incident.pk not in refusals for incident in incidents} == incidents
    for incident in incidents:
        assert incident.deletion_refusal() == refusals.get(incident.pk)
    assert "“2020-03-11 Retracted” has been retracted: retract it instead" in " ".join(refusals.values())


def test_a_selection_with_an_incident_that_was_ever_public_is_refused_whole(editor_client):
    incidents = once_public_and_not()
    response = editor_client.post(LIST_URL, {**chosen(incidents), "post": "yes"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Published” has been published: retract it instead of deleting it." in page
    assert "Set back to draft” was public once" in page and "Published in its history only” was public once" in page
    assert Incident.objects.count() == len(incidents)


def deletion_history():
    """The history rows written for deleted records, as (model, record id, {every field but the
    history row's own id and date}), in that order."""
    rows = [
        (
            model.__name__,
            row["id"],
            {name: value for name, value in row.items() if name not in ("history_id", "history_date")},
        )
        for model in (Incident, Claim, IncidentSource)
        for row in model.history.filter(history_type="-").values()
    ]
    return sorted(rows, key=lambda row: row[:2])


def test_a_bulk_delete_writes_the_history_that_deleting_one_by_one_writes(editor_client, editor):
    made = drafts(5)
    selected = [made[0], made[1], made[3]]  # a run of ids and a lone one
    with transaction.atomic():
        for incident in selected:
            delete_page = reverse("admin:incidents_incident_delete", args=[incident.pk])
            assert editor_client.post(delete_page, {"post": "yes"}).status_code == 302
        one_by_one = deletion_history()
        transaction.set_rollback(True)
    assert Incident.objects.count() == 5 and not Incident.history.filter(history_type="-").exists()

    assert editor_client.post(LIST_URL, {**chosen(selected), "post": "yes"}).status_code == 302
    in_bulk = deletion_history()
    assert len(in_bulk) == 9  # 3 incidents, their 3 claims and 3 source links, once each
    assert in_bulk == one_by_one
    assert {fields["history_user_id"] for _, _, fields in in_bulk} == {editor.pk}


def draft_claims(count):
    """Claims of drafts, each naming a group (its label reads it)."""
    group = make_group()
    return [make_claim(make_incident(status=Incident.Status.DRAFT), group) for _ in range(count)]


def draft_links(count):
    """Source links of drafts that no statement rests on, each labelled by its source."""
    source = make_source()
    return [link_source(make_incident(status=Incident.Status.DRAFT), source) for _ in range(count)]


@pytest.mark.parametrize("model, made", [(Claim, draft_claims), (IncidentSource, draft_links)])
def test_deleting_30_claims_or_links_costs_the_queries_of_deleting_3(
    editor_client, django_assert_max_num_queries, model, made
):
    """Whether any shows on an incident that was public, and whether statements rest on a link,
    are asked of the whole selection; the history is written per table."""
    url = reverse(f"admin:incidents_{model._meta.model_name}_changelist")
    few, many = made(3), made(30)

    def chosen_records(records):
        return {"action": "delete_selected", "_selected_action": [record.pk for record in records]}

    with django_assert_max_num_queries(30) as confirming_few:
        page = editor_client.post(url, chosen_records(few))
    assert page.status_code == 200 and page.context["perms_lacking"] == set() and page.context["protected"] == []
    with django_assert_max_num_queries(50) as deleting_few:
        assert editor_client.post(url, {**chosen_records(few), "post": "yes"}).status_code == 302
    assert not model.objects.filter(pk__in=[record.pk for record in few]).exists()

    with django_assert_max_num_queries(len(confirming_few.captured_queries)):
        assert editor_client.post(url, chosen_records(many)).status_code == 200
    with django_assert_max_num_queries(len(deleting_few.captured_queries)):
        assert editor_client.post(url, {**chosen_records(many), "post": "yes"}).status_code == 302
    assert not model.objects.exists()
    assert model.history.filter(history_type="-").count() == 33


def test_a_link_a_statement_rests_on_is_refused_in_a_bulk_delete_with_why(editor_client):
    [incident] = drafts(1)
    link = IncidentSource.objects.get(incident=incident)
    url = reverse("admin:incidents_incidentsource_changelist")
    response = editor_client.post(url, {"action": "delete_selected", "_selected_action": [link.pk], "post": "yes"})
    assert response.status_code == 200
    assert f"“{link}”: a statement of its incident rests on “{link.source}”" in response.content.decode()
    assert IncidentSource.objects.filter(pk=link.pk).exists()
