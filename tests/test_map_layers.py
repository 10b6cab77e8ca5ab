"""The choropleth's counts (/incidents/governorates.json), the overview's map layer and playback
parameters, what the map says about clusters and places, and the chart table's totals."""

import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from incidents.models import Governorate, Incident
from tests.factories import make_claim, make_group, make_incident, make_location

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """Each test starts in English and leaves the thread's language as it found it: a request
    under /ar/ activates Arabic for the thread (reverse() and templates would follow it)."""
    with translation.override("en"):
        yield


def counts(client, query=""):
    response = client.get(reverse("incident_governorates") + query)
    assert response.status_code == 200, response.content
    return response.json()


def by_slug(data):
    return {row["slug"]: row for row in data["governorates"]}


@pytest.fixture
def places():
    babil, basra = Governorate.objects.get(slug="babil"), Governorate.objects.get(slug="basra")
    return {
        "baghdad": make_location(),  # an exact site in Baghdad
        "babil": make_location(
            name="Hilla–Diwaniyah highway",
            governorate=babil,
            latitude=None,
            longitude=None,
            geo_precision="governorate",
        ),
        "basra": make_location(
            name="Basra", governorate=basra, latitude="30.5", longitude="47.8", geo_precision="town"
        ),
        "iraq": make_location(name="Iraq", governorate=None, latitude=None, longitude=None, geo_precision="country"),
    }


def test_every_governorate_is_counted_by_its_iso_code_zeros_included(client, places):
    make_incident(location=places["baghdad"])
    make_incident(location=places["baghdad"])
    make_incident(location=places["basra"])
    data = counts(client)
    assert len(data["governorates"]) == 18
    rows = by_slug(data)
    assert (rows["baghdad"]["count"], rows["baghdad"]["iso_code"]) == (2, "IQ-BG")
    assert (rows["basra"]["count"], rows["basra"]["iso_code"]) == (1, "IQ-BA")
    assert rows["najaf"]["count"] == 0
    assert data["total"] == 3 and data["without_governorate"] == 0


def test_a_place_known_only_to_its_governorate_counts_there_and_says_so(client, places):
    make_incident(location=places["babil"])
    make_incident(location=places["iraq"])
    data = counts(client)
    babil = by_slug(data)["babil"]
    assert (babil["count"], babil["known_only_to_governorate"]) == (1, 1)
    assert data["without_governorate"] == 1, "known only to the country: counted apart, in no governorate"
    assert data["total"] == 2


def test_the_counts_follow_the_filter_and_leave_out_drafts_and_duplicates(client, places):
    kept = make_incident(location=places["baghdad"], type="rocket", date=datetime.date(2020, 3, 2))
    make_incident(location=places["baghdad"], type="ied", date=datetime.date(2020, 3, 3))
    make_incident(location=places["baghdad"], type="rocket", date=datetime.date(2020, 4, 3))
    make_incident(location=places["baghdad"], type="rocket", date=datetime.date(2020, 3, 5), status="draft")
    make_incident(location=places["baghdad"], type="rocket", date=datetime.date(2020, 3, 6), duplicate_of=kept)
    data = counts(client, "?type=rocket&date_after=2020-03-01&date_before=2020-03-31")
    assert by_slug(data)["baghdad"]["count"] == 1 and data["total"] == 1


@pytest.mark.parametrize(
    "query, parameter",
    [("?type=catapult", "type"), ("?date_after=2020-13-01", "date_after"), ("?layer=governorates", "layer")],
)
def test_a_value_or_parameter_it_cant_read_is_a_400_naming_it(client, query, parameter):
    response = client.get(reverse("incident_governorates") + query)
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


def test_the_counts_roll_up_the_maps_counts_per_place_then_come_from_the_cache(
    client, places, django_assert_num_queries
):
    make_incident(location=places["baghdad"])
    client.get(reverse("incident_map"))  # the map counted the incidents per place
    # the data version (twice: these counts, the map's), the governorates
    with django_assert_num_queries(3):
        first = counts(client)
    with django_assert_num_queries(1):  # the data version: unchanged, so the counts come from the cache
        assert counts(client) == first


def test_alone_the_counts_are_a_bounded_number_of_queries(client, places, django_assert_num_queries):
    for _ in range(5):
        make_incident(location=places["baghdad"])
    # the data version (twice), the incidents per place, the places' points, the governorates
    with django_assert_num_queries(5):
        counts(client)


def test_arabic_pages_name_the_governorates_in_arabic(client, places):
    rows = by_slug(counts(client))
    arabic = client.get("/ar" + reverse("incident_governorates")).json()
    assert by_slug(arabic)["baghdad"]["label"] == Governorate.objects.get(slug="baghdad").arabic_name
    assert rows["baghdad"]["label"] == "Baghdad"


def test_the_overview_keeps_the_layer_and_playback_for_its_scripts_not_for_the_data_urls(client, places):
    make_incident(location=places["baghdad"], type="rocket")
    query = "?type=rocket&layer=governorates&play=month&date_after=2020-03-01&date_before=2020-03-31"
    response = client.get(reverse("overview") + query)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-layer="governorates"' in html
    assert "/incidents/map.geojson?type=rocket&amp;date_after=2020-03-01&amp;date_before=2020-03-31" in html
    assert "layer=" not in html.split('data-geojson-url="')[1].split('"')[0]
    assert "play=" not in html.split('data-counts-url="')[1].split('"')[0]
    assert response.wsgi_request.ignored_parameters == []
    assert 'id="governorate-table"' in html


