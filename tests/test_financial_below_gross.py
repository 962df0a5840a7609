"""The rows after gross requirements, as UN budget tables print them: staff assessment income, net
requirements (gross − staff assessment), voluntary contributions in kind (budgeted) and total
requirements (gross + voluntary contributions). The demo's 2019/20 items are illustrative
(DOMAIN.md): staff assessment $20,915,000 and voluntary contributions $3,020,700 at the proposed,
recommended and approved stages; 2018/19 records neither."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cpas.budget.services import ClassError, add_expenditure_class
from cpas.exports.report_workbook import excel_row
from cpas.models import (
    Activity,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    ExpenditureClass,
    ExpenditureGroup,
    Mission,
    Provenance,
)
from cpas.reports.assembly import financial_report
from cpas.reports.financial import class_rows, gross_requirements, gross_requirements_index
from cpas.reports.queries import approved_by_activity
from cpas.results.queries import activities_serving_tasks
from cpas.tables import RowKind
from cpas.workbook.importer import import_workbook
from tests.conftest import login
from tests.helpers import database_state
from tests.libreoffice import all_recalculated
from tests.report_settings import plain_settings
from tests.test_workbook import demo_export  # noqa: F401 - the demo's data workbook, exported once

GROSS_APPROVED = Decimal("1138457900.00")
STAFF_ASSESSMENT = Decimal("20915000.00")
VOLUNTARY = Decimal("3020700.00")
BELOW_GROSS_NAMES = ["Gross requirements", "Staff assessment income", "Net requirements",
                     "Voluntary contributions in kind (budgeted)", "Total requirements"]


def mission_and_period(db, label="2019/20"):
    return (db.scalar(select(Mission).where(Mission.code == "MINUSMA")),
            db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == label)))


def rows_from_gross(table) -> list:
    return table.rows[gross_requirements_index(table):]


def test_net_and_total_requirements_follow_the_gross_requirements_exactly(db, demo):
    mission, period = mission_and_period(db)
    table = financial_report(db, mission, period, plain_settings()).table
    gross, staff, net, voluntary, total = rows_from_gross(table)
    assert [row.get("class") for row in (gross, staff, net, voluntary, total)] == BELOW_GROSS_NAMES
    assert [row.kind for row in (gross, staff, net, voluntary, total)] == [
        RowKind.TOTAL, RowKind.DETAIL, RowKind.TOTAL, RowKind.DETAIL, RowKind.TOTAL]
    # The gross requirements are the groups' alone: the items below them are in no sum.
    assert gross.get("approved") == GROSS_APPROVED
    assert gross.get("proposed") == Decimal("1149778800.00") and gross.get("recommended") == Decimal("1146057900.00")
    assert staff.get("approved") == STAFF_ASSESSMENT and voluntary.get("approved") == VOLUNTARY
    assert net.get("approved") == Decimal("1117542900.00")  # 1,138,457,900 − 20,915,000
    assert total.get("approved") == Decimal("1141478600.00")  # 1,138,457,900 + 3,020,700
    assert net.get("proposed") == Decimal("1128863800.00") and total.get("proposed") == Decimal("1152799500.00")
    assert all(isinstance(row.get("approved"), Decimal) for row in (net, total))
    # The previous period recorded neither item: its net and total requirements are not recorded,
    # not its gross requirements; nor is any variance set against them.
    assert gross.get("previous_approved") == Decimal("1107318900.00")
    assert staff.get("previous_approved") is None and net.get("previous_approved") is None
    assert net.get("budget_variance") is None and "budget_variance" in net.withheld
    assert staff.get("budget_variance") is None and "budget_variance" in staff.withheld
    # Not classes of expenditure: no variance of theirs is analysed, no stage counted incomplete.
    assert "Staff assessment income" not in [row.get("class") for row in class_rows(table)]


def test_the_headline_and_the_all_missions_page_keep_the_gross_requirements(client, db, demo):
    mission, period = mission_and_period(db)
    report = financial_report(db, mission, period, plain_settings())
    assert gross_requirements(report.table).get("class") == "Gross requirements"
    assert report.headline.approved == GROSS_APPROVED
    assert report.headline.below_proposal == Decimal("11320900.00")
    login(client, "reviewer")
    page = client.get("/all-missions/2019-20?unit=dollars").get_data(as_text=True)
    assert ">1,138,457,900<" in page and ">1,117,542,900<" not in page and ">1,141,478,600<" not in page
    assert "Below gross requirements" not in page and "Staff assessment" not in page


def test_a_mission_recording_neither_item_shows_the_rows_blank_and_says_why(db, demo):
    mission, period = mission_and_period(db, "2018/19")
    table = financial_report(db, mission, period, plain_settings()).table
    gross, staff, net, voluntary, total = rows_from_gross(table)
    assert gross.get("approved") == Decimal("1107318900.00")
    assert [row.get("approved") for row in (staff, net, voluntary, total)] == [None] * 4
    assert any(note.startswith("Net requirements are left blank where staff assessment income is not recorded")
               for note in table.notes)
    assert any(note.startswith("Total requirements are left blank") for note in table.notes)


def test_an_item_recorded_as_nil_makes_net_requirements_equal_the_gross(db, demo):
    mission, period = mission_and_period(db, "2018/19")
    staff = db.scalar(select(ExpenditureClass).where(ExpenditureClass.code == "staff_assessment_income"))
    line = BudgetLine(mission_id=mission.id, period_id=period.id, class_id=staff.id, ref="BL-900")
    line.amounts.append(BudgetAmount(stage=BudgetStage.APPROVED, amount=Decimal("0.00")))
    db.add(line)
    db.flush()
    table = financial_report(db, mission, period, plain_settings()).table
    gross, _staff, net, _voluntary, total = rows_from_gross(table)
    assert net.get("approved") == gross.get("approved") == Decimal("1107318900.00")
    assert total.get("approved") is None  # voluntary contributions are still not recorded
    assert net.get("expenditure") is None  # nor is a staff assessment at the expenditure stage


def test_a_revised_item_alone_revises_no_requirement(db, demo):
    """Revised estimates are of the requirements: a revised figure of voluntary contributions in kind
    alone brings no revised column in which every class would carry its apportionment."""
    mission, period = mission_and_period(db)
    voluntary = db.scalar(select(BudgetLine).join(ExpenditureClass, ExpenditureClass.id == BudgetLine.class_id).where(
        ExpenditureClass.code == "voluntary_contributions_in_kind", BudgetLine.period_id == period.id))
    voluntary.amounts.append(BudgetAmount(stage=BudgetStage.REVISED, amount=Decimal("3100000.00")))
    db.flush()
    table = financial_report(db, mission, period, plain_settings()).table
    gross, _staff, _net, item, _total = rows_from_gross(table)
    assert gross.get("revised") is None and not any("revised" in row.marks for row in class_rows(table))
    assert item.get("revised") == Decimal("3100000.00")
    assert not any(note.startswith("Revised (2019/20): the apportionment with the revisions applied")
                   for note in table.notes)


def test_the_page_prints_the_four_rows_after_gross_requirements_styled_as_totals(client, demo):
    login(client, "reviewer")
    page = client.get("/m/MINUSMA/2019-20/budget/").get_data(as_text=True)
    positions = [page.index(f">{name}<") for name in BELOW_GROSS_NAMES]
    assert positions == sorted(positions)
    # Thousands of dollars, rounded as the page prints them: 1,117,542.9 and 1,141,478.6.
    for name, figure in (("Net requirements", "1,117,543"), ("Total requirements", "1,141,479")):
        row = page[page.rindex("<tr", 0, page.index(f">{name}<")):]
        row = row[:row.index("</tr>")]
        assert 'class="row-total"' in row and f">{figure}<" in row, name
    staff_row = page[page.rindex("<tr", 0, page.index(">Staff assessment income<")):]
    assert staff_row.startswith('<tr class="row-detail"') and ">20,915<" in staff_row[:staff_row.index("</tr>")]
    dollars = client.get("/m/MINUSMA/2019-20/budget/?unit=dollars").get_data(as_text=True)
    assert ">1,117,542,900<" in dollars and ">1,141,478,600<" in dollars


def test_the_workbook_recalculates_net_and_total_requirements_to_the_dollar_of_the_page(client, db, demo):
    """Recalculated by LibreOffice, as downloaded, and after a reviewer typed a nil staff
    assessment and a new voluntary contribution into the approved column."""
    mission, period = mission_and_period(db)
    table = financial_report(db, mission, period, plain_settings(Decimal(1))).table
    login(client, "reviewer")
    page = client.get("/m/MINUSMA/2019-20/budget/?unit=dollars").get_data(as_text=True)
    data = client.get("/m/MINUSMA/2019-20/reports/rbb.xlsx?unit=dollars").data
    columns = [column.key for column in table.columns]
    gross_index = gross_requirements_index(table)
    staff_row, net_row, voluntary_row, total_row = (excel_row(table, gross_index + offset) for offset in (1, 2, 3, 4))
    approved = columns.index("approved") + 1
    changed = load_workbook(BytesIO(data))
    sheet = changed["Financial resources"]
    assert sheet.cell(row=net_row, column=approved).value.startswith("=IF(AND(ISNUMBER(")
    sheet.cell(row=staff_row, column=approved).value = 0
    sheet.cell(row=voluntary_row, column=approved).value = 1000000
    edited = BytesIO()
    changed.save(edited)
    as_downloaded, as_edited = all_recalculated([data, edited.getvalue()])
    sheet = as_downloaded["Financial resources"]
    for offset, key in ((2, "net"), (4, "total")):
        row = table.rows[gross_index + offset]
        for column in ("proposed", "recommended", "approved"):
            value = Decimal(str(sheet.cell(row=excel_row(table, gross_index + offset),
                                           column=columns.index(column) + 1).value))
            assert value == row.get(column), (key, column)
            assert f">{value.quantize(Decimal(1)):,}<" in page, (key, column)
        # Not recorded in Excel either: blank, not the gross requirements.
        assert sheet.cell(row=excel_row(table, gross_index + offset),
                          column=columns.index("previous_approved") + 1).value in (None, "")
    assert Decimal(str(sheet.cell(row=net_row, column=approved).value)) == Decimal("1117542900")
    assert Decimal(str(sheet.cell(row=total_row, column=approved).value)) == Decimal("1141478600")
    edited_sheet = as_edited["Financial resources"]
    assert Decimal(str(edited_sheet.cell(row=net_row, column=approved).value)) == GROSS_APPROVED
    assert Decimal(str(edited_sheet.cell(row=total_row, column=approved).value)) == GROSS_APPROVED + 1000000


def test_the_items_are_no_money_of_an_activity(db, demo):
    """A staff assessment line linked to an activity adds nothing to the activity's approved money."""
    mission, period = mission_and_period(db)
    activity = db.scalar(select(Activity).where(Activity.ref == "A-002"))
    before = approved_by_activity(db, mission.id, period.id)[activity.id]
    staff = db.scalar(select(BudgetLine).join(ExpenditureClass, ExpenditureClass.id == BudgetLine.class_id).where(
        ExpenditureClass.code == "staff_assessment_income", BudgetLine.period_id == period.id))
    staff.activity = activity
    db.flush()
    assert approved_by_activity(db, mission.id, period.id)[activity.id] == before


