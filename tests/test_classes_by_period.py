"""Classes of expenditure by period (issue 13): the UN's list changes over time, and from 2021/22
"National staff" is split into "National Professional Officers" and "National General Service
staff". A period's financial table lists its own classes, compares a retired class with its
successors, and a budget line takes only a class used in its period."""

import re
from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cpas.exports.report_workbook import build_report_workbook, excel_row
from cpas.models import (
    AuditAction,
    AuditEntry,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    ExpenditureClass,
    ExpenditureGroup,
    Mission,
    User,
)
from cpas.reports.app_settings import report_settings
from cpas.reports.assembly import financial_report
from cpas.tables import RowKind
from cpas.workbook.importer import import_workbook
from tests.conftest import login
from tests.helpers import database_state
from tests.libreoffice import recalculated
from tests.report_settings import plain_settings
from tests.test_report_workbooks import assert_sheet_matches
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


def offered_classes(client, path: str) -> list[str]:
    """The classes of expenditure the budget line form's drop-down offers."""
    page = client.get(path).get_data(as_text=True)
    select_element = re.search(r'<select[^>]*name="expenditure_class".*?</select>', page, re.S).group(0)
    return [re.sub(r"\s+", " ", text).strip() for text in re.findall(r"<option[^>]*>([^<]+)</option>", select_element)]


def test_the_budget_line_form_offers_only_the_classes_of_its_period(officer, db):
    add_period(db, "2021/22", 2021)
    db.commit()
    before_split = offered_classes(officer, "/m/MINUSMA/2019-20/records/budget-lines/new")
    after_split = offered_classes(officer, "/m/MINUSMA/2021-22/records/budget-lines/new")
    assert "National staff" in before_split and "National Professional Officers" not in before_split
    assert "National staff" not in after_split
    assert {"National Professional Officers", "National General Service staff"} <= set(after_split)
    assert "Air operations" in before_split and "Air operations" in after_split


def test_the_data_workbooks_drop_down_offers_only_the_classes_of_its_period(db, demo):
    book = openpyxl.load_workbook(BytesIO(export(db)))
    lists = book["Lists"]
    class_column = next(column for column in lists.iter_cols()
                        if column[0].value == "Budget lines: Class of expenditure")
    offered = {cell.value for cell in class_column[1:] if cell.value}
    assert "National staff" in offered and "National Professional Officers" not in offered


def test_an_existing_line_keeps_its_class_offered_in_its_form(officer, db):
    """A line whose class the period no longer uses (recorded before the split was known) still
    shows its class, so that opening and saving the form does not lose it unnoticed."""
    mission_id = db.scalar(select(Mission.id).where(Mission.code == "MINUSMA"))
    after = add_period(db, "2021/22", 2021)
    add_line(db, mission_id, after, "national_staff", "BL-900")
    db.commit()
    line_id = db.scalar(select(BudgetLine.id).where(BudgetLine.ref == "BL-900"))
    page = officer.get(f"/m/MINUSMA/2021-22/records/budget-lines/{line_id}/edit").get_data(as_text=True)
    assert re.search(r'<option[^>]*selected[^>]*>National staff</option>|'
                     r'<option[^>]*value="National staff"[^>]*selected', page)
    french = officer.get(f"/m/MINUSMA/2021-22/records/budget-lines/{line_id}/edit?lang=fr").get_data(as_text=True)
    assert re.search(r'<option[^>]*value="National staff"[^>]*>Personnel recruté sur le plan national</option>', french)


# The financial resources table --------------------------------------------------------------------

def add_line(db, mission_id: int, period: BudgetPeriod, class_code: str, ref: str, **stages: str) -> None:
    expenditure_class = db.scalar(select(ExpenditureClass).where(ExpenditureClass.code == class_code))
    line = BudgetLine(mission_id=mission_id, period_id=period.id, class_id=expenditure_class.id, ref=ref)
    for stage, amount in stages.items():
        line.amounts.append(BudgetAmount(stage=BudgetStage(stage), amount=Decimal(amount)))
    db.add(line)


@pytest.fixture
def split_years(db, demo):
    """MINUSMA's 2020/21 with National staff, and 2021/22 with its two successors."""
    mission_id = db.scalar(select(Mission.id).where(Mission.code == "MINUSMA"))
    before, after = add_period(db, "2020/21", 2020), add_period(db, "2021/22", 2021)
    add_line(db, mission_id, before, "national_staff", "BL-001", approved="36000000.00", expenditure="35250000.50")
    add_line(db, mission_id, before, "international_staff", "BL-002", approved="170000000", expenditure="168000000")
    add_line(db, mission_id, after, "national_professional_officers", "BL-001",
             proposed="9000000.25", approved="8800000")
    add_line(db, mission_id, after, "national_general_service_staff", "BL-002",
             proposed="28000000", approved="27700000.75")
    add_line(db, mission_id, after, "international_staff", "BL-003", proposed="171000000", approved="169000000")
    db.commit()
    return before, after


