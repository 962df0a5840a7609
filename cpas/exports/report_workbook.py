"""Report workbooks: a summary sheet with a native chart, then one sheet per report table.

Tables become sheets as they are: the same rows and figures the pages show, with subtotals,
totals and variances written as live formulas over the cells above them, so the workbook keeps
calculating when a reviewer changes a figure.
"""

import re
from decimal import Decimal

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cpas.exports.xlsx import (
    set_widths,
    workbook_bytes,
    write_formula,
    write_header,
    write_text,
    write_value,
)
from cpas.labels import label
from cpas.money import THOUSAND
from cpas.reports.assembly import ReportBundle
from cpas.reports.financial import STAGE_COLUMNS, gross_requirements
from cpas.tables import CellKind, Row, RowKind, Table

TITLE_ROW, CAPTION_ROW, HEADER_ROW = 1, 2, 4
FIRST_DATA_ROW = HEADER_ROW + 1
PERCENT_FORMAT = "0.00%"
BOLD = Font(bold=True)
TOTAL_BORDER = Border(top=Side(style="thin"))
GRAND_TOTAL_BORDER = Border(top=Side(style="thin"), bottom=Side(style="double"))


def money_format(unit: Decimal) -> str:
    """Thousands keep every cent in the cell: Excel's trailing comma only scales the display."""
    return "#,##0,;-#,##0,;–" if unit == THOUSAND else "#,##0;-#,##0;–"


def excel_row(row_index: int) -> int:
    return FIRST_DATA_ROW + row_index


def _sum_formula(letter: str, rows: list[int]) -> str:
    """=SUM over the given sheet rows, as ranges where they run on."""
    parts, start = [], None
    rows = sorted(rows)
    for position, row in enumerate(rows):
        if start is None:
            start = row
        if position + 1 == len(rows) or rows[position + 1] != row + 1:
            parts.append(f"{letter}{start}" if start == row else f"{letter}{start}:{letter}{row}")
            start = None
    return f"=SUM({','.join(parts)})"


def _column_formula(template: str, letters: dict[str, str], sheet_row: int) -> str:
    return "=" + re.sub(r"\{(\w+)\}", lambda match: f"{letters[match.group(1)]}{sheet_row}", template)


def _number_format(kind: CellKind, unit: Decimal) -> str | None:
    return {CellKind.MONEY: money_format(unit), CellKind.PERCENT: PERCENT_FORMAT, CellKind.INTEGER: "#,##0",
            CellKind.QUANTITY: "#,##0.####"}.get(kind)


def _write_row(sheet: Worksheet, table: Table, row: Row, sheet_row: int, letters: dict[str, str],
               formats: list[str | None]) -> None:
    summed = row.kind in (RowKind.SUBTOTAL, RowKind.TOTAL) and row.sums
    for column_number, (column, number_format) in enumerate(zip(table.columns, formats, strict=True), start=1):
        value = row.get(column.key)
        if row.kind is RowKind.HEADING:
            if column_number == 1:
                write_text(sheet, sheet_row, 1, value or "")
            continue
        if column.formula and column.is_numeric:
            write_formula(sheet, sheet_row, column_number, _column_formula(column.formula, letters, sheet_row),
                          number_format)
        elif summed and column.kind in (CellKind.MONEY, CellKind.INTEGER):
            write_formula(sheet, sheet_row, column_number,
                          _sum_formula(letters[column.key], [excel_row(index) for index in row.sums]), number_format)
        elif value is None or value == "":
            continue
        elif column.kind is CellKind.PERCENT:
            write_value(sheet, sheet_row, column_number, value / 100, number_format)
        elif column.is_numeric:
            write_value(sheet, sheet_row, column_number, value, number_format)
        else:
            write_text(sheet, sheet_row, column_number, value)
    if row.kind is not RowKind.DETAIL:
        border = GRAND_TOTAL_BORDER if row.kind is RowKind.TOTAL else TOTAL_BORDER
        for column_number in range(1, len(table.columns) + 1):
            cell = sheet.cell(row=sheet_row, column=column_number)
            cell.font = BOLD
            if row.kind is not RowKind.HEADING:
                cell.border = border
    elif row.level:
        sheet.cell(row=sheet_row, column=1).alignment = Alignment(indent=row.level)


