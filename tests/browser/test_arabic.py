"""The Arabic site in a browser: laid out right to left on a desktop and a phone, map and chart
drawn, and the language switch keeping the filter."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import screenshot
from tests.browser.test_public_site import wait_for_chart, wait_for_map

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(migrated_data):
    call_command("loaddata", "iraq_2019_2020", verbosity=0)


@pytest.mark.parametrize(("width", "name"), [(1280, "overview-ar"), (375, "overview-ar-phone")])
def test_the_arabic_overview_is_right_to_left_with_its_map_and_chart(page, live_server, seeded, width, name):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/ar/?type=rocket")
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    assert wait_for_map(page) > 0
    assert wait_for_chart(page) > 0
    brand = page.locator(".site-header .brand").bounding_box()
    assert brand["x"] + brand["width"] > width / 2  # the header starts on the right
    assert page.locator("h2#map-title").inner_text() == "الخريطة"
    screenshot(page, name)


def test_the_language_switch_keeps_the_filter_both_ways(page, live_server, seeded):
    page.goto(live_server.url + "/incidents/?type=rocket&governorate=baghdad")
    page.click("#language-ar")
    assert page.url == live_server.url + "/ar/incidents/?type=rocket&governorate=baghdad"
    assert page.get_attribute("html", "dir") == "rtl"
    page.click("#language-en")
    assert page.url == live_server.url + "/incidents/?type=rocket&governorate=baghdad"
    assert page.get_attribute("html", "dir") == "ltr"
