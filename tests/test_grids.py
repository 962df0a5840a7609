"""Grid entry: all stages of a budget line, or an indicator's values by region and date, saved
in one transaction."""

import html
import re
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


def shown_of(client, url) -> dict:
    """The hidden inputs a grid page carries to say what it showed (as a browser would send them)."""
    page = client.get(url).get_data(as_text=True)
    return {name: html.unescape(value)
            for name, value in re.findall(r'<input type="hidden" name="(shown|dates)" value="([^"]*)"', page)}


def grid_form(line, client=None, **amounts):
    """The grid's form as a browser sends it: every input as shown, ``amounts`` typed over the stages
    they name, and (given the client) what the page said it showed."""
    from cpas.budget.services import amount_values

    form = shown_of(client, f"{BASE}/budget-lines/{line.id}") if client is not None else {}
    form.update(amount_values(line, "en"))
    for stage in BudgetStage:
        form[f"provenance-{stage.value}"] = form[f"provenance-{stage.value}"] or "entered"
        if stage.value in amounts:
            form[f"amount-{stage.value}"] = amounts[stage.value]
    return form


def test_all_stages_of_a_line_are_saved_together(officer, db):
    line = line_of(db)
    response = officer.post(f"{BASE}/budget-lines/{line.id}", data=grid_form(
        line, officer, revised="34,950,000.00", expenditure="34912345.67"))
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
        line, officer, revised="34,950,000", expenditure="12.345"))
    page = response.get_data(as_text=True)
    assert "Nothing was saved. Correct the marked cells." in page
    assert "An amount has at most two decimals (cents)." in page
    assert database_state(db) == before


def test_changing_the_approved_amount_in_the_grid_needs_a_reason(officer, db):
    line = line_of(db)
    before = database_state(db)
    refused = officer.post(f"{BASE}/budget-lines/{line.id}", data=grid_form(line, officer, approved="1"))
    assert "Changing an amount of the approved budget needs a reason." in refused.get_data(as_text=True)
    assert database_state(db) == before