def write_table_sheet(book: Workbook, table: Table) -> Worksheet:
    sheet = book.create_sheet((table.sheet_name or table.title)[:31])
    write_text(sheet, TITLE_ROW, 1, table.title)
    sheet.cell(row=TITLE_ROW, column=1).font = Font(bold=True, size=13)
    if table.caption:
        write_text(sheet, CAPTION_ROW, 1, table.caption)
    write_header(sheet, [column.heading for column in table.columns], row=HEADER_ROW)
    letters = {column.key: get_column_letter(number) for number, column in enumerate(table.columns, start=1)}
    formats = [_number_format(column.kind, table.money_unit) for column in table.columns]
    for index, row in enumerate(table.rows):
        _write_row(sheet, table, row, excel_row(index), letters, formats)
    last = excel_row(len(table.rows))
    for offset, note in enumerate(table.notes, start=1):
        write_text(sheet, last + offset, 1, note)
    set_widths(sheet, [column.width or (16 if column.is_numeric else 24) for column in table.columns])
    # Print as UN tables are read: landscape, one page wide, the header row on every page.
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW}"
    return sheet


def _summary_sheet(book: Workbook, bundle: ReportBundle) -> None:
    sheet = book.active
    sheet.title = "Summary"
    title = _("Budget report") if bundle.kind.value == "budget" else _("Performance report")
    write_text(sheet, 1, 1, f"{bundle.mission.code} · {title} · {bundle.period.label}")
    sheet["A1"].font = Font(bold=True, size=14)
    write_text(sheet, 2, 1, bundle.mission.name)
    for offset, sentence in enumerate(bundle.financial.headline_sentences):
        write_text(sheet, 3 + offset, 1, sentence)
    # The budget by stage, linked to the gross requirements row of the financial sheet.
    table = bundle.financial.table
    caption = table.caption
    gross_row = excel_row(table.rows.index(gross_requirements(table)))
    letters = {column.key: get_column_letter(number) for number, column in enumerate(table.columns, start=1)}
    first = 7
    write_text(sheet, first - 2, 1, caption)
    write_header(sheet, [_("Stage"), _("Amount")], row=first - 1)
    sheet.freeze_panes = None
    for offset, (stage, key) in enumerate(STAGE_COLUMNS.items()):
        write_text(sheet, first + offset, 1, label(stage))
        write_formula(sheet, first + offset, 2, f"='{table.sheet_name}'!{letters[key]}{gross_row}",
                      money_format(table.money_unit))
    last = first + len(STAGE_COLUMNS) - 1
    chart = BarChart()
    chart.type = "col"
    chart.title = _("Budget by stage")
    chart.y_axis.title = caption
    chart.y_axis.numFmt = money_format(table.money_unit)
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=2, min_row=first - 1, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=first, max_row=last))
    chart.width, chart.height = 18, 9
    sheet.add_chart(chart, f"D{first - 1}")
    write_text(sheet, last + 2, 1, _("Analysis of variances: %(flagged)d classes flagged, %(missing)d without "
                                     "an explanation.", flagged=bundle.variances.flagged,
                                     missing=len(bundle.variances.unexplained)))
    set_widths(sheet, [34, 22])
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = sheet.page_setup.fitToHeight = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


def build_report_workbook(bundle: ReportBundle) -> bytes:
    """The budget (``rbb``) or performance report of a mission and period as .xlsx bytes."""
    book = Workbook()
    _summary_sheet(book, bundle)
    for table in bundle.tables:
        write_table_sheet(book, table)
    return workbook_bytes(book)
