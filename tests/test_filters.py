"""One filter behind every public output: the same query string, the same incidents."""

import csv
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from incidents.filters import IncidentFilter
from incidents.models import FoundWord, Incident, MonthTally, Tally
from tests.factories import make_claim, make_group, make_incident

pytestmark = pytest.mark.django_db

FILTERS = [
    "",
    "type=rocket",
    "type=ied&type=assassination",
    "date_after=2020-08-01&date_before=2020-08-15",
    "date_after=2019-11-15&date_before=2019-11-20",  # only the month-precision November rows overlap
    "group=kataib-hezbollah",
    "group=kataib-hezbollah&with_fronts=on",
    "group=usbat-al-thaireen&group=ashab-al-kahf",
    "governorate=basra",
    "target=convoy",
    "confidence=low",
    "confidence=high&confidence=medium",
    "q=Taji",
    "q=كتائب",
    "q=League of Revolutionaries",
    "type=rocket&governorate=baghdad&date_after=2020-01-01&date_before=2020-03-31",
    "target_owner=us_coalition",
    "target_owner=iraqi_civilians&target_owner=international",
    "headline=us_coalition_attacks",
    "headline=other&governorate=basra",
]


@pytest.fixture
def seed():
    call_command("loaddata", "iraq_2019_2020", verbosity=0)


def ids_in_list(client, query):
    response = client.get(f"{reverse('incident_list')}?{query}&page=1")
    ids = list(response.context["page"].paginator.object_list)  # the list paginates incident ids
    assert response.context["page"].paginator.count == len(ids)
    return set(ids)


def ids_in_csv(client, query):
    response = client.get(f"{reverse('incident_export_csv')}?{query}")
    rows = list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode())))
    return {int(row["id"]) for row in rows}


def ids_on_map(client, query):
    return {f["properties"]["id"] for f in client.get(f"{reverse('incident_map')}?{query}").json()["features"]}


def chart_total(client, query):
    return client.get(f"{reverse('incident_chart')}?{query}").json()["total"]


def headline_count(client, query):
    return client.get(f"{reverse('overview')}?{query}").context["figures"]["incidents"]


@pytest.mark.parametrize(
    ("query", "keyed_by", "read_from"),
    [
        ({}, Tally, MonthTally),  # no dates asked: summed by month, the first and last day from Tally
        ({"type": ["rocket"], "include_duplicates": "on"}, Tally, MonthTally),
        ({"date_after": "2020-01-01"}, Tally, Tally),  # a month's row can't tell its days apart
        ({"group": ["kataib-hezbollah"]}, Incident, Incident),  # GroupTally can't count the groups responsible
        # no tally holds the text; on PostgreSQL the rows of its words do (incidents.found_words)
        ({"q": "Taji"}, *[FoundWord if connection.vendor == "postgresql" else Incident] * 2),
        ({"q": "Taji", "include_duplicates": "on"}, Incident, Incident),  # those rows leave duplicates out
    ],
)
def test_the_filter_decides_where_the_headline_figures_come_from(seed, query, keyed_by, read_from):
    """IncidentFilter.headline_figures(): the rows whose query keys the cached figures and the
    call that computes them, which gives what counting the incidents gives."""
    filterset = IncidentFilter(query, queryset=Incident.objects.published())
    assert filterset.is_valid(), filterset.errors
    rows, compute = filterset.headline_figures()
    assert rows.model is keyed_by
    with CaptureQueriesContext(connection) as queries:
        figures = compute()
    assert read_from._meta.db_table in queries.captured_queries[0]["sql"]
    assert figures == filterset.qs.headline_figures()


@pytest.mark.parametrize("query", FILTERS)
def test_list_map_chart_figures_and_csv_agree(client, seed, query):
    listed = ids_in_list(client, query)
    assert ids_in_csv(client, query) == listed
    assert ids_on_map(client, query) == listed
    assert chart_total(client, query) == len(listed)
    assert headline_count(client, query) == len(listed)


def test_the_filters_in_the_table_actually_narrow(client, seed):
    everything = ids_in_list(client, "")
    for query in FILTERS[1:]:
        assert ids_in_list(client, query) < everything, query


def test_date_bounds_are_inclusive_and_month_precision_overlaps(client, seed):
    assert ids_in_list(client, "date_after=2019-10-30&date_before=2019-10-30") == {1}
    november = ids_in_list(client, "date_after=2019-11-15&date_before=2019-11-20&include_duplicates=on")
    assert {2, 3} <= november  # known only to the month (#2 is a duplicate of #3)
    assert all(Incident.objects.get(pk=pk).date_precision == "month" for pk in november)


def test_a_group_matches_claims_attributions_and_suspicions_but_not_denials(client):
    group = make_group(slug="kh")
    claimed, attributed, suspected, denied = (make_incident() for _ in range(4))
    make_claim(claimed, group, kind="claimed")
    make_claim(attributed, group, kind="attributed")
    make_claim(suspected, group, kind="suspected")
    make_claim(denied, group, kind="denied")
    assert ids_in_list(client, "group=kh") == {claimed.pk, attributed.pk, suspected.pk}


