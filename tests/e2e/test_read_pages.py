"""The read pages in Chromium, on a desktop (1440 px) and on a phone (390 px): nothing is cut off
(wide tables scroll inside their container, their first column held in place), and a gap's link
leads to its form, prefilled. Screenshots go to test-artifacts/read-pages-*.png."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_data_entry import log_in

pytestmark = pytest.mark.e2e

BASE = "/m/MINUSMA/2019-20"
PAGES = {"mandate": "/mandate/", "coverage": "/reports/coverage", "rbb": "/reports/rbb", "budget": "/budget/",
         "variances": "/reports/variances", "results": "/results/"}
PHONE = {"width": 390, "height": 844}


def page_width_overflow(page) -> int:
    """How far the page itself is wider than the window (0: nothing cut off or scrolled sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


def test_read_pages_fit_a_desktop_and_a_phone(page, demo, database_url):
    kind = database_url.split(":")[0].split("+")[0]
    ARTIFACTS.mkdir(exist_ok=True)
    log_in(page, "officer")
    for width, viewport in ((1440, None), (390, PHONE)):
        if viewport:
            page.set_viewport_size(viewport)
        for name, path in PAGES.items():
            page.goto(BASE + path)
            expect(page.locator("main h1")).to_be_visible()
            assert page_width_overflow(page) <= 0, f"{name} at {width} px is wider than the window"
            page.screenshot(path=str(ARTIFACTS / f"read-pages-{name}-{width}-{kind}.png"), full_page=True)


def test_a_wide_table_keeps_its_first_column_while_scrolling(page, demo):
    page.set_viewport_size(PHONE)
    log_in(page, "officer")
    page.goto(BASE + "/budget/")
    container = page.locator(".table-responsive").first
    first_cell = container.locator("tbody tr.row-detail td").first
    expect(first_cell).to_contain_text("Military observers")
    before = first_cell.bounding_box()["x"]
    scrolled = container.evaluate("element => { element.scrollLeft = 600; return element.scrollLeft; }")
    assert scrolled > 0  # the table is wider than the phone: it scrolls inside its container
    assert first_cell.bounding_box()["x"] == pytest.approx(before, abs=1)
    figure = container.locator("tbody tr.row-detail td").nth(3)
    assert figure.bounding_box()["x"] < before + 600  # the figures moved under it


def test_a_gap_leads_to_its_form_prefilled(page, demo):
    log_in(page, "officer")
    page.goto(BASE + "/reports/coverage")
    page.get_by_role("link", name="Add an activity for this task").click()
    expect(page.get_by_role("heading", name="New activity")).to_be_visible()
    expect(page.locator("select[name=tasks] option:checked")).to_have_text(
        "S/RES/2480 (2019) · OP 28 (c) — Good offices and reconciliation")
