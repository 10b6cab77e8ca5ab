"""The Arabic site in a browser: laid out right to left on a desktop and a phone, the map's and
the chart's own texts in Arabic (from the scripts' catalogue), the chart mirrored, the reader's
choice of digits, and the language switch keeping the filter."""

import pytest
from django.core.management import call_command

from tests.browser.conftest import screenshot
from tests.browser.test_public_site import wait_for_chart, wait_for_map

pytestmark = pytest.mark.django_db(transaction=True)

ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩"


@pytest.fixture
def seeded(migrated_data):
    call_command("loaddata", "iraq_2019_2020", verbosity=0)


@pytest.mark.parametrize(("width", "name"), [(1280, "overview-ar"), (375, "overview-ar-phone")])
def test_the_arabic_overview_is_right_to_left_with_its_map_and_chart_in_arabic(page, live_server, seeded, width, name):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/ar/?type=rocket")
    assert page.get_attribute("html", "dir") == "rtl" and page.get_attribute("html", "lang") == "ar"
    assert wait_for_map(page) > 0
    assert wait_for_chart(page) > 0
    brand = page.locator(".site-header .brand").bounding_box()
    assert brand["x"] + brand["width"] > width / 2  # the header starts on the right
    assert page.locator("h2#map-title").inner_text() == "الخريطة"
    assert "في هذا العرض" in page.inner_text("#map-status")  # the map's status line, from the JS catalogue
    assert page.get_attribute("#incident-chart", "data-direction") == "rtl"  # time runs right to left
    screenshot(page, name)


def test_an_arabic_incident_page_has_its_arabic_title_and_search_finds_it_in_arabic(page, live_server, seeded):
    page.goto(live_server.url + "/ar/incidents/49/")  # Hisham al-Hashimi's killing: an Arabic title in the seed
    assert page.locator("h1").inner_text() == "اغتيال الباحث الأمني هشام الهاشمي أمام منزله في بغداد"
    page.wait_for_selector("#incident-map .leaflet-marker-icon, #incident-map path.leaflet-interactive")
    screenshot(page, "incident-ar")
    page.goto(live_server.url + "/ar/incidents/?q=الهاشمي")
    assert "اغتيال الباحث الأمني هشام الهاشمي" in page.inner_text("table.incidents")


def test_the_reader_chooses_arabic_indic_digits_and_the_choice_stays(page, live_server, seeded):
    page.goto(live_server.url + "/ar/?type=rocket")
    wait_for_map(page)
    killed = page.inner_text('[data-figure="incidents"]')
    assert killed.isascii() and killed.isdigit()  # Western digits by default
    page.click("#digits-arabic-indic")
    assert page.url == live_server.url + "/ar/?type=rocket"
    wait_for_map(page)
    assert all(character in ARABIC_INDIC for character in page.inner_text('[data-figure="incidents"]'))
    assert any(character in ARABIC_INDIC for character in page.inner_text("#map-status"))  # the script's numbers too
    page.goto(live_server.url + "/ar/incidents/")
    assert page.get_attribute("html", "data-digits") == "arabic-indic"
    page.click("#digits-western")
    assert page.get_attribute("html", "data-digits") == "western"


def test_the_language_switch_keeps_the_filter_both_ways(page, live_server, seeded):
    page.goto(live_server.url + "/incidents/?type=rocket&governorate=baghdad")
    page.click("#language-ar")
    assert page.url == live_server.url + "/ar/incidents/?type=rocket&governorate=baghdad"
    assert page.get_attribute("html", "dir") == "rtl"
    page.click("#language-en")
    assert page.url == live_server.url + "/incidents/?type=rocket&governorate=baghdad"
    assert page.get_attribute("html", "dir") == "ltr"


def test_the_arabic_maps_clusters_are_named_near_their_governorate_in_arabic(page, live_server, seeded):
    page.goto(live_server.url + "/ar/?governorate=dhi-qar")
    wait_for_map(page)
    page.wait_for_selector("#incident-map .marker-cluster")
    clusters = page.locator("#incident-map .marker-cluster")
    names = clusters.evaluate_all("es => es.map(e => e.getAttribute('aria-label'))")
    assert names and all(name.endswith("قرب ذي قار") for name in names), names


def test_the_scripts_write_the_governorate_legend_and_the_playback_step_in_the_chosen_digits(page, live_server, seeded):
    page.context.add_cookies([{"name": "digits", "value": "arabic-indic", "url": live_server.url}])
    page.goto(live_server.url + "/ar/?layer=governorates")
    page.wait_for_selector("#incident-map-box[data-shaded]", state="attached")
    legend = page.inner_text("#choropleth-legend ul")
    assert "٠" in legend and not any(character.isascii() and character.isdigit() for character in legend)
    page.goto(live_server.url + "/ar/?date_after=2020-03-01&date_before=2020-03-31&play=month")
    page.wait_for_selector("#playback[data-position='2020-03-01']", state="attached")
    step = page.inner_text("#playback-label")
    assert "آذار/مارس ٢٠٢٠ — " in step and not any(character.isascii() and character.isdigit() for character in step)