def test_indicator_values_by_region_and_date(officer, db):
    indicator = db.scalar(select(ImpactIndicator))
    form = {**shown_of(officer, f"{BASE}/impact-indicators/{indicator.id}"), "new_date": "2019-12-31",
            "source": "JMAC", "cell-0-0": "71", "cell-0-1": "192", "cell-0-2": "815",
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
        **shown_of(officer, f"{BASE}/impact-indicators/{indicator.id}"),
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
    response = officer.post(f"{BASE}/budget-lines/{line.id}", data=grid_form(line, officer, revised="1234"))
    monkeypatch.undo()
    assert response.status_code == 200
    assert "someone else changed these values while you were editing them" in response.get_data(as_text=True)
    assert database_state(db) == before


# Two tabs (two officers) open the same grid; each saves what it changed.


def test_a_grid_keeps_what_another_tab_saved_in_a_cell_left_alone(officer, db):
    line = line_of(db)
    url = f"{BASE}/budget-lines/{line.id}"
    first_tab, second_tab = grid_form(line, officer, proposed="35,000,000.00"), grid_form(line, officer)
    assert officer.post(url, data=first_tab).status_code == 302
    second_tab["amount-revised"] = "34,950,000.00"  # another cell, in the tab opened before that save
    assert officer.post(url, data=second_tab).status_code == 302
    db.expire_all()
    amounts = {a.stage: a.amount for a in line_of(db).amounts}
    assert amounts[BudgetStage.PROPOSED] == Decimal("35000000.00")  # not reverted
    assert amounts[BudgetStage.REVISED] == Decimal("34950000.00")


def test_a_grid_saved_over_another_tabs_change_to_the_same_cell_is_refused_showing_what_changed(officer, db):
    line = line_of(db)
    url = f"{BASE}/budget-lines/{line.id}"
    first_tab, second_tab = grid_form(line, officer, proposed="35,000,000.00"), grid_form(line, officer)
    assert officer.post(url, data=first_tab).status_code == 302
    before = database_state(db)
    second_tab["amount-proposed"] = "36000000"
    second_tab["amount-revised"] = "34950000"
    response = officer.post(url, data=second_tab)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Not saved: someone else changed these values after you opened the page." in page
    conflict = page[page.index('id="edit-conflict"'):page.index("</table>", page.index('id="edit-conflict"'))]
    assert re.search(r"<td>Proposed</td><td>Amount \(US\$\)</td><td>35000000.00</td><td>36000000.00</td>", conflict)
    assert "Revised" not in conflict  # the other cell is not in conflict: it stays typed in the grid
    assert 'value="34950000"' in page and 'value="36000000"' in page
    assert database_state(db) == before
    db.expire_all()
    assert {a.stage: a.amount for a in line_of(db).amounts}[BudgetStage.PROPOSED] == Decimal("35000000.00")
    # Saving again from the refused page is a deliberate choice, made knowing the current value.
    again = shown_of_page(page) | {name: value for name, value in second_tab.items() if name not in ("shown",)}
    assert officer.post(url, data=again).status_code == 302
    db.expire_all()
    assert {a.stage: a.amount for a in line_of(db).amounts}[BudgetStage.PROPOSED] == Decimal("36000000.00")


def shown_of_page(page: str) -> dict:
    return {name: html.unescape(value)
            for name, value in re.findall(r'<input type="hidden" name="(shown|dates)" value="([^"]*)"', page)}


def test_a_new_cell_someone_created_meanwhile_is_refused(officer, db):
    line = line_of(db)
    url = f"{BASE}/budget-lines/{line.id}"
    first_tab, second_tab = grid_form(line, officer, revised="100"), grid_form(line, officer, revised="200")
    assert officer.post(url, data=first_tab).status_code == 302
    before = database_state(db)
    page = officer.post(url, data=second_tab).get_data(as_text=True)
    assert "Not saved: someone else changed these values after you opened the page." in page
    assert re.search(r"<td>Revised</td><td>Amount \(US\$\)</td><td>100.00</td><td>200.00</td>", page)
    assert database_state(db) == before


def test_a_grid_form_that_does_not_say_what_it_showed_is_refused(officer, db):
    line = line_of(db)
    before = database_state(db)
    page = officer.post(f"{BASE}/budget-lines/{line.id}", data=grid_form(line, proposed="1")).get_data(as_text=True)
    assert "Not saved: this page is out of date. Reload it and enter your changes again." in page
    assert database_state(db) == before


def test_indicator_grid_two_tabs(officer, db):
    indicator = db.scalar(select(ImpactIndicator))
    url = f"{BASE}/impact-indicators/{indicator.id}"
    shown = shown_of(officer, url)
    # 2016: 71, 2017: 192, 2018: 815 for the whole mission (row 0).
    base = {**shown, "cell-0-0": "71", "cell-0-1": "192", "cell-0-2": "815"}
    assert officer.post(url, data={**base, "cell-0-0": "75"}).status_code == 302
    assert officer.post(url, data={**base, "cell-0-1": "200"}).status_code == 302  # another cell: both kept
    points = {p.observed_on.year: p.value for p in db.scalars(select(DataPoint).where(DataPoint.region == ""))}
    assert points[2016] == 75 and points[2017] == 200
    before = database_state(db)
    response = officer.post(url, data={**base, "cell-0-0": "80"})  # the same cell, from the old page
    page = response.get_data(as_text=True)
    assert "Not saved: someone else changed these values after you opened the page." in page
    assert re.search(r"<td>All regions · [^<]*2016</td><td>Value</td><td>75</td><td>80</td>", page)
    assert database_state(db) == before
    db.expire_all()
    whole_mission = db.scalars(select(DataPoint).where(DataPoint.region == ""))
    assert {p.observed_on.year: p.value for p in whole_mission}[2016] == 75
