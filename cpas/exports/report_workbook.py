"""Report workbooks: any list of ``Table``s, one sheet each, in order.

Tables become sheets as they are: the same rows and figures the pages show, with subtotals,
totals and variances written as live formulas over the cells above them, links to other sheets
where a cell is a ``CellLink``, and a native chart where a table asks for one, so the workbook
keeps calculating when a reviewer changes a figure. Nothing here knows which report it writes.

Every sheet is laid out alike: the title in row 1, then the table's introduction lines, its
caption, a blank row, the header row and the rows of the table; the notes below them.
"""

import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from cpas.exports.xlsx import (
    set_widths,
    workbook_bytes,
    write_formula,
    write_header,
    write_text,
    write_value,
)
from cpas.money import THOUSAND
from cpas.tables import CellKind, CellLink, ColumnChart, Row, RowKind, Table

TITLE_ROW = 1
HEADER_ROW = 4  # of a table without introduction lines: title, caption, a blank row, header
PERCENT_FORMAT = "0.00%"
TITLE_FONT = Font(bold=True, size=13)
BOLD = Font(bold=True)
TOTAL_BORDER = Border(top=Side(style="thin"))
GRAND_TOTAL_BORDER = Border(top=Side(style="thin"), bottom=Side(style="double"))
CHART_WIDTH, CHART_HEIGHT = 18, 9  # centimetres
HEAT_LOW, HEAT_HIGH = "FFF7EC", "D7301F"  # the pages' heat maps: light for nil, dark red for the most


def money_format(unit: Decimal) -> str:
    """Thousands keep every cent in the cell: Excel's trailing comma only scales the display."""
    return "#,##0,;-#,##0,;–" if unit == THOUSAND else "#,##0;-#,##0;–"


def header_row(table: Table) -> int:
    """The sheet row of the table's column headings."""
    return HEADER_ROW + len(table.introduction)


def excel_row(table: Table, row_index: int) -> int:
    """The sheet row of the table's row at ``row_index``."""
    return header_row(table) + 1 + row_index


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
            CellKind.QUANTITY: "#,##0.####", CellKind.AVERAGE: "#,##0.0", CellKind.ORDINAL: "0"}.get(kind)


def _column_letters(table: Table) -> dict[str, str]:
    return {column.key: get_column_letter(number) for number, column in enumerate(table.columns, start=1)}


class _Links:
    """Where each table of the workbook lies, to write a ``CellLink`` as a reference to its cell."""

    def __init__(self, sheets: list[tuple[Table, Worksheet]]):
        self._sheets = {id(table): (table, sheet) for table, sheet in sheets}

    def formula(self, link: CellLink) -> str:
        if id(link.table) not in self._sheets:
            raise ValueError(f"a cell links to the table {link.table.title!r}, which is not in the workbook")
        table, sheet = self._sheets[id(link.table)]
        letters = _column_letters(table)
        if link.column_key not in letters:
            raise ValueError(f"a cell links to the column {link.column_key!r}, which {table.title!r} does not have")
        return f"={quote_sheetname(sheet.title)}!{letters[link.column_key]}{excel_row(table, link.row_index)}"


def _write_row(sheet: Worksheet, table: Table, row: Row, sheet_row: int, letters: dict[str, str],
               formats: list[str | None], links: _Links) -> None:
    summed = row.kind in (RowKind.SUBTOTAL, RowKind.TOTAL) and row.sums
    for column_number, (column, number_format) in enumerate(zip(table.columns, formats, strict=True), start=1):
        value = row.get(column.key)
        if row.kind is RowKind.HEADING:
            if column_number == 1:
                write_text(sheet, sheet_row, 1, value or "")
            continue
        if isinstance(value, CellLink):
            write_formula(sheet, sheet_row, column_number, links.formula(value), number_format)
        elif column.formula and column.is_numeric:
            write_formula(sheet, sheet_row, column_number, _column_formula(column.formula, letters, sheet_row),
                          number_format)
        elif summed and column.kind in (CellKind.MONEY, CellKind.INTEGER):
            write_formula(sheet, sheet_row, column_number,
                          _sum_formula(letters[column.key], [excel_row(table, index) for index in row.sums]),
                          number_format)
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


