"""A French user types 1 234 567,89 the way French is written, in a record form and in the budget
grid, and it is saved exactly; the grid shows it back the same way (a screenshot is kept)."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cpas.models import BudgetAmount, BudgetLine, BudgetPeriod, BudgetStage
from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_data_entry import log_in

pytestmark = pytest.mark.e2e
BASE = "/m/MINUSMA/2019-20"


def test_a_french_user_types_french_amounts_in_a_form_and_in_the_grid(page, demo, db, database_kind):
    log_in(page, "officer")
    page.goto(f"{BASE}/records/budget-amounts/new?lang=fr")
    page.locator("[name=line]").select_option("BL-001")
    page.locator("[name=stage]").select_option("revised")
    page.locator("[name=provenance]").select_option("entered")
    page.locator("[name=amount]").press_sequentially("1 234 567,89")
    page.locator("form button[type=submit][accesskey=s]").click()
    expect(page.locator(".alert-success")).to_be_visible()
    db.expire_all()
    assert db.scalar(select(BudgetAmount.amount).where(BudgetAmount.stage == BudgetStage.REVISED)) == \
        Decimal("1234567.89")

    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    line = db.scalar(select(BudgetLine).where(BudgetLine.ref == "BL-006", BudgetLine.period_id == period.id))
    page.goto(f"{BASE}/grids/budget-lines/{line.id}")
    approved = page.locator("#amount-approved").input_value()
    assert "\u202f" in approved and approved.endswith(",00")  # shown the French way
    page.locator("#amount-expenditure").fill("")
    page.locator("#amount-expenditure").press_sequentially("1 234 567,89")
    page.get_by_role("button", name="Enregistrer tous les montants").click()
    expect(page.locator(".alert-success")).to_be_visible()
    db.expire_all()
    amounts = {amount.stage: amount.amount for amount in
               db.scalars(select(BudgetAmount).where(BudgetAmount.line_id == line.id))}
    assert amounts[BudgetStage.EXPENDITURE] == Decimal("1234567.89")

    page.goto(f"{BASE}/grids/budget-lines/{line.id}")
    expect(page.locator("#amount-expenditure")).to_have_value("1\u202f234\u202f567,89")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"french-budget-grid-{database_kind}.png"), full_page=True)
    page.get_by_role("button", name="Enregistrer tous les montants").click()  # saved back unchanged
    expect(page.locator(".alert-success")).to_be_visible()
    db.expire_all()
    assert {amount.stage: amount.amount for amount in
            db.scalars(select(BudgetAmount).where(BudgetAmount.line_id == line.id))} == amounts