def test_the_overview_without_javascript_has_each_governorates_count(client, places):
    make_incident(location=places["babil"])
    make_incident(location=places["babil"])
    html = client.get(reverse("overview")).content.decode()
    row = html.split('data-iso="IQ-BB"')[1].split("</tr>")[0]
    assert "<td>2</td><td>2</td>" in row  # two incidents, both known only to the governorate


def test_the_overview_query_count_stays_bounded(client, places, django_assert_max_num_queries):
    for _ in range(5):
        make_incident(location=places["baghdad"])
    client.get(reverse("overview"))
    with django_assert_max_num_queries(8):  # session-free page: version, list of latest (+ relations), filter choices
        assert client.get(reverse("overview")).status_code == 200


def test_a_place_reads_with_how_well_it_is_known(places):
    render = Template("{% load incident_tags %}{{ location|place }}").render
    assert render(Context({"location": places["babil"]})) == (
        "<bdi>Hilla–Diwaniyah highway</bdi> (<bdi>Babil</bdi>) — known to the governorate"
    )
    exact = places["baghdad"]
    assert render(Context({"location": exact})) == f"<bdi>{exact.name}</bdi> (<bdi>{exact.governorate.name}</bdi>)"


def test_map_features_name_their_governorate_and_how_well_the_place_is_known(client, places):
    make_incident(location=places["babil"])
    make_incident(location=places["basra"])
    data = client.get(reverse("incident_map")).json()
    props = {f["properties"]["governorate"]: f["properties"] for f in data["features"]}
    assert props["Babil"]["known_to"] == "known to the governorate"
    assert props["Basra"]["known_to"] == "known to the town"
    babil = Governorate.objects.get(slug="babil")
    assert data["extent"] == [float(babil.longitude), 30.5, 47.8, float(babil.latitude)]


def test_a_cluster_says_what_it_is_near(client, places, settings):
    settings.MAP_MAX_POINTS = 1
    make_incident(location=places["baghdad"])
    make_incident(location=places["baghdad"])
    data = client.get(reverse("incident_map") + "?bbox=38,29,49,38&zoom=5").json()
    assert [f["properties"]["near"] for f in data["features"]] == ["Baghdad"]


def test_on_an_arabic_page_a_cluster_and_a_marker_name_their_governorate_in_arabic(client, places, settings):
    make_incident(location=places["basra"])
    marker = client.get("/ar/incidents/map.geojson").json()["features"][0]["properties"]
    assert marker["governorate_display"] == "البصرة" and marker["governorate"] == "Basra"
    settings.MAP_MAX_POINTS = 0
    data = client.get("/ar/incidents/map.geojson?bbox=38,29,49,38&zoom=5").json()
    assert [f["properties"]["near"] for f in data["features"]] == ["البصرة"]


def test_on_an_arabic_page_a_places_cluster_and_a_popups_claimants_say_which_names_are_english(client, settings):
    """The map marks a name shown in English, as the pages do: what it shows comes with its lang."""
    taji = make_location(name="Camp Taji", arabic_name="معسكر التاجي")
    unnamed = make_location(name="Camp Nowhere", latitude="30.5", longitude="47.8")
    kh = make_group(name="Kataib Hezbollah", arabic_name="كتائب حزب الله")
    claimed = make_incident(location=taji)
    for group in (kh, make_group(name="Usbat al-Thaireen")):
        make_claim(claimed, group, kind="claimed")
    make_claim(claimed, actor="Saraya Awliya al-Dam", kind="claimed")
    make_incident(location=unnamed)
    marker = client.get("/ar/incidents/map.geojson").json()["features"][1]["properties"]
    assert marker["claimed_by_display"] == [
        ["كتائب حزب الله", None],
        ["Usbat al-Thaireen", "en"],
        ["Saraya Awliya al-Dam", "en"],
    ]
    settings.MAP_MAX_POINTS = 0
    data = client.get("/ar/incidents/map.geojson?bbox=38,29,49,38&zoom=13").json()
    named = {(f["properties"]["place_display"], f["properties"]["place_lang"]) for f in data["features"]}
    assert named == {("معسكر التاجي", None), ("Camp Nowhere", "en")}
    english = client.get("/incidents/map.geojson?bbox=38,29,49,38&zoom=13").json()
    assert {f["properties"]["place_lang"] for f in english["features"]} == {None}


def test_the_chart_says_each_types_total_and_whether_it_is_an_attack(client):
    make_incident(type="rocket")
    make_incident(type="rocket")
    make_incident(type="propaganda")
    series = {s["type"]: s for s in client.get(reverse("incident_chart")).json()["series"]}
    assert (series["rocket"]["total"], series["rocket"]["attack"]) == (2, True)
    assert (series["propaganda"]["total"], series["propaganda"]["attack"]) == (1, False)
    assert set(Incident.ATTACK_TYPES) >= {"rocket"} and "propaganda" not in Incident.ATTACK_TYPES


def test_the_chart_tables_total_row_has_every_types_total(client):
    make_incident(type="rocket")
    make_incident(type="rocket")
    make_incident(type="ied")
    html = client.get(reverse("overview")).content.decode()
    foot = html.split('id="chart-table"')[1].split("<tfoot>")[1].split("</tfoot>")[0]
    assert "data-chart-total>3<" in foot
    assert 'data-series-total="rocket">2<' in foot and 'data-series-total="ied">1<' in foot
