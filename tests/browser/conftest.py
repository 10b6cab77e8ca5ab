"""Playwright driving Debian's Chromium (/usr/bin/chromium); never a downloaded browser.

Where Chromium is missing the tests skip and say why — unless REQUIRE_BROWSER=1 (as in
.ci/run), where that is a failure.
"""

import os
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# to set up data are still synchronous and safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True)
        yield browser
        browser.close()


def tile_urls():
    """Every request to the tile server (MAP_TILES_URL)."""
    from django.conf import settings

    return settings.MAP_TILES_URL.split("/{z}")[0] + "/**"


@pytest.fixture
def page(browser, migrated_data):
    """A page at 1280 px with no tile server reachable, as in an offline or firewalled
    deployment (a test that wants tiles routes them on the page: page routes come first)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(tile_urls(), lambda route: route.abort())
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


def screenshot(page, name):
    """Renders the page to a PNG; only `make screenshots` (WRITE_SCREENSHOTS=1) writes it to
    docs/screenshots/, so a test run never changes tracked files."""
    image = page.screenshot(full_page=True)
    assert image.startswith(b"\x89PNG"), f"{name}: the page did not render to a PNG"
    if os.environ.get("WRITE_SCREENSHOTS") == "1":
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        (SCREENSHOTS / f"{name}.png").write_bytes(image)
