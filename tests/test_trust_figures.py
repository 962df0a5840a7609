"""Issue 9, figures that stay right in everyday use: expenditure recorded for some classes only
(items 1), revised estimates for some lines only (item 2) and variance headers that name their
periods (item 5), as a reviewer sees them on the pages and in the recalculated workbooks."""

import re
from decimal import Decimal

import pytest
from sqlalchemy import select

from cpas.models import BudgetAmount, BudgetLine, BudgetPeriod, BudgetStage, ExpenditureClass, ReportKind
from cpas.reports.financial import build_financial_resources, gross_requirements
from cpas.reports.variances import build_variance_analysis
from tests.conftest import login
from tests.libreoffice import recalculated
from tests.report_settings import PLAIN_ENGLISH, UN_VARIANCE_RULE
from tests.test_report_builders import BEFORE, CURRENT, PERIOD, PREVIOUS, operational_costs

BASE = "/m/MINUSMA/2019-20"
APPROVED_TOTAL = Decimal("1138457900")
AIR_APPROVED = Decimal("148100000")  # the demo's illustrative split
AIR_SPENT = Decimal("146065432.10")  # $2,034,567.90 (1.37 %) unspent: flagged by the $100,000 rule
AIR_REVISED = AIR_APPROVED + Decimal("235000")


def demo_line(db, class_code: str) -> BudgetLine:
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    expenditure_class = db.scalar(select(ExpenditureClass).where(ExpenditureClass.code == class_code))
    return db.scalar(select(BudgetLine).where(BudgetLine.period_id == period.id,
                                              BudgetLine.class_id == expenditure_class.id))


def record(db, class_code: str, stage: BudgetStage, amount: Decimal) -> None:
    line = demo_line(db, class_code)
    line.amounts.append(BudgetAmount(stage=stage, amount=amount))
    db.commit()


def cell_text(page: str, row_label: str, column: int) -> str:
    """The text of the ``column``-th cell (0: the label) of the page's table row labelled ``row_label``."""
    row = re.search(r"<tr[^>]*>\s*<td[^>]*>(?:<a [^>]*>)?" + re.escape(row_label) + r"(.*?)</tr>", page, re.S).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
    return re.sub(r"<[^>]+>", "", cells[column]).strip()


def headings(page: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h).strip() for h in re.findall(r"<th scope=\"col\"[^>]*>(.*?)</th>", page)]


def sheet_cell(sheet, row_label: str, heading: str):
    """The value of a financial sheet's cell by its row's label and its column's heading."""
    header = next(row for row in sheet.iter_rows() if any(cell.value == heading for cell in row))
    column = next(cell.column for cell in header if cell.value == heading)
    row = next(row for row in sheet.iter_rows() if row[0].value == row_label)
    return sheet.cell(row=row[0].row, column=column).value


def dollars_of(value) -> str:
    return f"{Decimal(str(value)).quantize(Decimal(1)):,}"


EXPENDITURE = "Expenditure (2019/20)"
PERFORMANCE_VARIANCE = "Variance: apportionment (2019/20) − expenditure (2019/20)"
BUDGET_VARIANCE = "Variance: cost estimates (2019/20) − apportionment (2018/19)"


@pytest.fixture
def partial_expenditure(db, demo):
    """Expenditure recorded on one budget line only, as during the year."""
    record(db, "air_operations", BudgetStage.EXPENDITURE, AIR_SPENT)


def test_partial_expenditure_flags_only_the_class_recorded(client, partial_expenditure):
    login(client, "reviewer")
    page = client.get(f"{BASE}/reports/variances?kind=performance").get_data(as_text=True)
    assert ("Expenditure recorded for 1 of 21 classes: the 20 others are not yet recorded and are not analysed."
            in page)
    unexplained = page.split('id="unexplained"')[1].split("</div>")[0]
    assert "1 flagged class has no explanation yet:" in unexplained
    assert "Air operations." in unexplained and "Medical" not in unexplained
    assert page.count('class="row-subtotal"') == 1  # one class analysed, not 21
    assert "$2,034,568" in page and "1.37%" in page and "100.00%" not in page


