"""Issue 9, item 14 in Chromium: a leader's grid has no cell to type in and no save; an officer in
a closed period sees the banner and no Edit, Delete or Add."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_data_entry import BASE, log_in, log_out
from tests.e2e.test_edit_conflicts import line_2019

pytestmark = pytest.mark.e2e
# What a user could type into or choose, on the page's form (hidden inputs carry its state).
EDITABLE = "form[method=post] input:not([type=hidden]), form[method=post] select, form[method=post] textarea"


def test_a_leader_reads_the_grids(page, demo, db):
    from cpas.models import ImpactIndicator

    log_in(page, "leader")
    page.goto(f"{BASE}/grids/budget-lines/{line_2019(db).id}")
    expect(page.get_by_text("You can read these figures; planning officers enter them.")).to_be_visible()
    expect(page.locator(EDITABLE)).to_have_count(0)
    expect(page.get_by_role("button", name="Save all amounts")).to_have_count(0)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "read-only-grid-leader.png"), full_page=True)

    page.goto(f"{BASE}/grids/impact-indicators/{db.scalar(select(ImpactIndicator.id))}")
    expect(page.get_by_text("You can read these figures; planning officers enter them.")).to_be_visible()
    expect(page.locator(EDITABLE)).to_have_count(0)
    expect(page.get_by_role("button", name="Save all values")).to_have_count(0)


def test_an_officer_in_a_closed_period(page, demo, db):
    log_in(page, "admin")
    page.goto(BASE + "/")
    page.get_by_text("Close this budget period").click()
    page.get_by_label("Reason").fill("Accounts closed")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Close the period").click()
    log_out(page)

    log_in(page, "officer")
    line_id = line_2019(db).id
    page.goto(f"{BASE}/records/budget-lines/{line_id}")
    expect(page.locator("#period-closed")).to_contain_text("Budget period 2019/20 is closed for MINUSMA")
    for name in ("Edit", "Delete", "Add", "Amounts at every stage"):
        expect(page.get_by_role("link", name=name, exact=True)).to_have_count(0)
    page.goto(f"{BASE}/records/budget-lines/")
    expect(page.locator("#period-closed")).to_be_visible()
    expect(page.get_by_role("link", name="New budget line")).to_have_count(0)

    page.goto(f"{BASE}/grids/budget-lines/{line_id}")  # a bookmark to the grid
    expect(page.locator("#period-closed")).to_be_visible()
    expect(page.locator(EDITABLE)).to_have_count(0)
    expect(page.get_by_role("button", name="Save all amounts")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "closed-period-grid-officer.png"), full_page=True)

    page.goto(f"{BASE}/workbook/")
    expect(page.locator("#period-closed")).to_be_visible()
    expect(page.get_by_role("button", name="Check the workbook")).to_have_count(0)
