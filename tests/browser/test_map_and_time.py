"""The map with no tile server reachable: its bundled base layer, the choropleth, fitting the
filtered incidents, clusters that say what they are, and the playback stepping map and chart."""

import base64
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command

from incidents.filters import IncidentFilter
from incidents.models import Incident
from tests.browser.conftest import screenshot, tile_urls
from tests.browser.test_public_site import wait_for_chart, wait_for_map

pytestmark = pytest.mark.django_db(transaction=True)

# A 1×1 transparent PNG, served for every tile where a test wants tiles to answer.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
WIDTHS = [(1280, ""), (375, "-phone")]


@pytest.fixture
def seeded(migrated_data):
    call_command("loaddata", "iraq_2019_2020", verbosity=0)


def filtered(**query):
    """How many incidents the public filter selects for this query."""
    return IncidentFilter(query, queryset=Incident.objects.published()).qs.count()


def wait_for_base_layer(page):
    page.wait_for_selector("#incident-map[data-base-layer=drawn]", state="attached")


def query_of(page):
    return {name: values[0] for name, values in parse_qs(urlparse(page.url).query).items()}


@pytest.mark.parametrize(("width", "suffix"), WIDTHS)
def test_with_no_tile_server_the_map_draws_its_own_governorates_neighbours_and_credits(
    page, live_server, seeded, width, suffix
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    wait_for_base_layer(page)
    assert wait_for_map(page) == filtered()
    assert page.locator("#incident-map .leaflet-baseLand-pane path").count() == 18  # the governorates
    assert page.locator("#incident-map .leaflet-baseLand-pane canvas").count() == 1  # the neighbours
    labels = page.locator("#incident-map .governorate-label").all_inner_texts()
    assert "Baghdad" in labels and "Nineveh" in labels and len(labels) == 18  # the site's spellings
    credit = page.inner_text("#incident-map .leaflet-control-attribution")
    assert "geoBoundaries" in credit and "Natural Earth" in credit
    assert "OpenStreetMap" not in credit, "no tile loaded: no tile credit"
    assert page.get_attribute("#incident-map", "data-tiles") is None
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    screenshot(page, "overview" + suffix)


def test_tiles_that_answer_draw_under_the_base_layer_and_bring_their_credit(page, live_server, seeded):
    page.route(tile_urls(), lambda route: route.fulfill(status=200, content_type="image/png", body=TILE))
    page.goto(live_server.url + "/")
    page.wait_for_selector("#incident-map[data-tiles=loaded]", state="attached")
    wait_for_base_layer(page)
    assert "OpenStreetMap" in page.inner_text("#incident-map .leaflet-control-attribution")
    tiles = page.eval_on_selector("#incident-map .leaflet-tile-pane", "e => Number(getComputedStyle(e).zIndex)")
    base = page.eval_on_selector("#incident-map .leaflet-baseLand-pane", "e => Number(getComputedStyle(e).zIndex)")
    assert tiles < base


def test_the_choropleth_colours_governorates_by_the_filtered_incidents(page, live_server, seeded):
    page.goto(live_server.url + "/?type=rocket&layer=governorates")
    page.wait_for_selector("#incident-map-box[data-shaded]", state="attached")
    rockets = filtered(type=["rocket"])
    assert int(page.get_attribute("#incident-map-box", "data-loaded")) == rockets
    governorates = (
        Incident.objects.published()
        .filter(type="rocket", duplicate_of__isnull=True, location__governorate__isnull=False)
        .values("location__governorate")
        .distinct()
        .count()
    )
    assert int(page.get_attribute("#incident-map-box", "data-shaded")) == governorates
    assert page.locator("#choropleth-legend").is_visible()
    assert not page.locator(".legend-clusters").is_visible()
    assert page.locator("#incident-map .marker-cluster").count() == 0
    table = page.locator("#governorate-table tbody tr", has_text="Baghdad").locator("td").first.text_content()
    assert int(table) == filtered(type=["rocket"], governorate="baghdad")
    screenshot(page, "choropleth")

    page.click("#map-layers [data-layer=clusters]")
    assert wait_for_map(page) == rockets
    page.wait_for_selector("#incident-map .marker-cluster")
    assert "layer" not in query_of(page) and query_of(page)["type"] == "rocket"


@pytest.mark.parametrize("width", [1280, 375])
def test_the_map_fits_the_filtered_incidents_with_no_cluster_cut_off(page, live_server, seeded, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/?governorate=basra")
    assert wait_for_map(page) == filtered(governorate="basra")
    canvas = page.locator("#incident-map").bounding_box()
    drawn = page.locator("#incident-map .leaflet-marker-pane > *")
    assert drawn.count() > 0
    for index in range(drawn.count()):
        box = drawn.nth(index).bounding_box()
        assert canvas["x"] <= box["x"] and box["x"] + box["width"] <= canvas["x"] + canvas["width"]
        assert canvas["y"] <= box["y"] and box["y"] + box["height"] <= canvas["y"] + canvas["height"]
    names = page.locator("#incident-map .marker-cluster").evaluate_all(
        "es => es.map(e => e.getAttribute('aria-label'))"
    )
    assert names and all(name.endswith("incidents near Basra") for name in names), names
    in_view = page.locator("#map-in-view-list li").all_text_contents()
    assert in_view and all("Basra" in line for line in in_view)


def test_playback_steps_map_and_chart_together_and_keeps_its_place_in_the_url(page, live_server, seeded):
    page.goto(live_server.url + "/?type=rocket")
    wait_for_map(page)
    wait_for_chart(page)
    slider = page.locator("#playback-position")
    slider.focus()
    page.keyboard.press("ArrowRight")  # from the keyboard: the second month of the rockets' span
    page.wait_for_selector("#playback[data-position]:not([data-position=''])", state="attached")
    query = query_of(page)
    assert query["type"] == "rocket" and query["date_after"].endswith("-01")
    assert page.get_attribute("#incident-chart", "data-marked-period") == "1"
    expected = filtered(type=["rocket"], date_after=query["date_after"], date_before=query["date_before"])
    page.wait_for_selector(f"#incident-map-box[data-loaded='{expected}']", state="attached")
    assert "play_from" not in query, "the filter had no dates: the span is its incidents', none to restore"
    label = page.inner_text("#playback-label")
    assert label and slider.get_attribute("aria-valuetext") == label

    # The permalink opens on the same step, without JavaScript (the date filter) and with it.
    permalink = page.url
    page.goto(permalink)
    assert int(page.inner_text("[data-figure=incidents]")) == expected
    page.wait_for_selector(f"#playback[data-position='{query['date_after']}']", state="attached")
    assert page.get_attribute("#incident-chart", "data-marked-period") == "1"
    assert int(page.get_attribute("#incident-chart", "data-drawn-total")) == filtered(type=["rocket"])

    page.locator("#playback-play").press("Enter")  # plays: the next step comes by itself
    page.wait_for_selector("#incident-chart[data-marked-period='2']", state="attached")
    page.locator("#playback-play").press("Enter")
    assert page.get_attribute("#playback-play", "aria-pressed") == "false"
    screenshot(page, "playback")

    page.click("#playback-all")
    page.wait_for_selector("#incident-chart[data-marked-period='']", state="attached")
    assert query_of(page) == {"type": "rocket"}
    page.wait_for_selector(f"#incident-map-box[data-loaded='{filtered(type=['rocket'])}']", state="attached")


def test_playback_within_a_dated_filter_keeps_and_gives_back_its_dates_and_steps_by_week(page, live_server, seeded):
    page.goto(live_server.url + "/?date_after=2020-01-01&date_before=2020-06-30")
    wait_for_map(page)
    wait_for_chart(page)
    page.locator("#playback-position").focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_selector("#playback[data-position='2020-02-01']", state="attached")
    query = query_of(page)
    assert (query["play_from"], query["play_to"]) == ("2020-01-01", "2020-06-30")
    assert (query["date_after"], query["date_before"]) == ("2020-02-01", "2020-02-29")
    assert page.input_value("#filters [name=date_after]") == "2020-02-01"  # applying the form keeps the step

    page.select_option("#playback-step", "week")  # the week holding 1 February 2020 (from Monday 27 January)
    page.wait_for_selector("#playback[data-position='2020-01-27']", state="attached")
    assert query_of(page)["play"] == "week"
    assert int(page.get_attribute("#incident-chart", "data-drawn-periods")) > 6, "the chart redrawn by week"

    page.click("#playback-all")
    page.wait_for_selector("#playback[data-position='']", state="attached")
    assert query_of(page) == {"date_after": "2020-01-01", "date_before": "2020-06-30"}