def test_an_incident_named_by_several_chosen_groups_and_values_comes_once_without_a_distinct():
    """No filter joins to many rows, so none needs DISTINCT, which would keep PostgreSQL from taking
    the newest matches off the date index (the overview's latest ten)."""
    first, second = make_group(slug="first"), make_group(slug="second")
    both = make_incident(type="rocket", confidence="high", target_owner="us_military")
    make_claim(both, first, kind="claimed")
    make_claim(both, second, kind="suspected")
    make_claim(both, first, kind="attributed")
    data = {
        "group": ["first", "second"],
        "type": ["rocket", "ied"],
        "confidence": ["high", "medium"],
        "target_owner": ["us_coalition", "us_military"],
    }
    found = IncidentFilter(data, queryset=Incident.objects.published()).qs
    assert list(found.values_list("pk", flat=True)) == [both.pk]
    assert not found.query.distinct


def test_with_fronts_adds_the_incidents_of_suspected_fronts(client, seed):
    kh_only = ids_in_list(client, "group=kataib-hezbollah")
    with_fronts = ids_in_list(client, "group=kataib-hezbollah&with_fronts=on")
    usbat = ids_in_list(client, "group=usbat-al-thaireen")
    assert with_fronts == kh_only | usbat
    assert usbat - kh_only
    assert ids_in_list(client, "group=kataib-hezbollah&with_fronts=1") == with_fronts
    assert ids_in_list(client, "group=kataib-hezbollah&with_fronts=0") == kh_only
    assert ids_in_list(client, "group=kataib-hezbollah&with_fronts=Yes") == with_fronts
    assert ids_in_list(client, "group=kataib-hezbollah&with_fronts=off") == kh_only


def test_drafts_and_retractions_are_in_no_output(client):
    shown = make_incident(title="Published one")
    make_incident(title="Draft one", status="draft")
    make_incident(title="Retracted one", status="retracted", retraction_reason="Wrong date")
    assert ids_in_list(client, "") == ids_in_csv(client, "") == ids_on_map(client, "") == {shown.pk}
    assert chart_total(client, "") == headline_count(client, "") == 1


BAD_QUERIES = [
    ("date_after=2020-13-01", "date_after"),
    ("date_before=yesterday", "date_before"),
    ("type=missile", "type"),
    ("group=no-such-group", "group"),
    ("governorate=atlantis", "governorate"),
    ("target=moon", "target"),
    ("confidence=certain", "confidence"),
    ("date_after=11/03/2020", "date_after"),
    ("date_after=2020-08-10&date_before=2020-08-01", "date_before"),
    ("first_day_after=2020-08-10&first_day_before=2020-08-01", "first_day_before"),
    ("governorate=baghdad&governorate=basra", "governorate"),
    ("target=convoy&target=diplomatic", "target"),
    ("date_after=2020-01-01&date_after=2020-06-01", "date_after"),
    ("q=taji&q=basra", "q"),
    ("include_duplicates=on&include_duplicates=off", "include_duplicates"),
    ("include_duplicates=maybe", "include_duplicates"),  # a flag neither on nor off is not read as on
    ("with_fronts=all", "with_fronts"),
    ("sort=password", "sort"),
    ("q=" + "x" * 201, "q"),
]


@pytest.mark.parametrize("query, field", BAD_QUERIES)
@pytest.mark.parametrize("endpoint", ["incident_map", "incident_chart", "incident_export_csv"])
def test_data_endpoints_answer_bad_filters_with_400_naming_the_parameter(client, endpoint, query, field):
    make_incident()
    response = client.get(f"{reverse(endpoint)}?{query}")
    assert response.status_code == 400
    assert field in response.json()["errors"]


@pytest.mark.parametrize("query, field", BAD_QUERIES)
@pytest.mark.parametrize("page", ["overview", "incident_list"])
def test_pages_show_bad_filters_as_form_errors_and_no_results(client, page, query, field):
    make_incident(title="Should not show")
    response = client.get(f"{reverse(page)}?{query}")
    assert response.status_code == 400
    assert field in response.context["filter"].errors
    html = response.content.decode()
    assert "could not be read" in html
    assert "Should not show" not in html


def test_confidence_selects_incidents_of_the_chosen_confidences(client):
    high, medium, low = (make_incident(confidence=level) for level in ("high", "medium", "low"))
    assert ids_in_list(client, "confidence=low") == {low.pk}
    assert ids_in_list(client, "confidence=high&confidence=medium") == {high.pk, medium.pk}
    assert ids_in_csv(client, "confidence=medium") == ids_on_map(client, "confidence=medium") == {medium.pk}


def test_a_range_that_ends_before_it_starts_is_named_in_the_pages_language(client):
    make_incident()
    english = client.get(reverse("incident_chart"), {"first_day_after": "2020-08-10", "first_day_before": "2020-08-01"})
    assert english.json()["errors"]["first_day_before"] == [
        "“First possible day to” is before “First possible day from”."
    ]
    arabic = client.get("/ar/incidents/", {"date_after": "2020-08-10", "date_before": "2020-08-01"})
    assert arabic.context["filter"].errors["date_before"] == ["«إلى» قبل «من»."]


def test_repeatable_parameters_take_every_value_given(client):
    """type, group, confidence and target_owner are lists: repeating them asks for each."""
    make_incident(type="rocket", confidence="high", target_owner="us_military")
    make_incident(type="ied", confidence="low", target_owner="iraqi_state")
    query = "type=rocket&type=ied&confidence=high&confidence=low&target_owner=us_military&target_owner=iraqi_state"
    assert client.get(f"/api/incidents/?{query}").json()["count"] == 2
