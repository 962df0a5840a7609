"""A deletion audits every record it takes with it, and needs the reason they would need
(issue 10 item 4): deleting a budget line deletes its amounts, the approved one among them."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from cpas.models import (
    AuditAction,
    AuditEntry,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    Component,
    DataPoint,
    ExpenditureClass,
    ImpactIndicator,
    IndicatorTarget,
)
from tests.conftest import login
from tests.helpers import database_state

BASE = "/m/MINUSMA/2019-20/records"
NEEDS_A_REASON = "Deleting an amount of the approved budget needs a reason."


@pytest.fixture
def officer(client, demo):
    login(client, "officer")
    return client


def quick_impact_line(db) -> BudgetLine:
    """The demo's 2019/20 line of quick-impact projects: $4,800,000 proposed, recommended and approved."""
    return db.scalar(select(BudgetLine).join(BudgetLine.expenditure_class).join(BudgetPeriod)
                     .where(ExpenditureClass.code == "quick_impact_projects", BudgetPeriod.label == "2019/20"))


def deletions(db, table: str) -> list[AuditEntry]:
    db.expire_all()
    return db.scalars(select(AuditEntry).where(AuditEntry.table_name == table, AuditEntry.action == AuditAction.DELETE)
                      .order_by(AuditEntry.id)).all()


def test_deleting_a_budget_line_writes_an_audit_entry_per_amount_with_its_figure(officer, db):
    line = quick_impact_line(db)
    line_id, ref = line.id, line.ref
    amounts = {amount.id: (amount.stage, amount.amount) for amount in line.amounts}
    assert amounts[next(i for i, (stage, _) in amounts.items() if stage is BudgetStage.APPROVED)][1] == \
        Decimal("4800000.00")
    reason = "Quick-impact projects moved to the trust fund (A/74/737/Add.11, para. 12)"
    assert officer.post(f"{BASE}/budget-lines/{line_id}/delete", data={"reason": reason}).status_code == 302

    db.expire_all()
    assert db.get(BudgetLine, line_id) is None
    assert db.scalars(select(BudgetAmount).where(BudgetAmount.id.in_(amounts))).all() == []
    entries = deletions(db, "budget_amounts")
    assert {entry.record_id for entry in entries} == set(amounts)
    by_stage = {entry.before["stage"]: entry for entry in entries}
    approved = by_stage["approved"]
    assert approved.before["amount"] == "4800000.00" and approved.before["line_id"] == line_id
    assert approved.after is None
    assert all(entry.before["amount"] == str(amounts[entry.record_id][1]) for entry in entries)
    (line_entry,) = deletions(db, "budget_lines")
    assert line_entry.record_id == line_id and line_entry.before["ref"] == ref
    assert {entry.reason for entry in [*entries, line_entry]} == {reason}
    assert len({entry.user_id for entry in [*entries, line_entry]}) == 1 and line_entry.user_id is not None


def test_the_delete_page_asks_the_reason_its_amounts_need_and_shows_them(officer, db):
    line = quick_impact_line(db)
    page = officer.get(f"{BASE}/budget-lines/{line.id}/delete").get_data(as_text=True)
    assert 'name="reason"' in page
    assert NEEDS_A_REASON in page
    assert "Deleted with it, each needing a reason:" in page
    assert f"Budget amount {line.ref} · Approved · Amount (US$): 4,800,000.00" in page
    assert "Budget amount {line.ref} · Proposed" not in page  # only what needs a reason is listed

    french = officer.get(f"{BASE}/budget-lines/{line.id}/delete?lang=fr").get_data(as_text=True)
    assert "Supprimés avec lui, chacun devant être motivé :" in french
    assert "4\u202f800\u202f000,00" in french or "4\u00a0800\u00a0000,00" in french


@pytest.mark.parametrize("form", [{}, {"reason": "   "}], ids=["no reason", "blank reason"])
def test_deleting_a_line_with_an_approved_amount_without_a_reason_is_refused(officer, db, form):
    line = quick_impact_line(db)
    before = database_state(db)
    refused = officer.post(f"{BASE}/budget-lines/{line.id}/delete", data=form, follow_redirects=True)
    page = refused.get_data(as_text=True)
    assert f"Not deleted: {NEEDS_A_REASON}" in page
    assert database_state(db) == before  # the line, its amounts and the audit log as they were
    db.expire_all()
    assert db.get(BudgetLine, line.id) is not None


