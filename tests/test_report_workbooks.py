"""Report workbooks calculate: LibreOffice recalculates every formula and each gives the figure
the app computed and shows."""

from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from cpas.exports.report_workbook import build_report_workbook, excel_row
from cpas.models import (
    Activity,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    ExpenditureClass,
    Mission,
    ReportKind,
    VarianceCause,
    VarianceExplanation,
)
from cpas.reports.app_settings import report_settings
from cpas.reports.assembly import report_bundle
from cpas.tables import CellKind, CellLink, Column, ColumnChart, Row, RowKind, Table
from tests.conftest import login
from tests.libreoffice import recalculated


def scope(db):
    return (db.scalar(select(Mission).where(Mission.code == "MINUSMA")),
            db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20")))


@pytest.fixture
def performance_data(db, demo):
    """Expenditure and revised figures for 2019/20, so that every column of both forms is live."""
    mission, period = scope(db)
    for position, line in enumerate(db.scalars(select(BudgetLine).where(BudgetLine.period_id == period.id)
                                               .order_by(BudgetLine.ref))):
        approved = next(a.amount for a in line.amounts if a.stage is BudgetStage.APPROVED)
        spent = (approved * Decimal("0.97") - position * Decimal("1234.56")).quantize(Decimal("0.01"))
        line.amounts.append(BudgetAmount(stage=BudgetStage.EXPENDITURE, amount=spent))
        if position % 3 == 0:
            line.amounts.append(BudgetAmount(stage=BudgetStage.REVISED, amount=approved + Decimal("250000.55")))
    air = db.scalar(select(ExpenditureClass).where(ExpenditureClass.code == "air_operations"))
    db.add(VarianceExplanation(mission_id=mission.id, period_id=period.id, class_id=air.id,
                               report_kind=ReportKind.BUDGET, cause=VarianceCause.EXTERNAL,
                               text='=HYPERLINK("http://x","y") fuel prices'))
    db.commit()


def assert_sheet_matches(sheet, table):
    """Every figure of the table is in the recalculated sheet, to the cent."""
    columns = {column.key: number for number, column in enumerate(table.columns, start=1)}
    checked = 0
    for index, row in enumerate(table.rows):
        if row.kind is RowKind.HEADING:
            continue
        sheet_row = excel_row(table, index)
        for column in table.columns:
            if not column.is_numeric:
                continue
            expected = row.get(column.key)
            if isinstance(expected, CellLink):
                expected = expected.value
            got = sheet.cell(row=sheet_row, column=columns[column.key]).value
            if column.kind is CellKind.PERCENT:
                got = None if got in (None, "") else Decimal(str(got * 100)).quantize(Decimal("0.01"))
            elif got is not None and got != "":
                got = Decimal(str(got)).quantize(Decimal("0.01") if column.kind is CellKind.MONEY else Decimal(1))
            if expected in (None, 0) and got in (None, 0, ""):
                continue  # a blank and a nil sum both print as a dash
            assert got == expected, f"{table.sheet_name} row {sheet_row} {column.key}: {got} != {expected}"
            checked += 1
    return checked


def bundle_and_workbook(app, db, kind, unit="thousands"):
    mission, period = scope(db)
    with app.test_request_context():  # the variance thresholds and the language come from the app
        bundle = report_bundle(db, mission, period, kind, report_settings(unit))
        return bundle, build_report_workbook(bundle.sheets)


@pytest.mark.parametrize("kind", [ReportKind.BUDGET, ReportKind.PERFORMANCE])
def test_every_formula_recalculates_to_the_figure_the_app_shows(app, db, performance_data, kind):
    bundle, data = bundle_and_workbook(app, db, kind)
    formulas = load_workbook(BytesIO(data))
    financial_sheet = formulas["Financial resources"]
    formula_cells = [cell for row in financial_sheet.iter_rows() for cell in row if cell.data_type == "f"]
    assert len(formula_cells) > 60  # subtotals, totals and four variance columns are live
    book = recalculated(data)
    checked = sum(assert_sheet_matches(book[table.sheet_name], table) for table in bundle.sheets)
    assert checked > 250
    summary, rows = book["Summary"], range(len(bundle.summary.rows))
    stage_values = {summary.cell(row=excel_row(bundle.summary, index), column=1).value:
                    summary.cell(row=excel_row(bundle.summary, index), column=2).value for index in rows}
    assert Decimal(str(stage_values["Approved"])) == Decimal("1138457900")
    assert Decimal(str(stage_values["Proposed"])) == Decimal("1149778800")
    summary_formulas = [formulas["Summary"].cell(row=excel_row(bundle.summary, index), column=2).value
                        for index in rows]
    assert all(formula.startswith("='Financial resources'!") for formula in summary_formulas)
    assert len(formulas["Summary"]._charts) == 1


def test_the_workbook_and_the_page_agree_to_the_dollar(app, client, db, performance_data):
    login(client, "reviewer")
    page = client.get("/m/MINUSMA/2019-20/budget/?unit=dollars").get_data(as_text=True)
    book = recalculated(client.get("/m/MINUSMA/2019-20/reports/rbb.xlsx?unit=dollars").data)
    bundle, _ = bundle_and_workbook(app, db, ReportKind.BUDGET, "dollars")
    gross_index = len(bundle.financial.table.rows) - 1
    columns = [column.key for column in bundle.financial.table.columns]
    sheet = book["Financial resources"]
    for key in ("previous_approved", "proposed", "recommended", "approved", "expenditure", "budget_variance"):
        value = Decimal(str(sheet.cell(row=excel_row(bundle.financial.table, gross_index),
                                       column=columns.index(key) + 1).value))
        shown = f"{value.quantize(Decimal(1)):,}"
        assert f">{shown}<" in page, f"{key}: {shown} not on the page"
    assert "$11,320,900" in page and "$7,600,000" in page


def test_user_text_never_becomes_a_formula_in_a_report(app, db, performance_data):
    activity = db.scalar(select(Activity).where(Activity.ref == "A-001"))
    activity.tasks[0].title = '=HYPERLINK("http://x","y")'
    db.commit()
    book = load_workbook(BytesIO(bundle_and_workbook(app, db, ReportKind.BUDGET)[1]))
    texts = [cell for sheet in book for row in sheet.iter_rows() for cell in row
             if isinstance(cell.value, str) and "HYPERLINK" in cell.value]
    assert len(texts) >= 2  # the task in mandate coverage, the explanation in the analysis of variances
    assert all(cell.data_type == "s" for cell in texts)
    explanation = next(cell for cell in texts if cell.value.endswith("fuel prices"))
    assert explanation.value == '=HYPERLINK("http://x","y") fuel prices'  # text, not a live link


def test_cli_report_export(runner, demo, tmp_path):
    out = tmp_path / "performance.xlsx"
    result = runner.invoke(args=["cpas", "report-export", "performance", "--mission", "MINUSMA",
                                 "--period", "2019/20", "--out", str(out)])
    assert result.exit_code == 0, result.output
    book = load_workbook(out)
    assert book.sheetnames[:3] == ["Summary", "Financial resources", "Analysis of variances"]
    assert book["Financial resources"].print_title_rows == "$4:$4"
    assert book["Financial resources"].page_setup.orientation == "landscape"


def test_cli_report_export_refuses_an_unknown_mission(runner, demo, tmp_path):
    result = runner.invoke(args=["cpas", "report-export", "rbb", "--mission", "NOPE", "--period", "2019/20",
                                 "--out", str(tmp_path / "x.xlsx")])
    assert result.exit_code != 0 and "NOPE" in result.output


def test_the_exporter_writes_links_and_charts_of_any_tables():
    figures = Table("Figures", [Column("name", "Name"), Column("amount", "Amount", CellKind.MONEY)],
                    rows=[Row({"name": "a", "amount": Decimal("10.25")}), Row({"name": "b", "amount": Decimal(5)})],
                    sheet_name="It's figures")
    front = Table("Front", [Column("name", "Name"), Column("amount", "Amount", CellKind.MONEY)],
                  rows=[Row({"name": "b", "amount": CellLink(table=figures, row_index=1, column_key="amount")})],
                  introduction=["One line", "Another"], sheet_name="Front", fits_on_one_page=True,
                  chart=ColumnChart(title="Amounts", categories="name", values="amount"))
    book = load_workbook(BytesIO(build_report_workbook([front, figures])))
    assert book.sheetnames == ["Front", "It's figures"]
    assert book["Front"].cell(row=excel_row(front, 0), column=2).value == "='It''s figures'!B6"
    assert excel_row(figures, 1) == 6 and book["It's figures"]["B6"].value == 5
    assert [book["Front"].cell(row=row, column=1).value for row in (1, 2, 3)] == ["Front", "One line", "Another"]
    assert len(book["Front"]._charts) == 1 and book["Front"].freeze_panes is None
    assert book["It's figures"].print_title_rows == "$4:$4"
    with pytest.raises(ValueError, match="not in the workbook"):
        build_report_workbook([front])
