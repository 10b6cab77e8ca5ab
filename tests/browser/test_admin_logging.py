"""The analyst's add form in Chromium at 1,280 px: the common case in at most 15 actions, the place
picker with the known places, the governorate from the coordinates, a layout that fits, a draft
preview, and the history page under the CSP. No tile server is reachable (tiles are refused)."""

import datetime

import pytest
from django.conf import settings

from incidents.models import Governorate, Incident, Location, Source
from tests.browser.test_admin import log_in
from tests.factories import link_source, make_claim, make_group, make_incident, make_location, make_source, make_staff

pytestmark = pytest.mark.django_db(transaction=True)
MOST_ACTIONS = 15


class Analyst:
    """Works the page as an analyst does, counting every action. One action is: a click; a field
    typed (getting into it and typing its text: Playwright's fill, or typing into an open
    autocomplete's search box); a choice in a select; a key pressed (Enter, Tab) to confirm or move
    on. Waiting for the page (an autocomplete's results, a map) is not an action."""

    def __init__(self, page):
        self.page, self.actions = page, []

    def counted(self, action):
        self.actions.append(action)

    def click(self, selector):
        self.page.click(selector)
        self.counted(f"click {selector}")

    def type(self, selector, text):
        self.page.fill(selector, text)
        self.counted(f"type {text!r} in {selector}")

    def choose(self, selector, value):
        self.page.select_option(selector, value)
        self.counted(f"choose {value} in {selector}")

    def press(self, key):
        self.page.keyboard.press(key)
        self.counted(f"press {key}")

    def autocomplete(self, select_id, search, result):
        """Open Django's autocomplete, type a few letters, take the highlighted result with Enter."""
        self.click(f"#{select_id} + .select2 .select2-selection")
        search_box = ".select2-container--open .select2-search__field"
        self.page.wait_for_selector(f"{search_box}:focus")  # keys typed before it has the focus are lost
        self.page.keyboard.type(search)
        assert self.page.input_value(search_box) == search
        self.counted(f"type {search!r} in the search box of {select_id}")
        self.page.wait_for_selector(f".select2-results__option--highlighted:has-text('{result}')")
        self.press("Enter")


@pytest.fixture
def analyst_page(page, live_server):
    page.route(settings.MAP_TILES_URL.split("/{z}")[0] + "/**", lambda route: route.abort())
    make_staff("analyst", "Analyst")
    log_in(page, live_server, "analyst")
    page.wait_for_selector("#content h1")
    return page


def open_add_form(page, live_server):
    page.goto(f"{live_server.url}/admin/incidents/incident/add/")
    page.wait_for_selector("#place-picker[data-places-shown]", state="attached")


def test_an_analyst_logs_a_known_place_one_claim_and_one_source_in_at_most_15_actions(analyst_page, live_server):
    taji = make_location(name="Camp Taji", kind=Location.Kind.MILITARY_BASE)
    kataib = make_group(name="Kataib Hezbollah", slug="kataib-hezbollah")
    source = make_source(publisher="Reuters", title="Rockets hit Iraq's Camp Taji", reliability=Source.Reliability.B)
    page, analyst = analyst_page, Analyst(analyst_page)
    open_add_form(page, live_server)

    analyst.choose("#id_type", "rocket")
    analyst.type("#id_date", "2020-03-11")
    analyst.type("#id_summary", "About 15 rockets hit the base; two US soldiers and a British soldier were killed.")
    analyst.autocomplete("id_location", "Taji", "Camp Taji")
    analyst.choose("#id_claims-0-kind", "claimed")
    analyst.autocomplete("id_claims-0-group", "Kataib", "Kataib Hezbollah")
    analyst.autocomplete("id_source_links-0-source", "Camp Taji", "Reuters")
    analyst.type("#id_source_links-0-excerpt", "Reports the rockets and the dead.")
    analyst.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    assert len(analyst.actions) <= MOST_ACTIONS, "\n".join(analyst.actions)
    incident = Incident.objects.get()
    assert (incident.status, incident.type, incident.location) == ("draft", "rocket", taji)
    assert (incident.date, incident.date_precision) == (datetime.date(2020, 3, 11), "day")
    assert incident.target == "military_base"  # filled in, visibly, when the base was chosen
    assert incident.title == "Rocket or mortar at Camp Taji"
    assert incident.confidence == "high" == incident.confidence_allowed()  # a B source
    claim = incident.claims.get()
    assert (claim.kind, claim.group, claim.source, claim.confidence) == ("claimed", kataib, source, "high")
    assert incident.source_links.get().excerpt == "Reports the rockets and the dead."


