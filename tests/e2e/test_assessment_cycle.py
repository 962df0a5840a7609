"""The assessment cycle in the real UI: an officer drafts and submits, leadership returns it with a
comment, the officer resubmits, leadership approves; then no one can edit it, and the officer is
never offered to approve."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from cpas.models import AssessmentStatus, ImpactAssessment
from tests.e2e.test_data_entry import BASE, log_in, log_out

pytestmark = pytest.mark.e2e


def open_cycle_from_awaiting(page, title):
    page.get_by_role("link", name="Awaiting me").click()
    row = page.get_by_role("row", name=title)
    row.get_by_role("link", name="Open").click()
    page.wait_for_load_state("load")


def test_officer_submits_leadership_returns_then_approves_and_the_assessment_is_final(page, demo, db):
    title = "Protection of civilians in Central Mali, 2019"
    log_in(page, "officer")
    page.goto(f"{BASE}/records/impact-assessments/new")
    page.get_by_label("Outcome").select_option("O1")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Covers from").fill("2019-01-01")
    page.get_by_label("Covers to").fill("2019-12-31")
    page.get_by_label("Rating", exact=True).select_option("Regression")
    expect(page.get_by_label("Status")).to_have_count(0)  # the cycle sets it, not the form
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_contain_text("Impact assessment saved.")
    page.get_by_role("link", name="Assessment cycle").click()
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)
    page.get_by_role("button", name="Submit to leadership").click()
    expect(page.get_by_role("alert")).to_contain_text("The assessment is now: Submitted.")
    log_out(page)

    log_in(page, "leader")
    open_cycle_from_awaiting(page, title)
    page.get_by_role("button", name="Return to the officer").click()
    expect(page.get_by_text("Say what the officer should revise.")).to_be_visible()
    page.get_by_label("Comment").fill("Separate Mopti from Ségou.")
    page.get_by_role("button", name="Return to the officer").click()
    expect(page.get_by_role("alert")).to_contain_text("The assessment is now: Returned.")
    log_out(page)

    log_in(page, "officer")  # lands on My work, the returned assessment and leadership's comment on it
    returned = page.locator("#returned")
    expect(returned).to_contain_text("Separate Mopti from Ségou.")
    returned.get_by_role("link", name="Submit it again").click()
    page.wait_for_load_state("load")
    expect(page.get_by_text("Separate Mopti from Ségou.").first).to_be_visible()
    page.get_by_role("button", name="Submit to leadership").click()
    expect(page.get_by_role("alert")).to_contain_text("The assessment is now: Submitted.")
    log_out(page)

    log_in(page, "leader")
    open_cycle_from_awaiting(page, title)
    page.get_by_label("Comment").fill("Plan an operation in Mopti before November.")
    page.get_by_role("button", name="Approve").click()
    expect(page.get_by_role("alert")).to_contain_text("The assessment is now: Approved.")
    log_out(page)

    for user in ("officer", "admin"):
        log_in(page, user)
        assessment = db.scalar(select(ImpactAssessment).where(ImpactAssessment.title == title))
        page.goto(f"{BASE}/records/impact-assessments/{assessment.id}")
        expect(page.get_by_role("status")).to_contain_text("Approved by leadership: this assessment is final.")
        expect(page.get_by_role("link", name="Edit")).to_have_count(0)
        page.goto(f"{BASE}/records/impact-assessments/{assessment.id}/edit")
        expect(page.get_by_role("alert")).to_contain_text("this assessment is final")
        log_out(page)
    db.expire_all()
    status = db.scalar(select(ImpactAssessment.status).where(ImpactAssessment.title == title))
    assert status is AssessmentStatus.APPROVED
