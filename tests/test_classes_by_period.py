"""Classes of expenditure by period (issue 13): the UN's list changes over time, and from 2021/22
"National staff" is split into "National Professional Officers" and "National General Service
staff". A period's financial table lists its own classes, compares a retired class with its
successors, and a budget line takes only a class used in its period."""

from datetime import date
from io import BytesIO

import openpyxl
import pytest
from sqlalchemy import select

from cpas.models import BudgetLine, BudgetPeriod, ExpenditureClass, Mission
from cpas.workbook.importer import import_workbook
from tests.conftest import login
from tests.helpers import database_state
from tests.test_workbook import export

NPO_REFUSED_IN_2019_20 = ("The class of expenditure “National Professional Officers” is not used in the budget "
                          "period 2019/20: it is used from 2021-07-01.")


def with_a_budget_line(data: bytes, class_name: str) -> bytes:
    book = openpyxl.load_workbook(BytesIO(data))
    sheet = book["Budget lines"]
    headers = [cell.value for cell in sheet[1]]
    row = [None] * len(headers)
    row[headers.index("Class of expenditure")] = class_name
    row[headers.index("Description")] = "Split of the national staff"
    sheet.append(row)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_workbook_refuses_a_class_not_used_in_its_period_and_changes_nothing(db, demo):
    data = with_a_budget_line(export(db), "National Professional Officers")
    before = database_state(db)
    result = import_workbook(db, data, None, apply=True)
    assert not result.applied
    assert [(problem.sheet, problem.message) for problem in result.problems] == [
        ("Budget lines", NPO_REFUSED_IN_2019_20)]
    assert database_state(db) == before


def test_the_workbook_takes_a_class_used_in_its_period(db, demo):
    result = import_workbook(db, with_a_budget_line(export(db), "National staff"), None, apply=True)
    assert result.problems == [] and result.counts["Budget lines"].created == 1
    db.rollback()


@pytest.fixture
def officer(client, demo):
    login(client, "officer")
    return client


def test_the_budget_line_form_refuses_a_class_not_used_in_its_period(officer, db):
    before = database_state(db)
    response = officer.post("/m/MINUSMA/2019-20/records/budget-lines/new",
                            data={"expenditure_class": "National Professional Officers", "description": "Split"})
    assert NPO_REFUSED_IN_2019_20 in response.get_data(as_text=True)
    assert database_state(db) == before


def add_period(db, label: str, start_year: int) -> BudgetPeriod:
    period = BudgetPeriod(label=label, starts_on=date(start_year, 7, 1), ends_on=date(start_year + 1, 6, 30))
    db.add(period)
    db.flush()
    return period


def test_a_retired_class_is_refused_after_its_last_period(officer, db):
    add_period(db, "2020/21", 2020)
    add_period(db, "2021/22", 2021)
    db.commit()
    before = database_state(db)
    response = officer.post("/m/MINUSMA/2021-22/records/budget-lines/new",
                            data={"expenditure_class": "National staff", "description": "Old"})
    assert ("The class of expenditure “National staff” is not used in the budget period 2021/22: it was used "
            "up to 2021-06-30.") in response.get_data(as_text=True)
    assert database_state(db) == before
    accepted = officer.post("/m/MINUSMA/2021-22/records/budget-lines/new",
                            data={"expenditure_class": "National Professional Officers", "description": "New"})
    assert accepted.status_code == 302
    mission_id = db.scalar(select(Mission.id).where(Mission.code == "MINUSMA"))
    line = db.scalar(select(BudgetLine).where(BudgetLine.mission_id == mission_id, BudgetLine.description == "New"))
    assert line.expenditure_class.code == "national_professional_officers"
    assert db.scalar(select(ExpenditureClass.code).where(ExpenditureClass.id == line.class_id)) == \
        "national_professional_officers"
