"""Grid entry: all stages of a budget line, or an indicator's values by region and date, saved
in one transaction."""

from decimal import Decimal

import pytest
from sqlalchemy import select

from cpas.models import AuditEntry, BudgetAmount, BudgetLine, BudgetPeriod, BudgetStage, DataPoint, ImpactIndicator
from tests.conftest import login
from tests.helpers import database_state

BASE = "/m/MINUSMA/2019-20/grids"


@pytest.fixture
def officer(client, demo):
    login(client, "officer")
    return client


def line_of(db, ref="BL-006"):
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    return db.scalar(select(BudgetLine).where(BudgetLine.ref == ref, BudgetLine.period_id == period.id))


def grid_form(line, **amounts):
    form = {}
    by_stage = {amount.stage: amount for amount in line.amounts}
    for stage in BudgetStage:
        existing = by_stage.get(stage)
        form[f"amount-{stage.value}"] = amounts.get(stage.value, str(existing.amount) if existing else "")
        form[f"provenance-{stage.value}"] = existing.provenance.value if existing else "entered"
        form[f"source_symbol-{stage.value}"] = existing.source_symbol if existing else ""
    return form


def test_all_stages_of_a_line_are_saved_together(officer, db):
    line = line_of(db)
    response = officer.post(f"{BASE}/budget-lines/{line.id}", data=grid_form(
        line, revised="34,950,000.00", expenditure="34912345.67"))
    assert response.status_code == 302
    db.expire_all()
    amounts = {a.stage: a.amount for a in line_of(db).amounts}
    assert amounts[BudgetStage.REVISED] == Decimal("34950000.00")
    assert amounts[BudgetStage.EXPENDITURE] == Decimal("34912345.67")
    assert db.scalar(select(AuditEntry.id).where(AuditEntry.table_name == "budget_amounts")) is not None


def test_one_bad_cell_saves_nothing(officer, db):
    line = line_of(db)
    before = database_state(db)
    response = officer.post(f"{BASE}/budget-lines/{line.id}", data=grid_form(
        line, revised="34,950,000", expenditure="12.345"))
    page = response.get_data(as_text=True)
    assert "Nothing was saved. Correct the marked cells." in page
    assert "An amount has at most two decimals (cents)." in page
    assert database_state(db) == before


def test_changing_the_approved_amount_in_the_grid_needs_a_reason(officer, db):
    line = line_of(db)
    before = database_state(db)
    refused = officer.post(f"{BASE}/budget-lines/{line.id}", data=grid_form(line, approved="1"))
    assert "Changing an amount of the approved budget needs a reason." in refused.get_data(as_text=True)
    assert database_state(db) == before


def test_indicator_values_by_region_and_date(officer, db):
    indicator = db.scalar(select(ImpactIndicator))
    form = {"new_date": "2019-12-31", "source": "JMAC", "cell-0-0": "71", "cell-0-1": "192", "cell-0-2": "815",
            "cell-0-3": "1000", "cell-5-3": "312"}  # row 5 = Mopti, column 3 = the new date
    response = officer.post(f"{BASE}/impact-indicators/{indicator.id}", data=form)
    assert response.status_code == 302
    points = {(p.region, p.observed_on.isoformat()): p.value for p in db.scalars(select(DataPoint))}
    assert points[("", "2019-12-31")] == 1000 and points[("Mopti", "2019-12-31")] == 312
    assert points[("", "2018-12-31")] == 815


def test_indicator_grid_refuses_text_and_keeps_everything(officer, db):
    indicator = db.scalar(select(ImpactIndicator))
    before = database_state(db)
    response = officer.post(f"{BASE}/impact-indicators/{indicator.id}", data={
        "cell-0-0": "71", "cell-0-1": "192", "cell-0-2": "", "cell-1-0": "many"})
    page = response.get_data(as_text=True)
    assert "Nothing was saved" in page and "Enter a number such as" in page
    assert database_state(db) == before  # the emptied 2018 cell was not deleted either


def test_reviewer_sees_the_grid_but_cannot_save(client, demo, db):
    login(client, "reviewer")
    line = line_of(db)
    assert client.get(f"{BASE}/budget-lines/{line.id}").status_code == 200
    assert client.post(f"{BASE}/budget-lines/{line.id}", data=grid_form(line, revised="1")).status_code == 403
    assert db.scalar(select(BudgetAmount).where(BudgetAmount.stage == BudgetStage.REVISED)) is None


def test_a_grid_saved_over_someone_elses_save_is_refused_with_a_message(officer, db, monkeypatch):
    from sqlalchemy.orm.exc import StaleDataError

    from cpas.audit import ChangeLog

    def someone_saved_first(_log, _session):
        raise StaleDataError("UPDATE statement on table 'budget_amounts' expected to update 1 row(s); 0 were matched.")

    line = db.scalar(select(BudgetLine).where(BudgetLine.ref == "BL-001"))
    before = database_state(db)
    monkeypatch.setattr(ChangeLog, "write", someone_saved_first)
    response = officer.post(f"{BASE}/budget-lines/{line.id}", data=grid_form(line, revised="1234"))
    monkeypatch.undo()
    assert response.status_code == 200
    assert "someone else changed these values while you were editing them" in response.get_data(as_text=True)
    assert database_state(db) == before