def financial_table(db, label: str):
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == label))
    return financial_report(db, mission, period, plain_settings(money_unit=Decimal(1))).table


def civilian_rows(table) -> list[str]:
    names = [row.get("class") for row in table.rows]
    start = names.index("II. Civilian personnel")
    return names[start + 1:names.index("Subtotal, Civilian personnel") + 1]


def test_a_period_before_2021_22_shows_national_staff(db, demo):
    assert civilian_rows(financial_table(db, "2019/20")) == [
        "International staff", "National staff", "United Nations Volunteers", "General temporary assistance",
        "Government-provided personnel", "Subtotal, Civilian personnel"]


def test_a_period_from_2021_22_shows_the_two_classes_and_compares_them_with_national_staff(db, split_years):
    table = financial_table(db, "2021/22")
    comparable_name = "National staff (National Professional Officers and National General Service staff)"
    assert civilian_rows(table) == [
        "International staff", "National staff (until 2020/21)", "National Professional Officers",
        "National General Service staff", comparable_name, "United Nations Volunteers",
        "General temporary assistance", "Government-provided personnel", "Subtotal, Civilian personnel"]
    rows = {row.get("class"): row for row in table.rows}
    comparable = rows[comparable_name]
    assert comparable.kind is RowKind.SUBTOTAL
    assert comparable.get("previous_approved") == Decimal("36000000.00")
    assert comparable.get("previous_expenditure") == Decimal("35250000.50")
    assert comparable.get("proposed") == Decimal("37000000.25")
    assert comparable.get("approved") == Decimal("36500000.75")
    # the budget report's variance: this period's estimates against the previous apportionment
    assert comparable.get("budget_variance") == Decimal("1000000.25")
    assert comparable.get("budget_variance_percent") == Decimal("2.78")
    # the retired class keeps its previous figures, and adds no stage to record this period
    retired = rows["National staff (until 2020/21)"]
    assert retired.get("previous_approved") == Decimal("36000000.00") and retired.get("proposed") is None
    assert rows["National Professional Officers"].get("previous_approved") is None
    # the group's subtotal counts every figure once, the retired class's previous figures included
    subtotal = rows["Subtotal, Civilian personnel"]
    assert subtotal.get("previous_approved") == Decimal("206000000.00")
    assert subtotal.get("proposed") == Decimal("208000000.25")
    assert subtotal.get("budget_variance") == Decimal("2000000.25")
    gross = rows["Gross requirements"]
    assert gross.get("previous_approved") == Decimal("206000000.00")
    assert gross.get("approved") == Decimal("205500000.75")
    assert not any("recorded for" in note for note in table.notes)  # no stage is partial
    assert ("National staff is not used in 2021/22: its figures of 2020/21 are compared with the sum of "
            "National Professional Officers and National General Service staff, which replaced it.") in table.notes
    assert all(isinstance(row.get(key), Decimal | None) for row in table.rows
               for key in ("previous_approved", "proposed", "approved", "budget_variance"))


def test_the_2020_21_table_shows_national_staff_and_not_its_successors(db, split_years):
    rows = civilian_rows(financial_table(db, "2020/21"))
    assert "National staff" in rows and "National Professional Officers" not in rows


def test_the_budget_page_shows_the_comparison(client, split_years):
    login(client, "reviewer")
    page = client.get("/m/MINUSMA/2021-22/budget/?unit=dollars").get_data(as_text=True)
    assert "National staff (National Professional Officers and National General Service staff)" in page
    assert "36,000,000" in page and "37,000,000" in page


# The administrators' page of the classes ----------------------------------------------------------

def class_form(db, name: str, period_label: str, predecessor_code: str = "", code: str = "") -> dict:
    group_id = db.scalar(select(ExpenditureGroup.id).where(ExpenditureGroup.code == "civilian_personnel"))
    predecessor = db.scalar(select(ExpenditureClass.id).where(ExpenditureClass.code == predecessor_code))
    period_id = db.scalar(select(BudgetPeriod.id).where(BudgetPeriod.label == period_label))
    return {"group": str(group_id), "name": name, "code": code, "valid_from": str(period_id),
            "predecessor": str(predecessor) if predecessor else ""}


