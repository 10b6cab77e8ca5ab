"""What keeps the first request after a write fast gives the same answers as the slow way: the
list's pages found from the tallies' counts per day (caching.TalliedPaginator), a ranked search's
pages and total read by one query (caching.CountedWithPagePaginator), and the admin's years found
by index probes (IncidentQuerySet.years)."""

import re

import pytest
from django.contrib import admin
from django.core.management import call_command
from django.db import connection, models
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents import views
from incidents.caching import CountedWithPagePaginator
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


SEARCH = "Baghdad"  # the governorate's name (exact), and places named after it (close)


def ranked_ids(incidents):
    return list(incidents.matching(SEARCH).ranked(SEARCH).values_list("pk", flat=True))


def test_every_page_of_a_ranked_search_holds_the_incidents_the_ranked_order_would(client, incidents, monkeypatch):
    size = 20
    monkeypatch.setattr(views, "PAGE_SIZE", size)
    expected = ranked_ids(Incident.objects.counted())
    pages = -(-len(expected) // size)
    assert pages > 3
    assert Incident.objects.counted().matching(SEARCH).ranked(SEARCH).filter(relevance__gt=0).exists()
    for number in (1, 2, pages - 1, pages):
        start = (number - 1) * size
        response = client.get(reverse("incident_list"), {"q": SEARCH, "page": number})
        assert [i.pk for i in response.context["page"].object_list] == expected[start : start + size], number
        assert response.context["page"].paginator.count == len(expected)
    for no_page in (pages + 1, pages + 5, "x", 10**30):
        response = client.get(reverse("incident_list"), {"q": SEARCH, "page": no_page})
        assert response.status_code == 400, no_page
        assert f"page must be a whole number from 1 to {pages} (the last page)." in response.content.decode()


def test_a_ranked_search_reads_its_matches_once_for_its_page_and_total(client, incidents):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("incident_list"), {"q": SEARCH, "page": 2})
    searching = [query["sql"] for query in queries.captured_queries if "LIKE" in query["sql"]]
    # The page's ids with the window count of every match beside them; no COUNT(*) of its own.
    assert len(searching) == 1 and "OVER" in searching[0]
    assert response.context["page"].paginator.count == Incident.objects.counted().matching(SEARCH).count()


def test_the_admins_search_pages_hold_the_ranked_incidents(admin_client, incidents, monkeypatch):
    monkeypatch.setattr(admin.site._registry[Incident], "list_per_page", 7)
    expected = ranked_ids(Incident.objects.all())
    for number in (1, 2, -(-len(expected) // 7)):
        changelist = admin_client.get(reverse("admin:incidents_incident_changelist"), {"q": SEARCH, "p": number})
        shown = [incident.pk for incident in changelist.context["cl"].result_list]
        assert shown == expected[(number - 1) * 7 : number * 7], number
        assert changelist.context["cl"].result_count == len(expected)


def test_a_distinct_query_is_counted_apart_from_its_page(incidents):
    """A window count counts rows before DISTINCT removes the repeated ones."""
    claimed = Incident.objects.filter(claims__isnull=False).distinct().order_by("-date", "-pk")
    repeated = Incident.objects.filter(claims__isnull=False).order_by("-date", "-pk")
    assert repeated.count() > claimed.count()
    paginator = CountedWithPagePaginator(claimed.values_list("pk", flat=True), 10)
    assert paginator.count == claimed.count()
    assert list(paginator.page(2).object_list) == list(claimed.values_list("pk", flat=True)[10:20])