def test_partial_expenditure_page_and_workbook_agree_to_the_dollar(client, partial_expenditure):
    login(client, "reviewer")
    page = client.get(f"{BASE}/budget/?unit=dollars").get_data(as_text=True)
    columns = headings(page)
    expenditure, variance = columns.index(EXPENDITURE), columns.index(PERFORMANCE_VARIANCE)
    note = ("Expenditure (2019/20) recorded for 1 of 21 classes: a class with nothing recorded yet is left blank "
            "(not nil) and has no variance, and subtotals have no variance until every class is recorded.")
    assert note in page
    assert cell_text(page, "Medical", expenditure) == "" and cell_text(page, "Medical", variance) == ""
    assert cell_text(page, "Air operations", expenditure) == "146,065,432"
    assert cell_text(page, "Air operations", variance) == "2,034,568"
    assert cell_text(page, "Gross requirements", expenditure) == "146,065,432"  # what is recorded so far
    assert cell_text(page, "Gross requirements", variance) == ""  # not $992 million "unspent"
    assert "99.99" not in page

    books = {}
    for name in ("performance", "rbb"):
        book = books[name] = recalculated(client.get(f"{BASE}/reports/{name}.xlsx?unit=dollars").data)
        sheet = book["Financial resources"]
        assert sheet_cell(sheet, "Medical", EXPENDITURE) is None  # a blank cell, not 0
        assert sheet_cell(sheet, "Medical", PERFORMANCE_VARIANCE) in (None, "")
        assert dollars_of(sheet_cell(sheet, "Air operations", PERFORMANCE_VARIANCE)) == "2,034,568"
        assert dollars_of(sheet_cell(sheet, "Gross requirements", EXPENDITURE)) == "146,065,432"
        assert sheet_cell(sheet, "Gross requirements", PERFORMANCE_VARIANCE) in (None, "")
        assert sheet_cell(sheet, "Subtotal, Civilian personnel", EXPENDITURE) in (None, "")  # none recorded
        notes = [row[0].value for row in sheet.iter_rows()]
        assert note in notes
    analysis = [row[0].value for row in books["performance"]["Analysis of variances"].iter_rows()]
    assert "Air operations" in analysis and "Medical" not in analysis
    assert "Expenditure recorded for 1 of 21 classes: the 20 others are not yet recorded and are not analysed." in [
        row[0].value for row in books["performance"]["Summary"].iter_rows()]


def test_a_recorded_nil_stays_nil():
    current = {7: {**CURRENT[7], BudgetStage.EXPENDITURE: Decimal("1100000.00")},
               8: {**CURRENT[8], BudgetStage.EXPENDITURE: Decimal("0.00")}}
    table = build_financial_resources(groups=[operational_costs()], current=current, previous_totals=BEFORE,
                                      period=PERIOD, previous=PREVIOUS, money_unit=Decimal(1),
                                      translator=PLAIN_ENGLISH)
    gross = gross_requirements(table)
    assert gross.get("performance_variance") == Decimal("1090000.00")  # 1,150,000 + 1,040,000 − 1,100,000
    assert not [note for note in table.notes if "recorded for" in note]
    analysis = build_variance_analysis(financial=table, explanations=[], kind=ReportKind.PERFORMANCE,
                                       rule=UN_VARIANCE_RULE, translator=PLAIN_ENGLISH)
    assert analysis.unexplained == ["Medical"] and analysis.completeness == ""  # nothing spent: 100 %


def test_revising_one_line_keeps_the_revised_total_a_mission_total(client, db, demo):
    record(db, "air_operations", BudgetStage.REVISED, AIR_REVISED)
    login(client, "reviewer")
    page = client.get(f"{BASE}/budget/?unit=dollars").get_data(as_text=True)
    revised = headings(page).index("Revised (2019/20)")
    assert cell_text(page, "Gross requirements", revised) == "1,138,692,900"  # not $148,335,000 (the one line revised)
    assert cell_text(page, "Air operations", revised) == "148,335,000"
    assert cell_text(page, "Medical", revised) == "3,400,000carried"  # the approved amount, marked
    assert "a class marked “carried” has no revision and carries its approved amount" in page

    book = recalculated(client.get(f"{BASE}/reports/rbb.xlsx?unit=dollars").data)
    sheet = book["Financial resources"]
    assert dollars_of(sheet_cell(sheet, "Gross requirements", "Revised (2019/20)")) == "1,138,692,900"
    summary = {row[0].value: row[1].value for row in book["Summary"].iter_rows() if row[0].value}
    assert dollars_of(summary["Revised"]) == "1,138,692,900"


def test_variance_headers_name_their_periods(client, partial_expenditure):
    login(client, "reviewer")
    columns = headings(client.get(f"{BASE}/budget/").get_data(as_text=True))
    assert columns.index(BUDGET_VARIANCE) == columns.index(EXPENDITURE) + 1  # after the 2019/20 stages
    assert "Percentage of the apportionment (2018/19)" in columns
    assert PERFORMANCE_VARIANCE in columns and "Percentage of the apportionment (2019/20)" in columns
    assert "Variance: cost estimates − apportionment" not in columns
