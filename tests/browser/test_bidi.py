"""The map's popups, built in the browser, isolate every name in a <bdi> as the pages do."""

import pytest

from tests.factories import make_claim, make_group, make_incident, make_location

pytestmark = pytest.mark.django_db(transaction=True)
RLO = "\u202e"
# Text nodes holding a bidi control with no <bdi> (or element with dir) around them.
UNISOLATED = r"""selector => {
    const box = document.querySelector(selector), found = [];
    const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
        const node = walker.currentNode, isolated = node.parentElement.closest("bdi, [dir]");
        if (/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/.test(node.data) && !isolated) found.push(node.data);
    }
    return found;
}"""


@pytest.fixture
def hostile_names(migrated_data):
    place = make_location(name=f"Camp {RLO}ylno")
    incident = make_incident(title=f"Rockets {RLO}ylno", location=place)
    make_claim(incident, make_group(name=f"Brigade {RLO}ylno"))
    make_claim(incident, make_group(name=f"Front {RLO}ylno"))
    return incident


def open_popup(page, live_server, marker):
    page.goto(live_server.url + "/")
    page.wait_for_selector("#incident-map-box[data-loaded]", state="attached")
    page.locator(marker).first.click()
    page.locator(".leaflet-popup-content").wait_for()


def test_an_incidents_popup_isolates_its_title_place_and_claimants(page, live_server, hostile_names):
    open_popup(page, live_server, "#incident-map .leaflet-marker-icon")
    assert page.locator(".leaflet-popup-content bdi").count() == 4  # title, place, two groups
    assert page.evaluate(UNISOLATED, ".leaflet-popup-content") == []


def test_a_places_cluster_popup_isolates_the_place(page, live_server, hostile_names, settings):
    settings.MAP_MAX_POINTS = 0  # cluster even one incident (the live server runs in this process)
    page.goto(live_server.url + "/")
    page.wait_for_selector("#incident-map-box[data-loaded]", state="attached")
    for _ in range(4):  # zoomed out a click zooms in; from zoom 11 a cluster is one place, with a popup
        cluster = page.wait_for_selector("#incident-map .marker-cluster")
        cluster.click()
        if page.locator(".leaflet-popup-content").count():
            break
        cluster.wait_for_element_state("hidden")
    page.locator(".leaflet-popup-content").wait_for()
    assert page.locator(".leaflet-popup-content bdi").count() == 1
    assert page.evaluate(UNISOLATED, ".leaflet-popup-content") == []
