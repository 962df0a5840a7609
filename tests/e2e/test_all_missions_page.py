"""The all-missions page in Chromium: a reviewer sorts it from the keyboard, and it fits a laptop.
Screenshot: test-artifacts/all-missions-*.png."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_data_entry import log_in
from tests.e2e.test_read_pages import page_width_overflow

pytestmark = pytest.mark.e2e


def test_a_reviewer_sorts_the_missions_from_the_keyboard(page, demo, database_url):
    kind = database_url.split(":")[0].split("+")[0]
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in(page, "reviewer")
    page.goto("/all-missions/2019-20")
    expect(page.get_by_role("heading", name="All missions, 2019/20")).to_be_visible()
    assert page_width_overflow(page) <= 0
    approved = page.get_by_role("link", name="Approved", exact=True)
    approved.focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url("/all-missions/2019-20?sort=approved&order=desc")
    expect(page.locator("th[aria-sort=descending]")).to_contain_text("Approved")
    expect(page.locator("tbody tr").first.locator("td").first).to_have_text("MINUSMA")
    expect(page.locator("tbody tr.row-total td").nth(3)).to_have_text("1,138,458")
    page.screenshot(path=str(ARTIFACTS / f"all-missions-{kind}.png"), full_page=True)