def _add_chart(sheet: Worksheet, table: Table, request: ColumnChart) -> None:
    keys = [column.key for column in table.columns]
    values_column, categories_column = keys.index(request.values) + 1, keys.index(request.categories) + 1
    heading, last = header_row(table), excel_row(table, len(table.rows) - 1)
    chart = BarChart()
    chart.type = "col"
    chart.title = request.title
    chart.y_axis.title = request.axis_title or None
    chart.y_axis.numFmt = _number_format(table.columns[values_column - 1].kind, table.money_unit)
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=values_column, min_row=heading, max_row=last), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=categories_column, min_row=heading + 1, max_row=last))
    chart.width, chart.height = CHART_WIDTH, CHART_HEIGHT
    sheet.add_chart(chart, f"{get_column_letter(len(table.columns) + 2)}{heading}")


def _add_colour_scale(sheet: Worksheet, table: Table) -> None:
    """One colour scale over all the columns the table asks to shade, so that they share it."""
    letters = _column_letters(table)
    first, last = excel_row(table, 0), excel_row(table, len(table.rows) - 1)
    ranges = " ".join(f"{letters[key]}{first}:{letters[key]}{last}" for key in table.colour_scale)
    sheet.conditional_formatting.add(ranges, ColorScaleRule(start_type="min", start_color=HEAT_LOW,
                                                            end_type="max", end_color=HEAT_HIGH))


def _set_up_printing(sheet: Worksheet, table: Table) -> None:
    """Print as UN tables are read: landscape, one page wide, the header row on every page; a
    short sheet on a single page."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    if table.fits_on_one_page:
        sheet.page_setup.fitToHeight = 1
        sheet.freeze_panes = None
    else:
        sheet.page_setup.fitToHeight = 0
        sheet.print_title_rows = f"{header_row(table)}:{header_row(table)}"


def _write_table_sheet(sheet: Worksheet, table: Table, links: _Links) -> None:
    write_text(sheet, TITLE_ROW, 1, table.title)
    sheet.cell(row=TITLE_ROW, column=1).font = TITLE_FONT
    for offset, line in enumerate(table.introduction, start=1):
        write_text(sheet, TITLE_ROW + offset, 1, line)
    if table.caption:
        write_text(sheet, header_row(table) - 2, 1, table.caption)
    write_header(sheet, [column.heading for column in table.columns], row=header_row(table))
    letters = _column_letters(table)
    formats = [_number_format(column.kind, table.money_unit) for column in table.columns]
    for index, row in enumerate(table.rows):
        _write_row(sheet, table, row, excel_row(table, index), letters, formats, links)
    last = excel_row(table, len(table.rows))
    for offset, note in enumerate(table.notes, start=1):
        write_text(sheet, last + offset, 1, note)
    set_widths(sheet, [column.width or (16 if column.is_numeric else 24) for column in table.columns])
    if table.chart is not None:
        _add_chart(sheet, table, table.chart)
    if table.colour_scale and table.rows:
        _add_colour_scale(sheet, table)
    _set_up_printing(sheet, table)


def build_report_workbook(tables: list[Table]) -> bytes:
    """The tables as the sheets of an .xlsx workbook, in order, named by their ``sheet_name``
    (else their title); a ``CellLink`` must point into one of them."""
    book = Workbook()
    book.remove(book.active)
    sheets = [(table, book.create_sheet((table.sheet_name or table.title)[:31])) for table in tables]
    links = _Links(sheets)
    for table, sheet in sheets:
        _write_table_sheet(sheet, table, links)
    return workbook_bytes(book)
