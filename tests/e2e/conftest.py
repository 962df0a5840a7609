"""Browser tests: the real app served on a local port, driven in Debian's headless Chromium."""

from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
# No network in the field or here: keep Chromium from calling home.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A page that refuses any request leaving this machine: every asset must be served locally."""
    context = browser.new_context(base_url=live_server, viewport={"width": 1440, "height": 900})
    outside_requests = []

    def block_outside(route):
        outside_requests.append(route.request.url)
        route.abort()

    context.route(lambda url: not url.startswith(live_server), block_outside)
    page = context.new_page()
    # Anything the Content-Security-Policy blocked, and any script error, fails the test.
    script_errors = []
    page.on("pageerror", lambda error: script_errors.append(str(error)))
    page.on("console", lambda message: script_errors.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text else None)
    yield page
    context.close()
    assert outside_requests == [], f"the page tried to reach outside: {outside_requests}"
    assert script_errors == [], f"the page's scripts failed or were blocked: {script_errors}"
