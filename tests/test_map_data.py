"""/incidents/map.geojson: points as [lon, lat], approximate places flagged, clusters when zoomed out."""

import pytest
from django.test import override_settings
from django.urls import reverse

from incidents import maps
from incidents.models import Governorate
from tests.factories import make_claim, make_group, make_incident, make_location

pytestmark = pytest.mark.django_db


def geojson(client, query=""):
    response = client.get(reverse("incident_map") + query)
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/geo+json"
    return response.json()


def test_points_are_lon_lat_with_the_popup_facts(client):
    incident = make_incident(title="Rockets", location=make_location(latitude="33.529440", longitude="44.277500"))
    make_claim(incident, make_group(name="Usbat al-Thaireen"), kind="claimed")
    data = geojson(client)
    assert data["type"] == "FeatureCollection" and data["count"] == 1
    feature = data["features"][0]
    assert feature["geometry"] == {"type": "Point", "coordinates": [44.2775, 33.52944]}
    props = feature["properties"]
    assert props["title"] == "Rockets" and props["claimed_by"] == ["Usbat al-Thaireen"]
    assert props["url"] == incident.get_absolute_url() and props["approximate"] is False
    assert props["date_display"] == "11 March 2020"


def test_places_without_coordinates_are_drawn_approximately_not_dropped(client):
    basra = Governorate.objects.get(slug="basra")
    make_incident(location=make_location(governorate=basra, latitude=None, longitude=None, geo_precision="town"))
    make_incident(location=make_location(governorate=None, latitude=None, longitude=None, geo_precision="country"))
    make_incident()
    data = geojson(client)
    assert (data["count"], data["approximate"]) == (3, 2)
    points = {tuple(f["geometry"]["coordinates"]): f["properties"]["approximate"] for f in data["features"]}
    assert points[(float(basra.longitude), float(basra.latitude))] is True
    assert points[(43.7, 33.2)] is True


def test_bbox_limits_the_features(client):
    make_incident(location=make_location(latitude="33.3", longitude="44.4"))  # Baghdad
    make_incident(location=make_location(latitude="30.5", longitude="47.8"))  # Basra
    data = geojson(client, "?bbox=43,32,46,34&zoom=12")
    assert data["count"] == 1 and len(data["features"]) == 1


@override_settings(MAP_MAX_POINTS=5)
def test_zoomed_out_over_many_incidents_the_database_returns_clusters(client):
    for lat in ("33.30", "33.31", "33.32", "33.33"):
        make_incident(location=make_location(latitude=lat, longitude="44.40"))
    for lat in ("30.50", "30.51", "30.52"):
        make_incident(location=make_location(latitude=lat, longitude="47.80"))
    data = geojson(client, "?bbox=38,29,49,38&zoom=5")
    assert data["clustered"] is True
    assert sorted(f["properties"]["count"] for f in data["features"]) == [3, 4]
    assert all(f["properties"]["cluster"] is True for f in data["features"])
    zoomed_in = geojson(client, f"?bbox=38,29,49,38&zoom={maps.CLUSTER_BELOW_ZOOM}")
    assert zoomed_in["clustered"] is True, "zoomed in over many incidents: still clusters, one per place"
    assert [f["properties"]["count"] for f in zoomed_in["features"]] == [1] * 7
    assert all(f["properties"]["place"] for f in zoomed_in["features"])
    few = geojson(client, f"?bbox=44,33,45,34&zoom={maps.CLUSTER_BELOW_ZOOM}")
    assert few["clustered"] is False and len(few["features"]) == 4


@override_settings(MAP_MAX_POINTS=5)
def test_many_incidents_at_one_place_zoomed_in_are_one_cluster_not_thousands_of_points(client):
    base = make_location(name="Camp Taji", latitude="33.52944", longitude="44.27750")
    for _ in range(8):
        make_incident(location=base)
    data = geojson(client, "?bbox=44.2,33.5,44.3,33.6&zoom=16")
    assert data["clustered"] is True and data["count"] == 8
    [cluster] = data["features"]
    assert cluster["properties"]["count"] == 8 and cluster["properties"]["place"] == "Camp Taji"
    assert cluster["geometry"]["coordinates"] == [44.2775, 33.52944]


