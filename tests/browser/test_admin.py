"""What only a browser shows in the analysts' workspace."""

import os
import re

import pytest

from incidents.import_jobs import Job
from tests.browser.conftest import screenshot
from tests.factories import make_staff

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "A-long-test-passphrase-7"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")


def test_an_analyst_logs_in_to_the_workspace(page, live_server):
    make_staff("analyst", "Analyst")
    page.goto(f"{live_server.url}/admin/")
    assert page.locator("#id_username").is_visible()
    log_in(page, live_server, "analyst")
    page.wait_for_selector("#content h1")
    assert page.locator("#content h1").inner_text() == "Workspace"
    assert page.get_by_role("link", name="Incidents", exact=True).first.is_visible()


def test_a_wrong_password_is_refused(page, live_server):
    make_staff("analyst", "Analyst")
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", "analyst")
    page.fill("#id_password", "not the password")
    page.click("input[type=submit]")
    assert "Please enter the correct username and password" in page.locator(".errornote").inner_text()


def test_clicking_the_map_writes_the_new_places_coordinates(page, live_server):
    make_staff("analyst", "Analyst")
    log_in(page, live_server, "analyst")
    page.goto(f"{live_server.url}/admin/incidents/incident/add/")
    page.wait_for_selector("#place-map.leaflet-container")
    assert page.input_value("#id_place_latitude") == ""
    page.locator("#place-map").click(position={"x": 200, "y": 150})
    latitude, longitude = float(page.input_value("#id_place_latitude")), float(page.input_value("#id_place_longitude"))
    assert -90 <= latitude <= 90 and -180 <= longitude <= 180
    assert page.locator("#place-map .leaflet-marker-icon").count() == 1

    page.fill("#id_place_latitude", "33.5")
    page.fill("#id_place_longitude", "44.3")
    marker_before = page.locator("#place-map .leaflet-marker-icon").bounding_box()
    page.fill("#id_place_latitude", "30.5")
    assert page.locator("#place-map .leaflet-marker-icon").bounding_box() != marker_before
    # Leaving the field, the governorate follows the new coordinates (the bundled outlines):
    # Muthanna, not the Salah al-Din of 33.5, 44.3.
    page.keyboard.press("Tab")
    page.wait_for_selector('#id_place_governorate option:checked:has-text("Muthanna")', state="attached")
    screenshot(page, "admin-add-incident")


def test_the_import_page_follows_a_running_import_to_its_report(page, live_server, settings, tmp_path):
    """The page's script polls the import's status, moves the bar, and shows the report at the end."""
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)
    analyst = make_staff("analyst", "Analyst")
    status = {"user": analyst.pk, "state": "running", "pid": os.getpid(), "stage": "Writing incidents"}
    job = Job("c" * 32, {**status, "done": 2000, "total": 10000})
    job.save()
    log_in(page, live_server, "analyst")
    page.wait_for_selector("#content h1")
    page.goto(f"{live_server.url}/admin/incidents/incident/import/{job.id}/")
    assert page.inner_text("#import-stage") == "Writing incidents: 2,000 of 10,000"

    job.save(done=6000)
    page.wait_for_selector("#import-stage:has-text('Writing incidents: 6,000 of 10,000')")
    assert page.evaluate("document.getElementById('import-progress').value") == 6000
    job.save(state="done", summary="10000 rows: 10000 were created, 0 were updated, 0 unchanged, 0 rejected.")
    page.wait_for_selector("#import-summary")
    assert page.inner_text("#import-summary").startswith("10000 rows: 10000 were created")


def open_add_form_in_new_york(browser, live_server, block_admin_dates=False):
    """The add form in a browser 7–8 hours behind the server (Asia/Baghdad), once its date shortcuts are set up."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, timezone_id="America/New_York")
    if block_admin_dates:
        context.route("**/js/admin_dates.js", lambda route: route.abort())
    page = context.new_page()
    log_in(page, live_server, "analyst")
    page.goto(f"{live_server.url}/admin/incidents/incident/add/")
    page.wait_for_selector("#id_date ~ .datetimeshortcuts")
    return context, page


def test_date_fields_show_no_time_zone_note_where_the_browser_is_elsewhere(browser, migrated_data, live_server):
    make_staff("analyst", "Analyst")
    context, page = open_add_form_in_new_york(browser, live_server, block_admin_dates=True)
    assert page.locator(".timezonewarning").count() > 0  # Django's note, without static/js/admin_dates.js
    context.close()
    context, page = open_add_form_in_new_york(browser, live_server)
    assert page.locator(".timezonewarning").count() == 0
    page.locator("#id_date ~ .datetimeshortcuts a", has_text="Today").click()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", page.input_value("#id_date"))  # ISO, as the field reads dates
    context.close()
