"""axe-core finds no serious or critical violation on any public page, the API docs or the
analysts' incident forms, at 1280 px, and on the same pages in Arabic (right to left) at 1280
and 375 px (tests/browser/accessibility.py says how it runs).

To check another page, add its path to one of the lists below: the Arabic lists follow them.
"""

import pytest
from django.conf import settings
from django.core.management import call_command

from incidents.models import Correction, Incident
from tests.browser.accessibility import accessible_page, serious_violations
from tests.browser.test_admin import log_in
from tests.factories import make_staff

pytestmark = pytest.mark.django_db(transaction=True)

PUBLIC_PAGES = [
    "/",
    "/?type=rocket&type=drone&governorate=baghdad",
    "/incidents/",
    "/incidents/?date_after=11/03/2020",  # the form showing an error
    "/incidents/26/",
    "/groups/",
    "/groups/kataib-hezbollah/",
    "/data/",
    "/data/codebook/",
    "/embed/map/?type=rocket",
    "/embed/chart/?type=rocket",
    "/api/docs/",
]
ADMIN_PAGES = ["/admin/incidents/incident/add/", "/admin/incidents/incident/26/change/"]
# Every page above in Arabic (the API docs have no Arabic version), on a desktop and a phone.
ARABIC_PAGES = [f"/ar{path}" for path in PUBLIC_PAGES + ADMIN_PAGES if not path.startswith("/api/")]
PAGES = [(path, 1280) for path in PUBLIC_PAGES + ADMIN_PAGES]
PAGES += [(path, width) for path in ARABIC_PAGES for width in (1280, 375)]


@pytest.fixture
def seeded(migrated_data):
    call_command("loaddata", "iraq_2019_2020", verbosity=0)
    # A public correction, so the incident page shows its corrections section.
    Correction.objects.create(
        incident=Incident.objects.get(pk=26), note="The source gives no figure.", changes=[["killed", "0", ""]]
    )


def settled(page):
    """Wait until the page's own scripts have drawn what they draw (map, chart, Swagger UI)."""
    page.wait_for_load_state("networkidle")
    waits = {
        "#incident-map-box:not([data-point])": "#incident-map-box[data-loaded]",
        "#incident-map-box[data-point]": "#incident-map.leaflet-container",
        "#incident-chart": "#incident-chart[data-drawn-total]",
        "#swagger-ui": "#swagger-ui .info",
    }
    for present, drawn in waits.items():
        if page.locator(present).count():
            page.wait_for_selector(drawn, state="attached")


@pytest.mark.parametrize(("path", "width"), PAGES)
def test_no_serious_accessibility_violations(browser, live_server, seeded, path, width):
    with accessible_page(browser, width=width) as page:
        page.route(settings.MAP_TILES_URL.split("/{z}")[0] + "/**", lambda route: route.abort())  # no tiles reachable
        if "/admin/" in path:
            make_staff("editor", "Editor")
            log_in(page, live_server, "editor")
            page.wait_for_url("**/admin/")
        page.goto(live_server.url + path)
        settled(page)
        violations = serious_violations(page)
        assert violations == [], "\n".join(f"{path} {v['rule']} ({v['impact']}): {v['nodes']}" for v in violations)


def test_the_check_reports_what_it_looks_for(browser):
    """The helper fails a page with an unlabelled field and grey-on-grey text: an empty
    answer above means the pages pass, not that axe did not run."""
    with accessible_page(browser) as page:
        page.set_content(
            '<html lang="en"><title>t</title><main><input type="text">'
            '<p style="color:#999;background:#aaa">faint</p></main></html>'
        )
        rules = {violation["rule"] for violation in serious_violations(page)}
    assert {"label", "color-contrast"} <= rules