def test_an_administrator_adds_a_class_from_a_period_succeeding_another(client, db, split_years):
    login(client, "admin")
    page = client.get("/admin/classes/").get_data(as_text=True)
    assert "National Professional Officers" in page and "2021/22" in page
    response = client.post("/admin/classes/", data=class_form(
        db, "National United Nations Volunteers", "2021/22", predecessor_code="united_nations_volunteers"))
    assert response.status_code == 302
    db.expire_all()
    added = db.scalar(select(ExpenditureClass).where(ExpenditureClass.name == "National United Nations Volunteers"))
    assert added.code == "national_united_nations_volunteers" and added.valid_from == date(2021, 7, 1)
    assert [each.code for each in added.predecessors] == ["united_nations_volunteers"]
    volunteers = added.predecessors[0]
    assert volunteers.valid_until == date(2021, 6, 30) and added.position == volunteers.position + 1
    assert [each.name for each in added.group.classes].index("National United Nations Volunteers") == \
        [each.name for each in added.group.classes].index("United Nations Volunteers") + 1
    audited = db.execute(select(AuditEntry.action, AuditEntry.record_id, User.login).join(AuditEntry.user).where(
        AuditEntry.table_name == "expenditure_classes")).all()
    assert (AuditAction.CREATE, added.id, "admin") in audited
    assert (AuditAction.UPDATE, volunteers.id, "admin") in audited  # its end, and its position kept
    # The new class is used from 2021/22 at once, with no change of code: its table compares it.
    mission_id = db.scalar(select(Mission.id).where(Mission.code == "MINUSMA"))
    before, after = split_years
    add_line(db, mission_id, before, "united_nations_volunteers", "BL-009", approved="5000000")
    add_line(db, mission_id, after, "national_united_nations_volunteers", "BL-009", proposed="5200000")
    db.commit()
    rows = {row.get("class"): row for row in financial_table(db, "2021/22").rows}
    comparable = rows["United Nations Volunteers (National United Nations Volunteers)"]
    assert comparable.get("previous_approved") == Decimal("5000000")
    assert comparable.get("proposed") == Decimal("5200000")
    assert "United Nations Volunteers" not in rows  # used up to 2020/21 only


def test_a_class_named_as_another_is_refused(client, db, split_years):
    login(client, "admin")
    before = database_state(db)
    response = client.post("/admin/classes/", data=class_form(db, "national staff", "2021/22"))
    assert response.status_code == 400
    assert "A class of expenditure named national staff exists already." in response.get_data(as_text=True)
    assert database_state(db) == before


@pytest.mark.parametrize("user_login", ["officer", "reviewer", "leader"])
def test_only_an_administrator_may_add_a_class(client, db, split_years, user_login):
    login(client, user_login)
    assert client.get("/admin/classes/").status_code == 403
    before = database_state(db)
    response = client.post("/admin/classes/", data=class_form(db, "Crafted class", "2021/22",
                                                              predecessor_code="international_staff"))
    assert response.status_code == 403
    assert database_state(db) == before
    assert db.scalar(select(ExpenditureClass.valid_until).where(ExpenditureClass.code == "international_staff")) \
        is None


def test_adding_a_class_needs_the_forms_csrf_token(make_app, db, split_years):
    csrf_app = make_app(WTF_CSRF_ENABLED=True)
    client = csrf_app.test_client()
    token_pattern = r'name="csrf_token" type="hidden" value="([^"]+)"'
    token = re.search(token_pattern, client.get("/login").get_data(as_text=True)).group(1)
    assert client.post("/login", data={"login": "admin", "password": "demo", "csrf_token": token}).status_code == 302
    before = database_state(db)
    assert client.post("/admin/classes/", data=class_form(db, "Forged class", "2021/22")).status_code == 400
    assert database_state(db) == before
    token = re.search(token_pattern, client.get("/admin/classes/").get_data(as_text=True)).group(1)
    response = client.post("/admin/classes/", data={**class_form(db, "Tokened class", "2021/22"), "csrf_token": token})
    assert response.status_code == 302
    assert db.scalar(select(ExpenditureClass.code).where(ExpenditureClass.name == "Tokened class")) == "tokened_class"
    csrf_app.extensions["cpas.engine"].dispose()


def test_the_financial_sheet_recalculates_the_comparable_subtotal_to_the_tables_figures(app, db, split_years):
    mission = db.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2021/22"))
    with app.test_request_context():
        table = financial_report(db, mission, period, report_settings("dollars")).table
        data = build_report_workbook([table])
    (index,) = [index for index, row in enumerate(table.rows) if row.get("class") ==
                "National staff (National Professional Officers and National General Service staff)"]
    formulas = load_workbook(BytesIO(data))["Financial resources"]
    previous_approved = [number for number, column in enumerate(table.columns, start=1)
                         if column.key == "previous_approved"][0]
    assert formulas.cell(row=excel_row(table, index), column=previous_approved).value.startswith("=SUM(")
    sheet = recalculated(data)["Financial resources"]
    assert assert_sheet_matches(sheet, table) >= 30  # every figure of the 2021/22 table, to the cent
    assert Decimal(str(sheet.cell(row=excel_row(table, index), column=previous_approved).value)) == \
        Decimal("36000000")
