"""One rule for who is responsible for an incident — claimed, attributed or suspected, never a
denial (Claim.objects.responsible()) — read the same by every output that counts groups."""

import datetime

import pytest
from django.urls import reverse

from incidents.models import Claim
from tests.factories import make_claim, make_group, make_incident

pytestmark = pytest.mark.django_db


@pytest.fixture
def claims():
    """A group with one incident of each kind of claim, and a group that only denied one."""
    kh = make_group(name="Kataib Hezbollah", slug="kh")
    denier = make_group(name="Denier", slug="denier")
    incidents = {
        kind: make_incident(title=kind, date=datetime.date(2020, 3, day))
        for day, kind in enumerate(Claim.Kind.values, start=1)
    }
    for kind, incident in incidents.items():
        make_claim(incident, kh, kind=kind)
    make_claim(incidents["claimed"], denier, kind="denied")
    return incidents


def test_responsible_claims_are_claimed_attributed_or_suspected(claims):
    assert set(Claim.objects.responsible().values_list("kind", flat=True)) == {"claimed", "attributed", "suspected"}
    assert set(Claim.objects.attributed().values_list("kind", flat=True)) == {"attributed", "suspected"}


def test_the_group_filter_finds_what_a_group_is_responsible_for(client, claims):
    response = client.get(reverse("incident_list"), {"group": "kh"})
    assert {incident.title for incident in response.context["page"].object_list} == {
        "claimed",
        "attributed",
        "suspected",
    }
    assert client.get(reverse("incident_list"), {"group": "denier"}).context["page"].paginator.count == 0


def test_groups_involved_leave_out_a_group_that_only_denied(client, claims):
    assert client.get(reverse("overview")).context["figures"]["groups"] == 1


def test_group_counts_split_claimed_from_attributed_or_suspected(client, claims):
    counts = {
        g.slug: (g.incidents_claimed, g.incidents_attributed)
        for g in client.get(reverse("group_list")).context["groups"]
    }
    assert counts == {"kh": (1, 2), "denier": (0, 0)}


def test_a_group_page_lists_claimed_attributed_or_suspected_and_denied_apart(client, claims):
    context = client.get(reverse("group_detail", args=["kh"])).context
    titles = {name: [incident.title for incident in context[name]] for name in ("claimed", "attributed", "denied")}
    assert titles == {"claimed": ["claimed"], "attributed": ["suspected", "attributed"], "denied": ["denied"]}
