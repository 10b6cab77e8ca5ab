"""The Content-Security-Policy blocks nothing the site itself needs, and the maps still work.

Every page is visited in Chromium with a `securitypolicyviolation` listener installed before
the page's own scripts run, and the console watched for CSP reports; any violation fails.
The tile server is answered locally (no network here), so the tiles prove img-src allows it.
"""

import base64
import os

import pytest
from django.conf import settings
from django.core.management import call_command

from incidents.import_jobs import Job
from incidents.models import Group, Incident, Location
from tests.browser.test_admin import log_in
from tests.factories import make_incident, make_staff

pytestmark = pytest.mark.django_db(transaction=True)

LISTEN_FOR_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.cspViolations.push(event.violatedDirective + " blocked " + (event.blockedURI || "inline code") +
                            " in " + event.sourceFile + ":" + event.lineNumber);
});
"""
# A 1×1 transparent PNG, served for every map tile.
TILE = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)


@pytest.fixture
def watched(page):
    """The page, with every CSP violation (event or console report) collected in page.csp_reports."""
    page.csp_reports = []
    page.add_init_script(LISTEN_FOR_VIOLATIONS)
    page.on(
        "console", lambda message: "Content Security Policy" in message.text and page.csp_reports.append(message.text)
    )
    tiles = settings.MAP_TILES_URL.split("/{z}")[0] + "/**"
    page.route(tiles, lambda route: route.fulfill(status=200, content_type="image/png", body=TILE))
    return page


def visit(page, url):
    """Open url and return the violations it caused, after its scripts have run."""
    response = page.goto(url)
    assert "script-src 'self'" in response.headers["content-security-policy"], url
    page.wait_for_load_state("networkidle")
    return page.evaluate("window.cspViolations") + page.csp_reports


@pytest.fixture
def seeded(migrated_data):
    call_command("loaddata", "iraq_2019_2020", verbosity=0)


def test_no_public_page_violates_the_policy(watched, live_server, seeded):
    incident = Incident.objects.published().filter(location__latitude__isnull=False).first()
    retracted = Incident.objects.published().exclude(pk=incident.pk).first()
    retracted.status, retracted.retraction_reason = Incident.Status.RETRACTED, "Test: a duplicate."
    retracted.save()
    group = Group.objects.filter(claims__isnull=False).first()
    paths = [
        "/",
        "/incidents/",
        "/incidents/?type=rocket&sort=-date",
        incident.get_absolute_url(),
        retracted.get_absolute_url(),
        "/groups/",
        f"/groups/{group.slug}/",
        "/api/docs/",
        "/embed/map/?type=rocket",
        "/embed/chart/?type=rocket",
    ]
    for path in paths:
        assert visit(watched, live_server.url + path) == [], path


def test_the_maps_draw_markers_and_tiles_under_the_policy(watched, live_server, seeded):
    assert visit(watched, live_server.url + "/") == []
    watched.wait_for_selector("#incident-map .marker-cluster")
    watched.wait_for_selector("#incident-map img.leaflet-tile-loaded")

    incident = (
        Incident.objects.published().filter(location__latitude__isnull=False, location__geo_precision="site").first()
    )
    assert visit(watched, live_server.url + incident.get_absolute_url()) == []
    watched.wait_for_selector("#incident-map img.leaflet-marker-icon")
    watched.wait_for_selector("#incident-map img.leaflet-tile-loaded")


def test_the_swagger_ui_renders_under_the_policy(watched, live_server):
    assert visit(watched, live_server.url + "/api/docs/") == []
    watched.wait_for_selector("#swagger-ui .opblock")


def test_no_admin_page_violates_the_policy_and_the_picker_still_works(watched, live_server, seeded, settings, tmp_path):
    editor = make_staff("editor", "Editor")
    settings.IMPORT_UPLOAD_DIR = str(tmp_path)
    importing = Job("d" * 32, {"user": editor.pk, "state": "running", "pid": os.getpid(), "stage": "Checking rows"})
    importing.save()
    assert visit(watched, live_server.url + "/admin/login/") == []
    log_in(watched, live_server, "editor")
    watched.wait_for_selector("#content h1")
    incident, location = Incident.objects.published().first(), Location.objects.first()
    paths = [
        "/admin/",
        "/admin/incidents/incident/",
        f"/admin/incidents/incident/{incident.pk}/change/",
        f"/admin/incidents/incident/{incident.pk}/history/",
        f"/admin/incidents/incident/{incident.pk}/unpublish/",
        "/admin/incidents/incident/import/",
        f"/admin/incidents/incident/import/{importing.id}/",  # its script polls the import's status
        f"/admin/incidents/location/{location.pk}/change/",
        "/admin/incidents/claim/add/",
        "/admin/incidents/group/",
        "/admin/incidents/incident/add/",
    ]
    for path in paths:
        assert visit(watched, live_server.url + path) == [], path

    # The last page is the add form: its place picker writes the clicked point's coordinates.
    watched.wait_for_selector("#place-map img.leaflet-tile-loaded")
    watched.locator("#place-map").click(position={"x": 200, "y": 150})
    assert -90 <= float(watched.input_value("#id_place_latitude")) <= 90
    assert -180 <= float(watched.input_value("#id_place_longitude")) <= 180
    assert watched.locator("#place-map .leaflet-marker-icon").count() == 1
    watched.locator("#id_place_name").fill("Test place")  # autocomplete and inlines still run
    assert watched.evaluate("window.cspViolations") + watched.csp_reports == []


def test_an_editor_reverts_from_the_history_page_under_the_policy(watched, live_server, migrated_data):
    editor = make_staff("editor", "Editor")
    incident = make_incident(status="published", title="First title")
    incident.title, incident._history_user = "Second title", editor
    incident.save()
    log_in(watched, live_server, "editor")
    watched.wait_for_selector("#content h1")

    assert visit(watched, f"{live_server.url}/admin/incidents/incident/{incident.pk}/history/") == []
    watched.locator("#change-history tbody tr").last.locator("a").first.click()  # the oldest version
    watched.wait_for_selector(".revert-note")
    assert watched.input_value("#id_title") == "First title"
    assert watched.evaluate("window.cspViolations") + watched.csp_reports == []

    watched.fill("#id_correction_note", "The first title was right.")  # it changes a published incident
    watched.locator("input[name=_save]").last.click()
    watched.wait_for_selector(".messagelist .success")
    assert watched.evaluate("window.cspViolations") + watched.csp_reports == []
    incident.refresh_from_db()
    assert (incident.title, incident.status) == ("First title", "published")
