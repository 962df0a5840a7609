"""An officer enters a task, an activity serving it, a budget line with three stages and an
indicator value, through the real UI only; a reviewer cannot edit the activity but can explain a
variance."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cpas.models import Activity, BudgetAmount, BudgetLine, DataPoint, MandatedTask, VarianceExplanation
from tests.e2e.conftest import ARTIFACTS

pytestmark = pytest.mark.e2e
BASE = "/m/MINUSMA/2019-20"


# Where each account lands once logged in: leadership on the dashboard, the others on the overview.
LANDING_HEADINGS = {"leader": "MINUSMA dashboard, 2019/20", "reviewer": "Financial resources, 2019/20",
                    "officer": "My work, MINUSMA 2019/20"}


def log_in(page, user):
    page.goto("/login")
    page.get_by_label("Login").fill(user)
    page.get_by_label("Password").fill("demo")
    page.get_by_role("button", name="Log in").click()
    landing = LANDING_HEADINGS.get(user, "MINUSMA · Budget period 2019/20")
    expect(page.get_by_role("heading", name=landing)).to_be_visible()
    # The menus open through Bootstrap's script: on a loaded machine a click can come before it
    # is ready, and the menu would stay shut.
    page.wait_for_load_state("load")


def log_out(page):
    """As a user does: the account menu, then its Log out."""
    page.wait_for_load_state("load")  # the menu opens through Bootstrap's script (see log_in)
    page.locator("#account-menu").click()
    page.get_by_role("button", name="Log out").click()
    page.wait_for_load_state("load")


def open_entry(page, record_type):
    page.wait_for_load_state("load")  # after another page's link, as after the login
    page.get_by_text("Data entry").click()
    page.locator(".dropdown-menu").get_by_role("link", name=record_type, exact=True).click()


def test_officer_enters_a_task_activity_budget_line_and_indicator_value(page, demo, db):
    log_in(page, "officer")

    open_entry(page, "Mandated tasks")
    page.get_by_role("link", name="New mandated task").click()
    page.get_by_label("Resolution").select_option("S/RES/2480 (2019)")
    page.get_by_label("Paragraph").fill("OP 45")
    page.get_by_label("Title").fill("Support the redeployment of reconstituted armed forces")
    page.get_by_label("Priority").select_option("other")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Mandated task saved.")

    open_entry(page, "Activities")
    page.get_by_role("link", name="New activity").click()
    page.get_by_label("Title").fill("Escort of reconstituted units to Kidal")
    page.get_by_label("Pillar").select_option("military")
    page.get_by_label("Status").select_option("planned")
    page.get_by_label("Starts on").fill("2019-10-01")
    page.get_by_label("Ends on").fill("2019-12-15")
    page.get_by_label("Mandated tasks").select_option(["S/RES/2480 (2019) · OP 45"])
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Activity saved.")

    open_entry(page, "Budget lines")
    page.get_by_role("link", name="New budget line").click()
    page.get_by_label("Class of expenditure").select_option("Ground transportation")
    page.get_by_label("Description").fill("Escort vehicles, Kidal")
    page.get_by_label("Activity").select_option("A-004")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Budget line saved.")
    page.get_by_role("link", name="Amounts at every stage").click()
    page.get_by_label("Proposed").fill("1,250,000")
    page.get_by_label("ACABQ recommended").fill("1,200,000.50")
    page.get_by_label("Approved", exact=True).fill("1150000")
    page.get_by_role("button", name="Save all amounts").click()
    expect(page.get_by_role("alert")).to_contain_text("Amounts saved.")

    open_entry(page, "Impact indicators")
    page.get_by_role("link", name="O1.1").click()
    page.get_by_role("link", name="Values by region and date").click()
    page.get_by_label("New date", exact=True).fill("2019-12-31")
    page.get_by_label("Mopti New date").fill("312")
    page.get_by_label("Source of new values").fill("JMAC weekly incident report")
    page.get_by_role("button", name="Save all values").click()
    expect(page.get_by_role("alert")).to_contain_text("Values saved.")
    page.screenshot(path=str(ARTIFACTS / "indicator-grid.png"), full_page=True)

    db.expire_all()
    task = db.scalar(select(MandatedTask).where(MandatedTask.paragraph_ref == "OP 45"))
    activity = db.scalar(select(Activity).where(Activity.ref == "A-004"))
    assert [t.id for t in activity.tasks] == [task.id]
    line = db.scalar(select(BudgetLine).where(BudgetLine.activity_id == activity.id))
    amounts = db.scalars(select(BudgetAmount.amount).where(BudgetAmount.line_id == line.id)).all()
    assert sorted(str(amount) for amount in amounts) == ["1150000.00", "1200000.50", "1250000.00"]
    point = db.scalar(select(DataPoint).where(DataPoint.region == "Mopti"))
    assert (str(point.value), point.source) == ("312.0000", "JMAC weekly incident report")

    # the task's page shows the activity that serves it and that activity's budget line
    page.goto(f"{BASE}/records/mandated-tasks/{task.id}")
    expect(page.locator("section", has_text="Activities")).to_contain_text("A-004")
    expect(page.locator("section", has_text="Budget lines")).to_contain_text(line.ref)


def test_reviewer_cannot_edit_an_activity_but_writes_a_variance_explanation(page, demo, db):
    log_in(page, "reviewer")
    open_entry(page, "Activities")
    page.get_by_role("link", name="A-001").click()
    expect(page.get_by_role("heading", name="Activity A-001")).to_be_visible()
    expect(page.get_by_role("link", name="Edit")).to_have_count(0)
    expect(page.get_by_role("link", name="New activity")).to_have_count(0)

    open_entry(page, "Variance explanations")
    page.get_by_role("link", name="New variance explanation").click()
    page.get_by_label("Class of expenditure").select_option("Air operations")
    page.get_by_label("Report").select_option("budget")
    page.get_by_label("Cause").select_option("cost_parameters")
    page.get_by_label("Explanation").fill("Lower guaranteed fleet costs under the new air charter agreements.")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Variance explanation saved.")
    db.expire_all()
    explanation = db.scalar(select(VarianceExplanation))
    assert explanation.text.startswith("Lower guaranteed fleet costs")
