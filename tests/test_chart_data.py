"""/incidents/chart.json: counts per period and type, aggregated in SQL, every period present."""

import datetime

import pytest
from django.urls import reverse

from tests.factories import make_claim, make_group, make_incident

pytestmark = pytest.mark.django_db


def chart(client, query=""):
    response = client.get(reverse("incident_chart") + query)
    assert response.status_code == 200, response.content
    return response.json()


@pytest.fixture
def incidents():
    make_incident(type="rocket", date=datetime.date(2020, 1, 5))
    make_incident(type="rocket", date=datetime.date(2020, 1, 20))
    make_incident(type="ied", date=datetime.date(2020, 3, 2))
    make_incident(type="arrest", date=datetime.date(2020, 3, 3))


def test_monthly_counts_by_type_with_empty_months_filled(client, incidents):
    data = chart(client)
    assert [p["label"] for p in data["periods"]] == ["Jan 2020", "Feb 2020", "Mar 2020"]
    assert {s["type"]: s["counts"] for s in data["series"]} == {
        "rocket": [2, 0, 0],
        "ied": [0, 0, 1],
        "arrest": [0, 0, 1],
    }
    assert [p["total"] for p in data["periods"]] == [2, 0, 2]
    assert data["total"] == 4
    assert data["periods"][1] == {"start": "2020-02-01", "end": "2020-02-29", "label": "Feb 2020", "total": 0}


@pytest.mark.parametrize("interval, periods", [("day", 59), ("week", 10), ("month", 3), ("year", 1)])
def test_every_interval(client, incidents, interval, periods):
    data = chart(client, f"?interval={interval}")
    assert len(data["periods"]) == periods
    assert data["total"] == 4


def test_weeks_start_on_monday(client, incidents):
    assert chart(client, "?interval=week")["periods"][0]["start"] == "2019-12-30"


def test_the_chart_follows_the_filter(client, incidents):
    assert chart(client, "?type=rocket")["total"] == 2
    assert chart(client, "?date_after=2020-03-01")["total"] == 2


def test_a_bad_interval_is_a_400(client):
    response = client.get(reverse("incident_chart") + "?interval=fortnight")
    assert response.status_code == 400
    assert "interval" in response.json()["errors"]


def test_no_incidents_is_an_empty_chart(client):
    assert chart(client) == {"interval": "month", "periods": [], "series": [], "total": 0}


def test_chart_is_one_query_and_then_only_the_data_version(client, incidents, django_assert_num_queries):
    with django_assert_num_queries(2):  # the data version, the counts
        first = chart(client)
    with django_assert_num_queries(1):  # the data version: unchanged, so the counts come from the cache
        assert chart(client) == first


def test_a_date_typed_centuries_off_leaves_the_pages_up_saying_the_chart_cannot_draw_it(client):
    """2920 for 2020 spreads the incidents over more months than a chart draws (charts.MAX_PERIODS):
    the overview, its embed and the group's page still answer, with the figures and the list,
    and the chart's table says why it is empty; chart.json says so as a 400."""
    group = make_group(public=True)
    make_claim(make_incident(date=datetime.date(2020, 1, 5)), group)
    make_claim(make_incident(date=datetime.date(2920, 1, 5)), group)
    for url in ("/", "/ar/", "/embed/chart/", f"/groups/{group.slug}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert response.context["chart_too_long"]
    page = client.get("/").content.decode()
    assert "span more months than the chart can draw" in page
    assert 'data-figure="incidents">2<' in page
    assert client.get(reverse("incident_chart")).status_code == 400
    assert [p["label"] for p in chart(client, "?interval=year")["periods"]][::900] == ["2020", "2920"]


def test_chart_jsons_refusals_are_in_the_readers_language(client):
    make_incident(date=datetime.date(2020, 1, 5))
    make_incident(date=datetime.date(2920, 1, 5))
    assert client.get("/incidents/chart.json").json()["errors"]["interval"] == [
        "More than 5000 periods: choose a longer interval."
    ]
    assert client.get("/ar/incidents/chart.json").json()["errors"]["interval"] == [
        "أكثر من 5000 فترة: اختر فاصلًا زمنيًا أطول."  # Western digits, the default
    ]
    assert client.get("/ar/incidents/chart.json?interval=decade").json()["errors"]["interval"] == [
        "يجب أن يكون الفاصل الزمني واحدًا من: day, week, month, year"
    ]


@pytest.mark.parametrize("interval", ["day", "week", "month", "year"])
@pytest.mark.parametrize("day", [datetime.date(9999, 12, 31), datetime.date(9999, 12, 27)])
def test_the_chart_ends_on_the_last_day_a_date_can_have(client, interval, day):
    make_incident(date=day)
    periods = chart(client, f"?interval={interval}&date_after=9999-12-01")["periods"]
    assert periods[-1]["end"] == (day.isoformat() if interval == "day" else "9999-12-31")
    assert sum(period["total"] for period in periods) == 1
