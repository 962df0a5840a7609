"""The officer's landing page (My work) and the mission overview in Chromium, at 1440 px and on a
phone (390 px): the overview's one chart, of the indicators by status, drawn by plotly.js served
by the app itself (the page fixture refuses any request leaving the machine and any script the
Content-Security-Policy blocks), its counts as a table. Screenshots go to
test-artifacts/overview-*.png and my-work-*.png."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_data_entry import log_in
from tests.e2e.test_read_pages import PHONE, page_width_overflow

pytestmark = pytest.mark.e2e

BASE = "/m/MINUSMA/2019-20"


def test_the_officer_lands_on_my_work_and_opens_the_overview_charts(page, demo, database_kind):
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, "officer")  # lands on My work
    expect(page.locator("#unexplained")).to_contain_text("Military contingents")
    expect(page.locator("#stale")).to_contain_text("Civilian deaths from violence against civilians")
    expect(page.locator("#drafts")).to_contain_text("You have no draft assessment.")
    for width, viewport in ((1440, None), (390, PHONE)):
        if viewport:
            page.set_viewport_size(viewport)
        page.goto(BASE + "/my-work")
        expect(page.locator("main h1")).to_have_text("My work, MINUSMA 2019/20")
        assert page_width_overflow(page) <= 0, f"My work at {width} px is wider than the window"
        if database_kind == "sqlite":
            page.screenshot(path=str(ARTIFACTS / f"my-work-{width}.png"), full_page=True)

        page.goto(BASE + "/")
        charts = page.locator(".plotly-chart.is-drawn")
        expect(charts.first).to_be_visible()
        assert charts.count() == page.locator("script[data-plotly-figure]").count() >= 1
        assert charts.count() == 1  # one chart of the indicators by status, not one per indicator
        expect(page.locator("#indicator-status-chart")).to_contain_text("Off track")
        expect(page.locator("#off-track")).to_contain_text("Civilian deaths from violence against civilians")
        page.locator("#indicator-status-table").get_by_text("Counts as a table").click()
        expect(page.locator("#indicator-status-table table")).to_contain_text("In all (1 outcome)")
        assert page_width_overflow(page) <= 0, f"the overview at {width} px is wider than the window"
        if database_kind == "sqlite":
            page.screenshot(path=str(ARTIFACTS / f"overview-{width}.png"), full_page=True)

    page.goto(BASE + "/my-work")
    page.locator("#stale").get_by_role("link", name="Enter its values").first.click()
    expect(page.locator("main h1")).to_contain_text("Civilian deaths")
