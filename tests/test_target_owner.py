"""Whose target: the headline counts what it says (attacks on US and coalition interests), the
rest is counted apart, every figure links to the filter that gives it, and `target_owner` filters."""

import re
from html import unescape

import pytest
from django.core.management import call_command
from django.urls import reverse

from incidents.models import Incident
from tests.factories import make_incident

pytestmark = pytest.mark.django_db

US_COALITION = {"us_military", "us_diplomatic", "coalition_logistics", "coalition_other"}


@pytest.fixture
def mixed():
    """One incident per kind the headline must tell apart."""
    return {
        "embassy_rocket": make_incident(target_owner="us_diplomatic"),
        "convoy_ied": make_incident(type="ied", target_owner="coalition_logistics"),
        "activist_killed": make_incident(type="assassination", target_owner="iraqi_civilians"),
        "un_convoy": make_incident(type="ied", target_owner="international"),
        "embassy_video": make_incident(type="propaganda", target_owner="us_diplomatic"),
        "militia_arrest": make_incident(type="arrest", target_owner="militia"),
    }


def listed(client, query):
    return set(client.get(f"{reverse('incident_list')}?{query}").context["page"].paginator.object_list)


def test_us_coalition_stands_for_the_four_us_and_coalition_owners(client, mixed):
    assert listed(client, "target_owner=us_coalition") == {
        mixed[name].pk for name in ("embassy_rocket", "convoy_ied", "embassy_video")
    }
    assert listed(client, "target_owner=iraqi_civilians&target_owner=international") == {
        mixed["activist_killed"].pk,
        mixed["un_convoy"].pk,
    }


def test_an_unknown_target_owner_is_a_400_that_names_it(client, mixed):
    response = client.get(f"{reverse('incident_export_csv')}?target_owner=martians")
    assert response.status_code == 400
    assert "target_owner" in response.json()["errors"]


def test_the_headline_counts_attacks_on_us_and_coalition_interests_and_the_rest_apart(client, mixed):
    figures = client.get(reverse("overview")).context["figures"]
    assert (figures["us_coalition_attacks"], figures["other_incidents"], figures["incidents"]) == (2, 4, 6)
    html = client.get(reverse("overview")).content.decode()
    assert "2</a> attacks on US and coalition interests · " in html
    assert "4</a> other incidents in this view" in html


def test_every_headline_figure_links_to_a_filter_that_gives_it(client, mixed):
    html = client.get(f"{reverse('overview')}?type=ied&type=assassination&type=propaganda").content.decode()
    figures = client.get(f"{reverse('overview')}?type=ied&type=assassination&type=propaganda").context["figures"]
    links = dict(re.findall(r'<a href="([^"]+)" data-figure="(\w+)">', html))
    assert {"us_coalition_attacks", "other_incidents", "incidents", "attacks"} <= set(links.values())
    for href, figure in links.items():
        count = client.get(unescape(href)).context["page"].paginator.count
        if figure in ("killed", "wounded"):
            assert count == figures["incidents"]  # the incidents they are summed over
        else:
            assert count == figures[figure], figure


def test_the_exports_carry_the_target_owner(client, mixed):
    items = client.get("/api/incidents/?target_owner=international").json()["results"]
    assert [item["target_owner"] for item in items] == ["international"]


def test_every_seed_incident_has_its_targets_owner():
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    owners = dict(Incident.objects.values_list("pk", "target_owner"))
    assert "unknown" not in {owners[pk] for pk in owners if pk not in (32, 60)}
    assert owners[49] == owners[69] == owners[75] == "iraqi_civilians"  # activists and an analyst
    assert owners[78] == "international"  # the UNAMI convoy
    assert owners[45] == "militia"  # a raid on a militia cell
    assert owners[28] == owners[56] == "coalition_other"  # Besmaya's Spanish trainers
    assert {owners[pk] for pk in (1, 11, 19, 26, 51)} <= US_COALITION
