"""Links built from the current query string ({% querystring filter_params … %}): exports,
data URLs, sorting, paging and the chart's months keep the filter and never the page."""

import datetime
import re
from html import unescape

import pytest
from django.urls import reverse

from tests.factories import make_claim, make_group, make_incident, make_location

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_pages():
    location = make_location()
    for day in range(1, 52):
        make_incident(location=location, date=datetime.date(2020, 1, 1) + datetime.timedelta(days=day))


def test_the_list_links_keep_the_filter_and_drop_the_page(client, two_pages):
    html = client.get(reverse("incident_list") + "?type=rocket&page=2").content.decode()
    assert 'href="/incidents/export.csv?type=rocket"' in html
    assert 'href="/incidents/map.geojson?type=rocket"' in html
    assert 'href="?type=rocket&amp;sort=type"' in html
    assert 'href="?type=rocket&amp;sort=-date"' not in html and 'href="?type=rocket&amp;sort=date"' in html
    assert 'href="?type=rocket&amp;page=1" rel="prev"' in html


def test_a_sort_link_replaces_the_sort_in_place(client, two_pages):
    html = client.get(reverse("incident_list") + "?sort=date&type=rocket").content.decode()
    assert 'href="?sort=-date&amp;type=rocket"' in html
    assert 'href="?sort=date&amp;type=rocket&amp;page=2" rel="next"' in html


def test_without_a_filter_the_exports_carry_no_query_string_even_from_a_later_page(client, two_pages):
    html = client.get(reverse("incident_list") + "?page=2").content.decode()
    assert 'href="/incidents/export.csv"' in html and 'href="/incidents/map.geojson"' in html


def test_a_month_of_the_overview_chart_links_to_that_month_with_the_filter(client, two_pages):
    html = client.get(reverse("overview") + "?type=rocket").content.decode()
    assert 'href="?type=rocket&amp;first_day_after=2020-01-01&amp;first_day_before=2020-01-31"' in html
    assert 'data-geojson-url="/incidents/map.geojson?type=rocket"' in html
    assert 'data-chart-url="/incidents/chart.json?type=rocket"' in html


def test_a_month_of_the_chart_links_to_exactly_the_incidents_it_counts(client):
    """The chart counts an incident in the month of its first possible day; an incident of 24
    February to 2 March is February's, and March's link must not list it (From/To would: its
    window overlaps March)."""
    make_incident(date=datetime.date(2020, 2, 24), date_end=datetime.date(2020, 3, 2), date_precision="range")
    make_incident(date=datetime.date(2020, 3, 11))
    html = client.get(reverse("overview")).content.decode()
    for label, count in (("Feb 2020", 1), ("Mar 2020", 1)):
        link = re.search(rf'<a href="([^"]+)">{label}</a></th><td class="total">(\d+)</td>', html)
        assert int(link[2]) == count
        listed = client.get(reverse("incident_list") + unescape(link[1])).context["page"].paginator.count
        assert listed == count, label


def test_a_month_of_a_group_pages_chart_links_to_the_groups_list_of_that_month(client):
    group = make_group(name="Brigade of Links")
    make_claim(make_incident(date=datetime.date(2020, 2, 11)), group)
    html = client.get(reverse("group_detail", args=[group.slug])).content.decode()
    february = "first_day_after=2020-02-01&amp;first_day_before=2020-02-29"
    month = f'href="/incidents/?group={group.slug}&amp;{february}">Feb 2020</a>'
    assert month in html
    assert '<td class="total">1</td><td>1</td></tr>' in html
