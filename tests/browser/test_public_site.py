"""What only a browser shows on the public site: map, chart, filters and downloads working together."""

import csv
import io
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command

from incidents.models import Incident
from tests.browser.conftest import screenshot, tile_urls

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(migrated_data):
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    return Incident.objects.counted().count()  # the seed's duplicates count once


def wait_for_map(page):
    page.wait_for_selector("#incident-map-box[data-loaded]", state="attached")
    return int(page.get_attribute("#incident-map-box", "data-loaded"))


def wait_for_chart(page):
    page.wait_for_selector("#incident-chart[data-drawn-total]", state="attached")
    return int(page.get_attribute("#incident-chart", "data-drawn-total"))


def test_the_overview_map_shows_the_seed_as_clusters(page, live_server, seeded):
    page.goto(live_server.url + "/")
    assert wait_for_map(page) == seeded
    assert "shown approximately" in page.inner_text("#map-status")
    assert page.locator("#incident-map .marker-cluster").count() > 0


def test_a_marker_opens_a_popup_whose_link_leads_to_the_incident(page, live_server, seeded):
    incident = Incident.objects.get(location__name="Diwaniyah")  # a town: drawn as a marker, not a dashed circle
    page.goto(live_server.url + "/?q=Diwaniya+bridge")
    assert wait_for_map(page) == 1
    page.locator("#incident-map .leaflet-marker-icon").click()
    link = page.locator(".leaflet-popup-content a")
    link.wait_for()
    assert link.inner_text() == incident.title
    assert "Claimed by: no claim" in page.inner_text(".leaflet-popup-content")
    with page.expect_navigation():
        link.click()
    assert page.url.endswith(incident.get_absolute_url())
    assert page.locator("h1").inner_text() == incident.title


def test_the_chart_total_equals_the_list_count_and_clicking_a_period_narrows(page, live_server, seeded):
    page.goto(live_server.url + "/")
    assert wait_for_chart(page) == seeded
    assert int(page.inner_text("[data-figure=incidents]")) == seeded
    page.locator("#incident-chart").scroll_into_view_if_needed()
    canvas = page.locator("#incident-chart").bounding_box()
    # click the last bar (August 2020, the busiest month)
    page.mouse.click(canvas["x"] + canvas["width"] - 30, canvas["y"] + canvas["height"] * 0.3)
    page.wait_for_url("**first_day_after=*")  # the incidents the bar counts, by their first possible day
    query = parse_qs(urlparse(page.url).query)
    assert query["first_day_after"] == ["2020-08-01"] and query["first_day_before"] == ["2020-08-31"]
    narrowed = int(page.inner_text("[data-figure=incidents]"))
    assert 0 < narrowed < seeded
    assert wait_for_chart(page) == narrowed


def test_changing_the_type_changes_map_chart_and_url_together(page, live_server, seeded):
    page.goto(live_server.url + "/")
    wait_for_map(page)
    page.click("#filter-summary")
    page.get_by_label("IED", exact=True).check()
    with page.expect_navigation():
        page.click("text=Apply filters")
    rockets = Incident.objects.published().filter(type="ied").count()
    assert wait_for_map(page) == rockets
    assert wait_for_chart(page) == rockets
    assert int(page.inner_text("[data-figure=incidents]")) == rockets
    assert parse_qs(urlparse(page.url).query)["type"] == ["ied"]


def test_the_csv_link_downloads_exactly_the_filtered_rows(page, live_server, seeded):
    page.goto(live_server.url + "/incidents/?type=rocket&governorate=baghdad")
    count = int(page.get_attribute("[data-count]", "data-count"))
    with page.expect_download() as download_info:
        page.click("#csv-link")
    download = download_info.value
    assert download.suggested_filename.startswith("incidents-") and download.suggested_filename.endswith(".csv")
    rows = list(csv.DictReader(io.StringIO(open(download.path(), encoding="utf-8").read())))
    assert len(rows) == count > 0
    assert {row["type"] for row in rows} == {"rocket"} and {row["governorate"] for row in rows} == {"Baghdad"}


@pytest.mark.parametrize("path", ["/", "/incidents/", "/incidents/26/", "/groups/kataib-hezbollah/"])
def test_a_phone_sized_screen_scrolls_only_vertically(browser, live_server, seeded, path):
    context = browser.new_context(viewport={"width": 375, "height": 740})
    context.route(tile_urls(), lambda route: route.abort())
    page = context.new_page()
    page.goto(live_server.url + path)
    page.wait_for_load_state("networkidle")
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    if path == "/":
        assert page.locator("#incident-map").is_visible()
        assert page.locator("table.incidents").is_visible()
    context.close()


def test_screenshots_of_an_incident_and_a_group(page, live_server, seeded):
    page.goto(live_server.url + "/incidents/26/")
    page.wait_for_selector("#incident-map .leaflet-marker-icon")
    screenshot(page, "incident")
    page.goto(live_server.url + "/groups/kataib-hezbollah/")
    wait_for_chart(page)
    screenshot(page, "group")


def test_titles_with_markup_show_as_text_in_popups(page, live_server, migrated_data):
    from tests.factories import make_incident

    make_incident(title='<img src=x onerror="window.pwned=1">')
    page.goto(live_server.url + "/")
    wait_for_map(page)
    page.locator("#incident-map .leaflet-marker-icon").first.click()
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "<img src=x" in popup.inner_text()
    assert page.evaluate("window.pwned") is None