def test_a_line_whose_amounts_need_no_reason_goes_without_one_and_its_amounts_are_audited(officer, db):
    line = quick_impact_line(db)
    line_id = line.id
    approved = next(amount for amount in line.amounts if amount.stage is BudgetStage.APPROVED)
    assert officer.post(f"{BASE}/budget-amounts/{approved.id}/delete", data={}).status_code == 302
    db.expire_all()
    assert db.get(BudgetAmount, approved.id) is not None  # its own deletion needs the reason too
    assert officer.post(f"{BASE}/budget-amounts/{approved.id}/delete",
                        data={"reason": "Entered twice"}).status_code == 302
    page = officer.get(f"{BASE}/budget-lines/{line_id}/delete").get_data(as_text=True)
    assert 'name="reason"' not in page and "Deleted with it: 2 budget amounts." in page
    assert officer.post(f"{BASE}/budget-lines/{line_id}/delete", data={}).status_code == 302
    entries = deletions(db, "budget_amounts")
    assert sorted(entry.before["stage"] for entry in entries) == ["approved", "proposed", "recommended"]
    assert {entry.reason for entry in entries if entry.before["stage"] != "approved"} == {""}


def test_the_deleted_lines_history_shows_its_deleted_amounts(officer, db):
    line = quick_impact_line(db)
    line_id = line.id
    approved_id = next(amount.id for amount in line.amounts if amount.stage is BudgetStage.APPROVED)
    officer.post(f"{BASE}/budget-lines/{line_id}/delete", data={"reason": "Moved to the trust fund"})

    history = officer.get(f"{BASE}/budget-lines/{line_id}/history").get_data(as_text=True)
    assert "This record has been deleted; its history remains." in history
    assert "Budget amount · Approved" in history and "Budget amount · Proposed" in history
    assert "4,800,000.00" in history
    assert history.count("reason: Moved to the trust fund") == 4  # the line and its three amounts
    assert "line_id" not in history

    # The amount's own history page, although its line is gone too.
    own = officer.get(f"{BASE}/budget-amounts/{approved_id}/history")
    assert own.status_code == 200
    own_page = own.get_data(as_text=True)
    assert "This record has been deleted; its history remains." in own_page
    assert "4,800,000.00" in own_page and "Approved" in own_page
    # Another mission's address does not show it.
    assert officer.get(f"/m/MINUSMA/2018-19/records/budget-amounts/{approved_id}/history").status_code == 404


def test_deleting_an_impact_indicator_audits_its_targets_and_data_points(officer, db):
    indicator = db.scalar(select(ImpactIndicator).join(ImpactIndicator.data_points).limit(1))
    indicator_id = indicator.id
    points = set(db.scalars(select(DataPoint.id).where(DataPoint.indicator_id == indicator_id)).all())
    targets = set(db.scalars(select(IndicatorTarget.id).where(IndicatorTarget.indicator_id == indicator_id)).all())
    assert points
    response = officer.post(f"{BASE}/impact-indicators/{indicator_id}/delete", data={"reason": "Dropped"})
    assert response.status_code == 302
    assert {entry.record_id for entry in deletions(db, "data_points")} == points
    assert {entry.record_id for entry in deletions(db, "indicator_targets")} == targets
    assert all(entry.reason == "Dropped" for entry in deletions(db, "data_points"))


def test_a_reference_the_deletion_empties_is_audited_on_the_record_that_held_it(officer, db):
    """Deleting a component empties its budget lines' component (ON DELETE SET NULL): each such
    line gets an entry of its own, with the reason, instead of changing unseen."""
    component = db.scalar(select(Component).join(BudgetLine, BudgetLine.component_id == Component.id)
                          .where(~Component.external_factors.any()))
    component_id = component.id
    lines = list(db.scalars(select(BudgetLine.id).where(BudgetLine.component_id == component_id)))
    assert lines
    response = officer.post(f"{BASE}/components/{component_id}/delete",
                           data={"reason": "Component merged into another"})
    assert response.status_code == 302
    db.expire_all()
    for line_id in lines:
        entry = db.scalar(select(AuditEntry).where(AuditEntry.table_name == "budget_lines",
                                                   AuditEntry.record_id == line_id,
                                                   AuditEntry.action == AuditAction.UPDATE))
        assert entry is not None, "the line lost its component unseen"
        assert entry.before["component_id"] == component_id and entry.after["component_id"] is None
        assert entry.reason == "Component merged into another"