def test_a_data_workbook_line_of_staff_assessment_is_imported_like_any_line(db, demo, demo_export):  # noqa: F811
    """The data workbook offers both items among the classes and imports a new line of one of them
    with its amount at a stage, source and provenance, for 2019/20."""
    book = load_workbook(BytesIO(demo_export))
    lines, amounts = book["Budget lines"], book["Budget amounts"]
    headers = {cell.value: cell.column for cell in lines[1]}
    classes = [row[headers["Class of expenditure"] - 1] for row in lines.iter_rows(min_row=2, values_only=True)]
    assert "Staff assessment income" in classes
    # A new 2019/20 line of voluntary contributions in kind, entered at the revised stage.
    new_line = lines.max_row + 1
    lines.cell(row=new_line, column=headers["Reference"]).value = "BL-950"
    voluntary = "Voluntary contributions in kind (budgeted)"
    lines.cell(row=new_line, column=headers["Class of expenditure"]).value = voluntary
    lines.cell(row=new_line, column=headers["Description"]).value = "Premises provided by the host Government"
    amount_headers = {cell.value: cell.column for cell in amounts[1]}
    new_amount = amounts.max_row + 1
    for heading, value in (("Budget line", "BL-950"), ("Stage", "revised"), ("Amount (US$)", 125000.5),
                           ("Source document", "A/74/xxx (test)"), ("Provenance", "entered")):
        amounts.cell(row=new_amount, column=amount_headers[heading]).value = value
    changed = BytesIO()
    book.save(changed)
    result = import_workbook(db, changed.getvalue(), None, apply=True)
    assert result.problems == []
    line = db.scalar(select(BudgetLine).where(BudgetLine.ref == "BL-950"))
    assert line.expenditure_class.code == "voluntary_contributions_in_kind"
    assert [(amount.stage, amount.amount, amount.provenance) for amount in line.amounts] == [
        (BudgetStage.REVISED, Decimal("125000.50"), Provenance.ENTERED)]


