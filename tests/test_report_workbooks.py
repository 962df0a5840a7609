"""Report workbooks calculate: LibreOffice recalculates every formula and each gives the figure
the app computed and shows."""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from zipfile import ZipFile

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
from cpas.reports.financial import STAGE_COLUMNS, gross_requirements_index
from cpas.tables import CellKind, CellLink, CellMark, Column, ColumnChart, LineChart, Row, RowKind, Table
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
            expected = row.get(column.key)  # beside a live reference or formula too (Row.formulas): its figure
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
                        for index in rows if bundle.summary.rows[index].get("key") in STAGE_COLUMNS.values()]
    assert len(summary_formulas) == 5
    assert all(formula.startswith("='Financial resources'!") for formula in summary_formulas)
    assert len(formulas["Summary"]._charts) == 1


def test_the_workbook_and_the_page_agree_to_the_dollar(app, client, db, performance_data):
    login(client, "reviewer")
    page = client.get("/m/MINUSMA/2019-20/budget/?unit=dollars").get_data(as_text=True)
    book = recalculated(client.get("/m/MINUSMA/2019-20/reports/rbb.xlsx?unit=dollars").data)
    bundle, _ = bundle_and_workbook(app, db, ReportKind.BUDGET, "dollars")
    gross_index = gross_requirements_index(bundle.financial.table)
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
                  rows=[Row({"name": "b", "amount": Decimal(5)},
                            formulas={"amount": CellLink(table=figures, row_index=1, column_key="amount")})],
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


def test_every_cell_of_a_report_sheet_looks_as_a_reader_checks_it():
    """Totals bold with their borders, wrapped text in rows high enough for it with the figures
    beside it at the top, levels indented, marks after the figure with their notes, user text
    that looks like a formula kept as text."""
    columns = [Column("name", "Name"), Column("why", "Justification", wrap=True, width=12),
               Column("amount", "Amount", CellKind.MONEY), Column("on", "Date", CellKind.DATE),
               Column("note", "Note")]
    table = Table("Looks", columns, sheet_name="Looks")
    table.rows.append(Row({"name": "Air", "why": "Fuel prices rose over the whole of the year",
                           "amount": Decimal("10.25"), "on": date(2019, 7, 1)}, level=1,
                          marks={"amount": CellMark("(CPAS)", "Taken from CPAS data")}))
    table.rows.append(Row({"name": "=1+2", "why": "-", "amount": Decimal(5), "note": "@you"}))
    table.add_sum_row({"name": "Subtotal"}, RowKind.SUBTOTAL, [0, 1])
    table.add_sum_row({"name": "Total"}, RowKind.TOTAL, [2])
    data = build_report_workbook([table])
    sheet = load_workbook(BytesIO(data))["Looks"]
    first, second, subtotal, total = (excel_row(table, index) for index in range(4))

    air = sheet.cell(row=first, column=1)
    assert air.alignment.indent == 1 and air.alignment.vertical == "top"  # beside wrapped text
    why = sheet.cell(row=first, column=2)
    assert why.alignment.wrap_text and why.alignment.vertical == "top"
    assert sheet.row_dimensions[first].height == 5 * 15  # 43 characters, 11 a line, a tenth more for wide ones
    amount = sheet.cell(row=first, column=3)
    assert amount.value == 10.25 and amount.alignment.vertical == "top"
    assert amount.number_format == '#,##0" (CPAS)";(#,##0)" (CPAS)";–" (CPAS)"'
    assert amount.comment.text == "Taken from CPAS data" and amount.comment.author == "CPAS tracker"
    day = sheet.cell(row=first, column=4)
    assert day.value == datetime(2019, 7, 1) and day.number_format == "yyyy-mm-dd"
    planted = [sheet.cell(row=second, column=column) for column in (1, 2, 5)]
    assert [(cell.value, cell.data_type, cell.quotePrefix) for cell in planted] == [
        ("=1+2", "s", True), ("-", "s", True), ("@you", "s", True)]

    for row, bottom in ((subtotal, None), (total, "double")):
        cells = [sheet.cell(row=row, column=column) for column in range(1, 6)]  # the empty ones too
        assert all(cell.font.bold and cell.border.top.style == "thin" for cell in cells)
        assert all((cell.border.bottom.style if cell.border.bottom else None) == bottom for cell in cells)
    assert sheet.cell(row=subtotal, column=3).value == f"=SUM(C{first}:C{second})"
    assert sheet.cell(row=total, column=3).value == f"=SUM(C{subtotal})"
    # A reader that does not calculate finds no figure stored with a formula, rather than a nil.
    assert load_workbook(BytesIO(data), data_only=True)["Looks"].cell(row=total, column=3).value is None
    assert [cell.value for cell in recalculated(data)["Looks"]["C"][first - 1:total]] == [10.25, 5, 15.25, 15.25]


def test_a_chart_title_shaped_like_a_cell_reference_stays_its_text():
    table = Table("Trend", [Column("on", "Date", CellKind.DATE), Column("value", "Value", CellKind.QUANTITY)],
                  rows=[Row({"on": date(2019, 1, 1), "value": Decimal(3)}), Row({"on": date(2020, 1, 1),
                                                                                  "value": Decimal(5)})],
                  sheet_name="Trend", line_charts=[LineChart(title="Attacks!A1 in Gao", categories="on",
                                                             series=("value",), first_row=0, last_row=1)])
    with ZipFile(BytesIO(build_report_workbook([table, Table("Trend", table.columns, sheet_name="trend")]))) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode()
        workbook = archive.read("xl/workbook.xml").decode()
    title = chart.split("<c:title>")[1].split("</c:title>")[0]
    assert "<c:f>" not in title and "Attacks!\u2060A1 in Gao" in title  # a word joiner: the same text to read
    assert 'name="Trend"' in workbook and 'name="trend1"' in workbook  # a name taken is numbered
