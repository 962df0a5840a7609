"""The demo's impact assessment in the real browser, on screen and as printed: the civilian deaths
off track and deteriorating with Regression suggested, the round not approved; in print no menu
or toolbar, the draft mark on the page, the trend chart drawn, and an A4 PDF."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_data_entry import BASE, log_in

pytestmark = pytest.mark.e2e


def test_the_demo_assessment_reads_on_screen_and_prints_on_a4(page, demo, database_kind):
    log_in(page, "leader")
    page.wait_for_load_state("load")
    page.get_by_text("Reports").click()
    page.locator(".dropdown-menu").get_by_role("link", name="CPAS impact assessment", exact=True).click()
    row = page.locator("tr[data-indicator]").filter(has_text="O1.1 Civilian deaths")
    expect(row).to_contain_text("Off track")
    expect(row).to_contain_text("Deteriorating")
    expect(row.locator("td").last).to_have_text("Regression")
    expect(page.locator("#approval-stamp")).to_have_text("Not yet approved")
    chart = page.locator(".trend .plotly-chart.is-drawn")  # drawn by plotly.js, served by the app
    expect(chart).to_have_count(1)
    expect(chart.locator(".scatterlayer .trace")).to_have_count(2)  # values and target path
    expect(page.locator("#download-workbook")).to_have_attribute("href", f"{BASE}/reports/assessment.xlsx")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"assessment-screen-{database_kind}.png"), full_page=True)

    page.emulate_media(media="print")
    expect(page.locator("nav.cpas-navbar")).to_be_hidden()
    expect(page.locator(".toolbar")).to_be_hidden()
    expect(page.locator(".watermark")).to_be_visible()
    expect(page.locator("#approval-stamp")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / f"assessment-print-{database_kind}.png"), full_page=True)
    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert pdf.startswith(b"%PDF") and 1 <= pages <= 3  # one outcome: the summary, then its findings
    (ARTIFACTS / f"assessment-{database_kind}.pdf").write_bytes(pdf)
