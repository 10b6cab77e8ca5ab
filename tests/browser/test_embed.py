"""Another site frames the embed pages, and only them (the headers: tests/test_share_embed.py)."""

import html
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from django.core.management import call_command

from incidents.models import Incident

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def seeded(migrated_data):
    call_command("loaddata", "iraq_2019_2020", verbosity=0)


@pytest.fixture
def another_site():
    """A server on another origin (its own port) whose one page frames the URL it is given:
    GET /?src=<url>. Served for real, since Chromium refuses to let a page whose address it
    doesn't know (one the test answers itself) frame a local server."""

    class FramingPage(BaseHTTPRequestHandler):
        def do_GET(self):
            src = html.escape(parse_qs(urlparse(self.path).query)["src"][0])
            body = f'<!doctype html><title>Another site</title><iframe src="{src}" title="framed"></iframe>'.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), FramingPage)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


def framed(page, another_site, url):
    """Another site's page framing url; the frame's locator."""
    page.goto(another_site + "?" + urlencode({"src": url}))
    return page.frame_locator("iframe")


def test_another_site_shows_the_embedded_map_and_chart_of_the_filter(page, live_server, seeded, another_site):
    rockets = Incident.objects.counted().filter(type="rocket").count()
    map_frame = framed(page, another_site, live_server.url + "/embed/map/?type=rocket")
    map_frame.locator("#incident-map-box[data-loaded]").wait_for(state="attached")
    assert int(map_frame.locator("#incident-map-box").get_attribute("data-loaded")) == rockets
    chart_frame = framed(page, another_site, live_server.url + "/embed/chart/?type=rocket")
    chart_frame.locator("#incident-chart[data-drawn-total]").wait_for(state="attached")
    assert int(chart_frame.locator("#incident-chart").get_attribute("data-drawn-total")) == rockets


def test_another_site_cannot_frame_the_overview(page, live_server, seeded, another_site):
    with page.expect_response(live_server.url + "/") as answer:
        framed(page, another_site, live_server.url + "/")
    assert answer.value.status == 200  # answered, and the browser refuses to show it
    page.wait_for_load_state("networkidle")
    assert page.frames[1].url.startswith("chrome-error://"), "the browser showed its error page instead"
    assert page.frame_locator("iframe").locator("main#content").count() == 0
