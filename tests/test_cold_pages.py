"""What keeps the first request after a write fast gives the same answers as the slow way: the
list's pages found from the tallies' counts per day (caching.TalliedPaginator), and the admin's
years found by index probes (IncidentQuerySet.years)."""

import re

import pytest
from django.core.management import call_command
from django.db import models
from django.urls import reverse

from incidents import views
from incidents.models import Group, Incident
from incidents.synthetic import generate
from incidents.views import PAGE_SIZE

pytestmark = pytest.mark.django_db


@pytest.fixture
def incidents():
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    generate(400, seed=3, progress=False)


def listed_ids(client, query):
    html = client.get(reverse("incident_list") + query).content.decode()
    return [int(pk) for pk in dict.fromkeys(re.findall(r'href="/incidents/(\d+)/"', html))]


@pytest.mark.parametrize("query", ["", "include_duplicates=on&", "type=rocket&date_after=2016-01-01&"])
def test_every_page_of_the_list_holds_the_incidents_the_plain_offset_would(client, incidents, query):
    filtered = {"": {}, "include_duplicates=on&": {}, "type=rocket&date_after=2016-01-01&": {"type": "rocket"}}[query]
    expected = Incident.objects.published().filter(**filtered)
    if "include_duplicates" not in query:
        expected = expected.without_duplicates()
    if "date_after" in query:
        expected = expected.overlapping(start="2016-01-01")
    expected = list(expected.order_by("-date", "-pk").values_list("pk", flat=True))
    pages = -(-len(expected) // PAGE_SIZE)
    assert pages > 2
    for number in (1, 2, pages // 2, pages - 1, pages):
        start = (number - 1) * PAGE_SIZE
        assert listed_ids(client, f"?{query}page={number}") == expected[start : start + PAGE_SIZE], number


def test_the_admins_years_are_the_distinct_years_of_the_incidents(incidents):
    everything = Incident.objects.all()
    for order in ("ASC", "DESC"):
        assert everything.years("date", order) == list(models.QuerySet.dates(everything, "date", "year", order))
    published = Incident.objects.published().filter(type="drone")
    assert published.years("date") == list(models.QuerySet.dates(published, "date", "year"))
    assert Incident.objects.none().years("date") == []


def test_a_group_pages_lists_hold_its_newest_incidents_of_each_kind(client, incidents, monkeypatch):
    monkeypatch.setattr(views, "GROUP_PAGE_INCIDENTS", 5)  # so the lists start at a day of the tallies
    listed = 0
    for group in Group.objects.public().filter(slug__startswith="synthetic")[:4]:
        response = client.get(reverse("group_detail", args=[group.slug]))
        for kind, claims in (
            ("claimed", group.claims.claimed()),
            ("attributed", group.claims.attributed()),
            ("denied", group.claims.denied()),
        ):
            newest = Incident.objects.counted().filter(pk__in=claims.values("incident")).order_by("-date", "-pk")
            assert [i.pk for i in response.context[kind]] == list(newest.values_list("pk", flat=True)[:5]), kind
            listed += len(response.context[kind])
    assert listed > 20