def test_the_items_are_no_money_of_an_outcome_either(db, demo):
    """The money attributed to outcomes (through the activities serving the mandated tasks) leaves
    the items out too: it reads the activities' approved money by a query of its own."""
    mission, period = mission_and_period(db)
    activity = db.scalar(select(Activity).where(Activity.ref == "A-002"))
    before = {row.task_id: row.approved for row in activities_serving_tasks(db, mission.id, period.id)
              if row.activity_id == activity.id}
    staff = db.scalar(select(BudgetLine).join(ExpenditureClass, ExpenditureClass.id == BudgetLine.class_id).where(
        ExpenditureClass.code == "staff_assessment_income", BudgetLine.period_id == period.id))
    staff.activity = activity
    db.flush()
    after = {row.task_id: row.approved for row in activities_serving_tasks(db, mission.id, period.id)
             if row.activity_id == activity.id}
    assert before and after == before


def test_no_variance_is_explained_for_an_item_below_gross_requirements(client, db, demo):
    """The analysis of variances has no row for them: the explanation form does not offer them, and
    a crafted one is refused, saving nothing."""
    login(client, "reviewer")
    form = client.get("/m/MINUSMA/2019-20/records/variance-explanations/new").get_data(as_text=True)
    assert "Air operations" in form and "Staff assessment income" not in form
    before = database_state(db)
    refused = client.post("/m/MINUSMA/2019-20/records/variance-explanations/new", data={
        "expenditure_class": "Staff assessment income", "report_kind": "budget", "cause": "cost_parameters",
        "text": "Lower rates"})
    assert ("“Staff assessment income” is printed after the gross requirements: the analysis of variances explains "
            "the classes of the requirements only.") in refused.get_data(as_text=True)
    assert database_state(db) == before


def test_no_class_is_added_to_the_items_below_gross_requirements(db, demo):
    below = db.scalar(select(ExpenditureGroup).where(ExpenditureGroup.below_gross.is_(True)))
    operational = db.scalar(select(ExpenditureGroup).where(ExpenditureGroup.code == "operational_costs"))
    staff = db.scalar(select(ExpenditureClass).where(ExpenditureClass.code == "staff_assessment_income"))
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    before = database_state(db)
    with pytest.raises(ClassError) as into_the_group:
        add_expenditure_class(db, group=below, name="Programme support income", code="", valid_from=period)
    assert into_the_group.value.field == "group"
    with pytest.raises(ClassError) as succeeding:
        add_expenditure_class(db, group=operational, name="Staff levy", code="", valid_from=period, predecessor=staff)
    assert succeeding.value.field == "predecessor"
    assert database_state(db) == before
