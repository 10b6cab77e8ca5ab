"""The filter form from the keyboard, at 1280 and 375 px: nothing reloads until Apply (or
Enter), dates can be typed, the phone sees the form collapsed behind "Filters (n active)",
the skip link is the first tab stop and few stops stand before the map."""

from urllib.parse import parse_qs, urlparse

import pytest
from django.core.management import call_command

from incidents.models import Incident

pytestmark = pytest.mark.django_db(transaction=True)

# The most Tab presses a reader needs to reach the overview's map (34 with the form open
# before it). Counted: the skip link, the site's name, five sections, the other language,
# the filters' summary, the headline's two and the figures' four links, the list, CSV and
# GeoJSON links, the share summary; then the playback's three controls (Play, step, slider)
# and the map's two layers.
MOST_TAB_STOPS_BEFORE_THE_MAP = 25


@pytest.fixture
def seeded(migrated_data):
    call_command("loaddata", "iraq_2019_2020", verbosity=0)


@pytest.fixture
def phone(browser, migrated_data):
    context = browser.new_context(viewport={"width": 375, "height": 740}, locale="en-US")
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def mark_the_document(page):
    """A flag on the window that any navigation or reload would clear."""
    page.evaluate("window.notReloaded = true")


def still_the_same_document(page):
    return page.evaluate("window.notReloaded === true")


def focused(page, selector):
    return page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector)


def tab_to(page, selector, most=200):
    """Press Tab until the element matching selector has the focus; the number of presses."""
    for presses in range(1, most + 1):
        page.keyboard.press("Tab")
        if focused(page, selector):
            return presses
    raise AssertionError(f"{selector} not reached in {most} Tab presses")


def query(page):
    return parse_qs(urlparse(page.url).query)


def test_keyboard_only_filtering_reloads_once_on_apply(page, live_server, seeded):
    page.goto(live_server.url + "/incidents/")
    mark_the_document(page)
    tab_to(page, "select[name=governorate]")
    page.keyboard.type("Baghdad")
    page.keyboard.press("ArrowDown")  # today it reloaded here, with the next option
    page.keyboard.press("ArrowUp")
    for incident_type in ("rocket", "drone"):
        tab_to(page, f"input[name=type][value={incident_type}]")
        page.keyboard.press("Space")
    assert still_the_same_document(page) and page.url == live_server.url + "/incidents/"
    assert "Apply filters" in page.inner_text("#filters-pending")
    tab_to(page, "#filters button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert query(page) == {"governorate": ["baghdad"], "type": ["rocket", "drone"]}
    expected = Incident.objects.counted().filter(type__in=["rocket", "drone"], location__governorate__slug="baghdad")
    assert int(page.get_attribute("[data-count]", "data-count")) == expected.count() > 0
    assert page.inner_text("#filter-summary") == "Filters (2 active)"
    assert page.locator("input[name=type][value=drone]").is_checked()


def test_a_typed_date_applies_on_enter_only(page, live_server, seeded):
    page.goto(live_server.url + "/incidents/")
    mark_the_document(page)
    tab_to(page, "input[name=date_after]")
    page.keyboard.type("03112020")  # mm dd yyyy in this browser's locale; it reloaded after the first year digit
    assert still_the_same_document(page)
    assert page.input_value("input[name=date_after]") == "2020-03-11"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert query(page) == {"date_after": ["2020-03-11"]}
    assert page.inner_text("#filter-summary") == "Filters (1 active)"


def test_enter_on_a_checkbox_applies_the_form(page, live_server, seeded):
    page.goto(live_server.url + "/incidents/")
    tab_to(page, "input[name=confidence][value=high]")
    page.keyboard.press("Space")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert query(page) == {"confidence": ["high"]}


@pytest.mark.parametrize("path", ["/", "/incidents/?type=rocket&governorate=baghdad"])
def test_a_phone_sees_the_filters_collapsed_behind_their_summary(phone, live_server, seeded, path):
    phone.goto(live_server.url + path)
    summary = phone.locator("#filter-summary")
    active = 2 if "type" in path else 0
    assert summary.inner_text() == f"Filters ({active} active)"
    assert summary.is_visible() and not phone.locator("#filters").is_visible()
    assert summary.bounding_box()["y"] < 400, "the summary is on the first screen"
    summary.focus()
    phone.keyboard.press("Enter")
    assert phone.locator("#filters").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 375


def test_a_wide_screen_shows_the_lists_form_open(page, live_server, seeded):
    page.goto(live_server.url + "/incidents/")
    assert page.locator("#filters").is_visible()


def test_the_skip_link_is_the_first_tab_stop_and_leads_to_the_content(page, live_server, seeded):
    page.goto(live_server.url + "/incidents/")
    page.keyboard.press("Tab")
    link = page.locator(".skip-link")
    assert focused(page, ".skip-link") and link.is_visible() and link.inner_text() == "Skip to content"
    page.keyboard.press("Enter")
    assert focused(page, "main#content")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null"), "the next stop is in the content"


def test_few_tab_stops_stand_before_the_map(page, live_server, seeded):
    page.goto(live_server.url + "/")
    page.wait_for_selector("#incident-map-box[data-loaded]", state="attached")
    stops = tab_to(page, "#incident-map-box *, #incident-map-box")
    print(f"tab stops before the map: {stops}")
    assert stops <= MOST_TAB_STOPS_BEFORE_THE_MAP


def test_focus_is_visible_on_every_kind_of_control(page, live_server, seeded):
    page.goto(live_server.url + "/incidents/")
    controls = (".skip-link", ".site-header nav a", "#filter-summary", "select[name=governorate]", "input[name=type]")
    for selector in (*controls, "#filters button[type=submit]"):
        tab_to(page, selector)
        outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
        assert outline not in ("none", ""), selector
