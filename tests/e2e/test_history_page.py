"""A budget line's history as a French reader sees it: labels, class names, amounts in French,
its amounts' changes included (a screenshot is kept)."""

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import ARTIFACTS
from tests.e2e.test_data_entry import log_in
from tests.test_history import change_a_budget_line

pytestmark = pytest.mark.e2e
BASE = "/m/MINUSMA/2019-20"


def test_a_budget_line_history_reads_in_french(page, demo, db, database_kind):
    line_id = change_a_budget_line(db)
    log_in(page, "officer")
    page.goto(f"{BASE}/records/budget-lines/{line_id}/history?lang=fr")
    expect(page.locator("main, body").first).to_contain_text("Montant budgétaire")
    text = page.locator("body").inner_text()
    assert "class_id" not in text and "mission_id" not in text
    assert "Voyages" in text
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"history-budget-line-fr-{database_kind}.png"), full_page=True)
    page.goto(f"{BASE}/records/budget-lines/{line_id}/history?lang=en")
    page.screenshot(path=str(ARTIFACTS / f"history-budget-line-en-{database_kind}.png"), full_page=True)
