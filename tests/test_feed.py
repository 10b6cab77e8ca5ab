"""/incidents/feed/: an Atom feed of newly published incidents, and nothing else."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from incidents.models import Incident
from tests.atom import feed_entries
from tests.factories import make_claim, make_group, make_incident

pytestmark = pytest.mark.django_db


def test_the_latest_publication_comes_first_with_its_date_place_and_claims(client):
    older = make_incident(title="Rockets at Taji", date=datetime.date(2020, 3, 11))
    newer = make_incident(title="IED on a convoy", type="ied", date=datetime.date(2019, 12, 1))
    make_claim(newer, make_group(name="Ashab al-Kahf"), kind="claimed")
    Incident.objects.filter(pk=older.pk).update(published_at=timezone.now() - datetime.timedelta(days=1))
    entries = feed_entries(client)
    assert [e["title"] for e in entries] == ["1 December 2019: IED on a convoy", "11 March 2020: Rockets at Taji"]
    assert entries[0]["link"].endswith(newer.get_absolute_url())
    assert "Ashab al-Kahf" in entries[0]["summary"] and "IED" in entries[0]["summary"]
    assert entries[0]["id"] == f"urn:uuid:{newer.uid}"


def test_publishing_a_draft_puts_it_at_the_top_and_retracting_takes_it_out(client):
    make_incident(title="Published first")
    draft = make_incident(title="A draft", status=Incident.Status.DRAFT)
    assert [e["title"].split(": ", 1)[1] for e in feed_entries(client)] == ["Published first"]
    draft.status = Incident.Status.PUBLISHED
    draft.save()
    assert [e["title"].split(": ", 1)[1] for e in feed_entries(client)] == ["A draft", "Published first"]
    draft.status, draft.retraction_reason = Incident.Status.RETRACTED, "Duplicate."
    draft.save()
    assert [e["title"].split(": ", 1)[1] for e in feed_entries(client)] == ["Published first"]


def test_markup_in_the_data_is_escaped_text_in_the_feed(client):
    make_incident(title="<b>bold</b>", summary="<img src=x onerror=alert(1)>")
    [entry] = feed_entries(client)
    assert entry["title"].endswith("<b>bold</b>")  # the XML text is the literal title
    assert "&lt;img src=x onerror=alert(1)&gt;" in entry["summary"]  # HTML summary: escaped
    assert "<img" not in entry["summary"]


def test_the_feed_costs_the_same_queries_for_5_and_for_60_incidents(client, django_assert_max_num_queries):
    group = make_group()
    for _ in range(5):
        make_claim(make_incident(), group, kind="claimed")
    with django_assert_max_num_queries(3) as five:  # data version, incidents, claims
        client.get(reverse("incident_feed"))
    for _ in range(55):
        make_claim(make_incident(), group, kind="claimed")
    with django_assert_max_num_queries(len(five.captured_queries)):
        assert len(feed_entries(client)) == 50


def test_pages_announce_the_feed(client):
    assert reverse("incident_feed").encode() in client.get(reverse("overview")).content


@pytest.mark.parametrize("name", ["incident_feed", "correction_feed"])
@pytest.mark.parametrize("query", ["type=rocket", "group=kataib-hezbollah", "page=2"])
def test_a_feed_given_a_parameter_says_it_takes_none(client, name, query):
    """A feed subscribed to as ?type=rocket would otherwise bring every incident, unfiltered."""
    make_incident()
    response = client.get(f"{reverse(name)}?{query}")
    assert response.status_code == 400
    parameter = query.split("=")[0]
    assert "this endpoint takes no parameters" in response.json()["errors"][parameter][0]
    assert client.get(reverse(name)).status_code == 200
