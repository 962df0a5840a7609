"""Issue 9, items 7 and 8 in Chromium: two tabs on one grid, and a workbook uploaded after someone
else's change. Neither silently reverts what the other saved."""

from decimal import Decimal
from io import BytesIO
from pathlib import Path

import openpyxl
import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cpas.models import BudgetAmount, BudgetLine, BudgetPeriod, BudgetStage, DataPoint, ImpactIndicator
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_data_entry import BASE, log_in

pytestmark = pytest.mark.e2e


def line_2019(db, ref="BL-006"):
    return db.scalar(select(BudgetLine).join(BudgetPeriod, BudgetLine.period_id == BudgetPeriod.id)
                     .where(BudgetLine.ref == ref, BudgetPeriod.label == "2019/20"))


def amounts_of(db, line_id):
    db.expire_all()
    return {a.stage: a.amount for a in db.scalars(select(BudgetAmount).where(BudgetAmount.line_id == line_id))}


def test_two_tabs_on_a_budget_lines_grid(page, demo, db):
    log_in(page, "officer")
    line_id = line_2019(db).id
    url = f"{BASE}/grids/budget-lines/{line_id}"
    first, second = page, page.context.new_page()
    first.goto(url)
    second.goto(url)

    first.get_by_label("Proposed").fill("35,000,000")
    first.get_by_role("button", name="Save all amounts").click()
    expect(first.get_by_role("alert")).to_contain_text("Amounts saved.")

    # Another cell in the tab opened before that save: saved, and the first change kept.
    second.get_by_label("Revised").fill("34,950,000")
    second.get_by_role("button", name="Save all amounts").click()
    expect(second.get_by_role("alert")).to_contain_text("Amounts saved.")
    amounts = amounts_of(db, line_id)
    assert amounts[BudgetStage.PROPOSED] == Decimal("35000000.00")
    assert amounts[BudgetStage.REVISED] == Decimal("34950000.00")

    # The same cell from a page opened before the other save: refused, showing what changed.
    second.goto(url)
    first.goto(url)
    first.get_by_label("Proposed").fill("35,500,000")
    first.get_by_role("button", name="Save all amounts").click()
    expect(first.get_by_role("alert")).to_contain_text("Amounts saved.")
    second.get_by_label("Proposed").fill("36,000,000")
    second.get_by_role("button", name="Save all amounts").click()
    conflict = second.locator("#edit-conflict")
    expect(conflict).to_contain_text("Not saved: someone else changed these values after you opened the page.")
    row = conflict.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Proposed")
    expect(row.locator("td").nth(2)).to_have_text("35500000.00")
    expect(row.locator("td").nth(3)).to_have_text("36000000.00")
    expect(second.get_by_label("Proposed")).to_have_value("36,000,000")  # the user's value is kept
    second.screenshot(path=str(ARTIFACTS / "grid-conflict.png"), full_page=True)
    assert amounts_of(db, line_id)[BudgetStage.PROPOSED] == Decimal("35500000.00")

    # Saving again is a choice made knowing the current value.
    second.get_by_role("button", name="Save all amounts").click()
    expect(second.get_by_role("alert")).to_contain_text("Amounts saved.")
    assert amounts_of(db, line_id)[BudgetStage.PROPOSED] == Decimal("36000000.00")


def whole_mission_values(db, indicator_id):
    db.expire_all()
    return {p.observed_on.year: p.value for p in db.scalars(
        select(DataPoint).where(DataPoint.indicator_id == indicator_id, DataPoint.region == ""))}


def test_two_tabs_on_an_indicators_values_grid(page, demo, db):
    log_in(page, "officer")
    indicator_id = db.scalar(select(ImpactIndicator.id).where(ImpactIndicator.code == "O1.1"))
    url = f"{BASE}/grids/impact-indicators/{indicator_id}"
    first, second = page, page.context.new_page()
    first.goto(url)
    second.goto(url)
    first.locator("#cell-0-0").fill("75")
    first.get_by_role("button", name="Save all values").click()
    expect(first.get_by_role("alert")).to_contain_text("Values saved.")
    second.locator("#cell-0-1").fill("200")
    second.get_by_role("button", name="Save all values").click()
    expect(second.get_by_role("alert")).to_contain_text("Values saved.")
    values = whole_mission_values(db, indicator_id)
    assert (values[2016], values[2017]) == (75, 200)

    first.locator("#cell-0-0").fill("80")  # first still shows 75 as saved: its own save
    second.locator("#cell-0-0").fill("90")  # second shows 71 from before the first save
    first.get_by_role("button", name="Save all values").click()
    expect(first.get_by_role("alert")).to_contain_text("Values saved.")
    second.get_by_role("button", name="Save all values").click()
    conflict = second.locator("#edit-conflict")
    expect(conflict).to_contain_text("Not saved: someone else changed these values after you opened the page.")
    expect(conflict.locator("tbody tr")).to_have_count(1)
    expect(conflict.locator("tbody td").nth(2)).to_have_text("80")
    expect(conflict.locator("tbody td").nth(3)).to_have_text("90")
    assert whole_mission_values(db, indicator_id)[2016] == 80


def test_a_workbook_uploaded_after_someone_elses_change(page, demo, db):
    log_in(page, "officer")
    page.goto(f"{BASE}/workbook/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Download with current data").click()
    book = openpyxl.load_workbook(BytesIO(Path(download.value.path()).read_bytes()))
    sheet = book["Budget amounts"]
    headings = [cell.value for cell in sheet[1]]
    rows = {(row[1].value, row[2].value): dict(zip(headings, row, strict=False)) for row in sheet.iter_rows(min_row=2)}
    rows[("BL-006", "recommended")]["Amount (US$)"].value = 1234567  # the officer's change in Excel
    rows[("BL-001", "proposed")]["Source note"].value = "Checked against A/73/793"
    changed_file = ARTIFACTS / "workbook-after-change.xlsx"
    book.save(changed_file)

    # Someone saves BL-001's proposed amount in the app after the download.
    line_id = line_2019(db, "BL-001").id
    page.goto(f"{BASE}/grids/budget-lines/{line_id}")
    page.get_by_label("Proposed").fill("777")
    page.get_by_role("button", name="Save all amounts").click()
    expect(page.get_by_role("alert")).to_contain_text("Amounts saved.")

    page.goto(f"{BASE}/workbook/")
    page.get_by_label("Workbook to check and import (.xlsx)").set_input_files(str(changed_file))
    page.get_by_role("button", name="Check the workbook").click()
    changes = page.locator("#import-changes tbody tr")
    expect(changes).to_have_count(1)
    expect(changes).to_contain_text("Budget amounts")
    expect(changes).to_contain_text("Amount (US$)")
    expect(changes.locator("td").nth(4)).to_have_text("1234567.00")
    problems = page.locator("#import-problems")
    expect(problems).to_contain_text("1 problem: nothing will be imported until it is fixed.")
    expect(page.locator("table", has_text="Problem")).to_contain_text(
        "was changed in the database after this workbook was downloaded")
    expect(page.locator("table", has_text="Problem")).to_contain_text("Amount (US$) is now 777.00")
    expect(page.get_by_role("button", name="Import these changes")).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "workbook-preview-conflict.png"), full_page=True)
    assert amounts_of(db, line_id)[BudgetStage.PROPOSED] == Decimal("777.00")