def map_view(page):
    return page.evaluate(
        "(() => { const m = document.getElementById('place-map');"
        " const p = m.querySelector('.leaflet-tooltip:not(.governorate-label)');"
        " return {tooltip: p ? p.textContent : null, markers: m.querySelectorAll('.leaflet-marker-icon').length,"
        " dots: m.querySelectorAll('path.leaflet-interactive').length}; })()"
    )


def test_the_picker_shows_the_known_places_and_zooms_to_the_one_chosen(analyst_page, live_server):
    make_location(name="Camp Taji", kind=Location.Kind.MILITARY_BASE)
    make_location(name="Ain al-Asad Air Base", latitude="33.8", longitude="42.433")
    page = analyst_page
    open_add_form(page, live_server)
    assert map_view(page) == {"tooltip": None, "markers": 0, "dots": 2}
    Analyst(page).autocomplete("id_location", "Taji", "Camp Taji")
    page.wait_for_selector("#place-map .leaflet-tooltip:not(.governorate-label):has-text('Camp Taji (Baghdad)')")
    assert map_view(page)["markers"] == 1
    tooltip, box = (
        page.locator("#place-map .leaflet-tooltip:not(.governorate-label)").bounding_box(),
        page.locator("#place-map").bounding_box(),
    )
    assert box["x"] < tooltip["x"] < box["x"] + box["width"] and box["y"] < tooltip["y"] < box["y"] + box["height"]


def test_the_edit_page_has_the_map_with_its_place(analyst_page, live_server):
    incident = make_incident(location=make_location(name="Camp Taji"), status=Incident.Status.DRAFT)
    page = analyst_page
    page.goto(f"{live_server.url}/admin/incidents/incident/{incident.pk}/change/")
    page.wait_for_selector("#place-map .leaflet-tooltip:not(.governorate-label):has-text('Camp Taji (Baghdad)')")
    assert page.locator("#id_place_latitude").count() == 0  # a recorded incident keeps its place link


def test_a_new_places_governorate_comes_from_its_coordinates_unless_the_analyst_chose_one(analyst_page, live_server):
    page = analyst_page
    open_add_form(page, live_server)
    page.fill("#id_place_latitude", "33.8")
    page.fill("#id_place_longitude", "42.433")
    page.locator("#id_place_longitude").dispatch_event("change")
    anbar, erbil = (str(Governorate.objects.get(slug=slug).pk) for slug in ("anbar", "erbil"))
    page.wait_for_selector("#place-picker-note:has-text('Al-Anbar, from the coordinates')")
    assert page.input_value("#id_place_governorate") == anbar
    page.select_option("#id_place_governorate", erbil)  # the analyst overrides it
    page.locator("#place-map").click(position={"x": 300, "y": 150})
    page.wait_for_selector("#place-picker-note:has-text('You chose another: it is kept.')")
    assert page.input_value("#id_place_governorate") == erbil


def page_width(page):
    return page.evaluate("document.documentElement.scrollWidth")


def test_the_add_and_change_forms_fit_1280_pixels(analyst_page, live_server):
    incident = make_incident(status=Incident.Status.DRAFT)
    source = make_source()
    link_source(incident, source)
    make_claim(incident, make_group(), source=source, url="https://example.org/" + "a-long-path/" * 20)
    page = analyst_page
    open_add_form(page, live_server)
    assert page_width(page) <= 1280
    page.goto(f"{live_server.url}/admin/incidents/incident/{incident.pk}/change/")
    page.wait_for_selector("#claims-group")
    assert page_width(page) <= 1280


def test_staff_preview_a_draft_from_view_on_site(analyst_page, live_server):
    incident = make_incident(status=Incident.Status.DRAFT, title="Drone over Erbil")
    page = analyst_page
    page.goto(f"{live_server.url}/admin/incidents/incident/{incident.pk}/change/")
    page.click("a.viewsitelink")
    page.wait_for_selector(".draft-preview")
    assert page.locator("h1").inner_text() == "Drone over Erbil"
    assert page.locator("meta[name=robots]").get_attribute("content") == "noindex"


def test_the_history_page_keeps_the_policy_and_the_favicon_is_found(analyst_page, live_server):
    page, reports, missing = analyst_page, [], []
    page.on("console", lambda message: "Content Security Policy" in message.text and reports.append(message.text))
    page.on("response", lambda response: response.status == 404 and missing.append(response.url))
    incident = make_incident(status=Incident.Status.DRAFT)
    page.goto(f"{live_server.url}/admin/incidents/incident/{incident.pk}/history/")
    page.wait_for_load_state("networkidle")
    assert page.locator("#change-history").count() == 1
    assert reports == [] and missing == []
    icon = page.request.get(f"{live_server.url}/favicon.ico")  # follows the redirect to the icon
    assert icon.status == 200 and icon.headers["content-type"].startswith("image/svg+xml")