@override_settings(MAP_MAX_POINTS=1)
def test_a_published_edit_shows_on_the_map_at_once(client):
    """Map aggregates are cached under the data version: a change is never served stale."""
    make_incident(location=make_location(latitude="33.3", longitude="44.4"))
    make_incident(location=make_location(latitude="33.3", longitude="44.4"))
    assert geojson(client, "?bbox=38,29,49,38&zoom=5")["count"] == 2
    make_incident(location=make_location(latitude="30.5", longitude="47.8"))
    assert geojson(client, "?bbox=38,29,49,38&zoom=5")["count"] == 3


def spread_over_iraq(count):
    """`count` incidents at as many places, in Baghdad (west) and Basra (east)."""
    for n in range(count):
        latitude, longitude = ("33.3", "44.4") if n % 2 else ("30.5", "47.8")
        make_incident(location=make_location(latitude=f"{latitude}{n}", longitude=longitude))


@override_settings(MAP_MAX_POINTS=5)
def test_without_zoom_over_the_point_cap_the_answer_is_clusters_not_every_incident(client):
    """The unbounded request (no zoom, no bbox: the GeoJSON download link) built every feature."""
    spread_over_iraq(7)
    data = geojson(client)
    assert data["clustered"] is True and data["count"] == 7
    assert all(f["properties"]["cluster"] is True for f in data["features"])
    assert sorted(f["properties"]["count"] for f in data["features"]) == [3, 4], "the overview's zoom-6 grid"
    in_view = geojson(client, "?bbox=38,29,49,38")
    assert in_view["clustered"] is True and len(in_view["features"]) == 2


@override_settings(MAP_MAX_POINTS=5)
def test_without_zoom_up_to_the_point_cap_the_answer_is_points(client):
    spread_over_iraq(5)
    data = geojson(client)
    assert data["clustered"] is False and len(data["features"]) == 5
    assert all("cluster" not in f["properties"] for f in data["features"])


@pytest.mark.parametrize(
    "query, field",
    [
        ("?bbox=1,2,3", "bbox"),
        ("?bbox=a,b,c,d", "bbox"),
        ("?bbox=44,95,45,96", "bbox"),
        ("?bbox=50,30,40,35", "bbox"),
        ("?zoom=x", "zoom"),
        ("?zoom=99", "zoom"),
    ],
)
def test_bad_bbox_or_zoom_is_a_400(client, query, field):
    response = client.get(reverse("incident_map") + query)
    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_under_ar_a_bad_bbox_or_zoom_is_refused_in_arabic_and_the_readers_digits(client):
    assert client.get("/ar/incidents/map.geojson?bbox=1,2,3").json() == {
        "errors": {"bbox": ["يجب أن يكون bbox أربعة أعداد: minlon,minlat,maxlon,maxlat"]}
    }
    assert client.get("/ar/incidents/map.geojson?bbox=44,95,45,96").json()["errors"]["bbox"] == [
        "يجب أن تقع خطوط العرض في bbox بين -90 و90، الصغرى أولًا"
    ]
    client.cookies["digits"] = "arabic-indic"
    assert client.get("/ar/incidents/map.geojson?zoom=99").json()["errors"]["zoom"] == [
        "يجب أن يكون zoom عددًا صحيحًا من ٠ إلى ٢٢"
    ]
    assert client.get("/incidents/map.geojson?zoom=99").json()["errors"]["zoom"] == [
        "zoom must be a whole number from 0 to 22"
    ]


def test_map_query_count_does_not_grow(client, django_assert_max_num_queries):
    group = make_group()
    for _ in range(40):
        make_claim(make_incident(), group)
    # data version, incidents per place, places, incidents, claims, source links
    with django_assert_max_num_queries(6):
        assert geojson(client)["count"] == 40
