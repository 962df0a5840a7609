"""Report workbooks: any list of ``Table``s, one sheet each, in order.

Tables become sheets as they are: the same rows and figures the pages show, with subtotals,
totals and variances written as live formulas over the cells above them, links to other sheets
where a cell is a ``CellLink``, and a native chart where a table asks for one, so the workbook
keeps calculating when a reviewer changes a figure. Nothing here knows which report it writes.
A figure with a footnote mark keeps its number: the mark is part of the cell's number format,
its note the cell's comment.

Every sheet is laid out alike: the title in row 1, then the table's introduction lines, its
caption, a blank row, the header row and the rows of the table; the notes below them. A line of
introduction or a note spans the table's width, wrapped, so that it prints within the page the
figures fit.
"""

import functools
import math
import re
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference, Series
from openpyxl.chart import LineChart as ExcelLineChart
from openpyxl.chart.axis import DateAxis
from openpyxl.chart.text import RichText, Text
from openpyxl.chart.title import Title
from openpyxl.comments import Comment
from openpyxl.drawing.text import CharacterProperties, Paragraph, ParagraphProperties, RegularTextRun
from openpyxl.formatting.rule import ColorScaleRule
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.worksheet import Worksheet

from cpas.exports.xlsx import (
    clean_text,
    set_widths,
    workbook_bytes,
    write_formula,
    write_header,
    write_text,
    write_value,
)
from cpas.money import THOUSAND
from cpas.tables import CellKind, CellLink, CellMark, ColumnChart, LineChart, Row, RowKind, Table

TITLE_ROW = 1
HEADER_ROW = 4  # of a table without introduction lines: title, caption, a blank row, header
PERCENT_FORMAT = "0.00%"
TITLE_FONT = Font(bold=True, size=13)
BOLD = Font(bold=True)
TOTAL_BORDER = Border(top=Side(style="thin"))
GRAND_TOTAL_BORDER = Border(top=Side(style="thin"), bottom=Side(style="double"))
CHART_WIDTH, CHART_HEIGHT = 18, 9  # centimetres
LINE_CHART_WIDTH, LINE_CHART_HEIGHT, LINE_CHART_ROWS = 16, 7.5, 17  # a stack of line charts, one each 17 rows
DATE_FORMAT = "yyyy-mm-dd"
COMMENT_AUTHOR = "CPAS tracker"
WRAPPED = Alignment(wrap_text=True, vertical="top")
TOP = Alignment(vertical="top")
LINE_HEIGHT = 15  # points, of one line of text at the default size
CHART_TITLE = CharacterProperties(sz=1100, b=True)
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


def _sum_formula(letter: str, rows: list[int], blank: bool = False) -> str:
    """=SUM over the given sheet rows, as ranges where they run on. Where none of them holds a
    figure (``blank``: the table's sum is None) the sum stays blank while they do, rather than
    print nil: a stage recorded for none of a group's classes is not a stage of $0."""
    ranges = _ranges(letter, rows)
    return f'=IF(COUNT({ranges})=0,"",SUM({ranges}))' if blank else f"=SUM({ranges})"


def _ranges(letter: str, rows: list[int]) -> str:
    """The given sheet rows of a column as a list of ranges, where they run on: B5:B8,B10."""
    parts, start = [], None
    rows = sorted(rows)
    for position, row in enumerate(rows):
        if start is None:
            start = row
        if position + 1 == len(rows) or rows[position + 1] != row + 1:
            parts.append(f"{letter}{start}" if start == row else f"{letter}{start}:{letter}{row}")
            start = None
    return ",".join(parts)


def _column_formula(template: str, letters: dict[str, str], sheet_row: int) -> str:
    return "=" + re.sub(r"\{(\w+)\}", lambda match: f"{letters[match.group(1)]}{sheet_row}", template)


def _number_format(kind: CellKind, unit: Decimal) -> str | None:
    return {CellKind.MONEY: money_format(unit), CellKind.PERCENT: PERCENT_FORMAT, CellKind.INTEGER: "#,##0",
            CellKind.QUANTITY: "#,##0.####", CellKind.AVERAGE: "#,##0.0", CellKind.ORDINAL: "0",
            CellKind.DATE: DATE_FORMAT}.get(kind)


def marked_format(number_format: str | None, mark: CellMark) -> str:
    """The number format with the mark after the number, in every section: 815 (CPAS)."""
    suffix = '" ' + mark.symbol.replace('"', "") + '"'
    return ";".join(section + suffix for section in (number_format or "General").split(";"))


def _mark(sheet: Worksheet, sheet_row: int, column_number: int, mark: CellMark) -> None:
    cell = sheet.cell(row=sheet_row, column=column_number)
    cell.number_format = marked_format(cell.number_format if cell.number_format != "General" else None, mark)
    cell.comment = Comment(clean_text(mark.note), COMMENT_AUTHOR, width=320, height=110)


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
        if column.key in row.withheld:
            continue
        if isinstance(value, CellLink):
            write_formula(sheet, sheet_row, column_number, links.formula(value), number_format)
        elif column.formula and column.is_numeric:
            write_formula(sheet, sheet_row, column_number, _column_formula(column.formula, letters, sheet_row),
                          number_format)
        elif summed and column.kind in (CellKind.MONEY, CellKind.INTEGER):
            write_formula(sheet, sheet_row, column_number,
                          _sum_formula(letters[column.key], [excel_row(table, index) for index in row.sums],
                                       blank=value is None),
                          number_format)
        elif value is None or value == "":
            continue
        elif column.kind is CellKind.PERCENT:
            write_value(sheet, sheet_row, column_number, value / 100, number_format)
        elif column.is_numeric:
            write_value(sheet, sheet_row, column_number, value, number_format)
        else:
            write_text(sheet, sheet_row, column_number, value)
            if column.wrap:
                sheet.cell(row=sheet_row, column=column_number).alignment = WRAPPED
        if column.key in row.marks:
            _mark(sheet, sheet_row, column_number, row.marks[column.key])
    if row.kind is RowKind.HEADING:
        sheet.cell(row=sheet_row, column=1).font = BOLD  # a heading's text is in its first cell only
    elif row.kind is not RowKind.DETAIL:
        border = GRAND_TOTAL_BORDER if row.kind is RowKind.TOTAL else TOTAL_BORDER
        for column_number in range(1, len(table.columns) + 1):
            cell = sheet.cell(row=sheet_row, column=column_number)
            cell.font = BOLD
            cell.border = border
    elif row.level and row.get(table.columns[0].key) not in (None, ""):
        # Only a first cell with text is indented: an empty cell made for its indent alone would
        # be written, and a sheet of trends has tens of thousands of them.
        sheet.cell(row=sheet_row, column=1).alignment = _indent(row.level, table.columns[0].wrap)


@functools.cache
def _indent(level: int, wrap: bool) -> Alignment:
    return Alignment(indent=level, wrap_text=wrap or None, vertical="top" if wrap else None)


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


def _chart_title(text: str) -> Title:
    """A chart title at the size of a heading (charts default to 18 points)."""
    text = clean_text(text)
    paragraph = Paragraph(pPr=ParagraphProperties(defRPr=CHART_TITLE), r=[RegularTextRun(rPr=CHART_TITLE, t=text)])
    return Title(tx=Text(rich=RichText(p=[paragraph])), overlay=False)


def _add_line_chart(sheet: Worksheet, table: Table, request: LineChart, position: int) -> None:
    """A line chart over a date axis of some rows of the table, stacked with the table's other
    line charts to the right of its figures."""
    keys = [column.key for column in table.columns]
    first, last = excel_row(table, request.first_row), excel_row(table, request.last_row)
    dates = [row.get(request.categories) for row in table.rows[request.first_row:request.last_row + 1]]
    dates = [day for day in dates if day is not None]
    years = (max(dates) - min(dates)).days / 365 if dates else 0
    chart = ExcelLineChart()
    chart.title = _chart_title(request.title)
    chart.display_blanks = "span"  # a target path given at its ends only is drawn as a straight line
    chart.y_axis.title = request.axis_title or None
    chart.y_axis.crossAx = 500
    chart.x_axis = DateAxis(crossAx=100)
    chart.x_axis.number_format = DATE_FORMAT if years <= 2 else "yyyy"
    # A label every year over a long span, every quarter over a short one.
    chart.x_axis.majorTimeUnit, chart.x_axis.majorUnit = ("years", 1) if years > 2 else ("months", 3)
    chart.x_axis.delete = chart.y_axis.delete = False  # openpyxl hides the axes otherwise
    for key in request.series:
        column_number = keys.index(key) + 1
        series = Series(Reference(sheet, min_col=column_number, min_row=first, max_row=last),
                        title=table.columns[column_number - 1].heading)
        series.smooth = False
        chart.series.append(series)
    if len(chart.series) > 1:
        chart.series[1].graphicalProperties.line.dashStyle = "dash"
    chart.set_categories(Reference(sheet, min_col=keys.index(request.categories) + 1, min_row=first, max_row=last))
    chart.width, chart.height = LINE_CHART_WIDTH, LINE_CHART_HEIGHT
    anchor_row = header_row(table) + position * LINE_CHART_ROWS
    sheet.add_chart(chart, f"{get_column_letter(len(table.columns) + 2)}{anchor_row}")
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


def _column_widths(table: Table) -> list[int]:
    return [column.width or (16 if column.is_numeric else 24) for column in table.columns]


def _lines(text: str, width: int) -> int:
    """About how many lines ``text`` takes wrapped in a column ``width`` characters wide."""
    return sum(max(1, math.ceil(len(part) * 1.1 / max(width - 1, 1))) for part in str(text).split("\n"))


def _fit_height(sheet: Worksheet, row: int, texts: list[tuple[str, int]]) -> None:
    """A row as high as the most lines of its wrapped (text, width) cells: spreadsheets do not all
    fit a row to wrapped text they did not type themselves."""
    lines = max((_lines(text, width) for text, width in texts if text), default=1)
    if lines > 1:
        sheet.row_dimensions[row].height = LINE_HEIGHT * lines


def _write_line(sheet: Worksheet, table: Table, row: int, text: str) -> None:
    """A line of text across the table's width, wrapped, its row as high as its lines (a merged
    cell's height is not fitted by the spreadsheet)."""
    write_text(sheet, row, 1, text)
    if len(table.columns) < 2:
        return
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(table.columns))
    sheet.cell(row=row, column=1).alignment = WRAPPED
    _fit_height(sheet, row, [(text, sum(_column_widths(table)))])


def _write_table_sheet(sheet: Worksheet, table: Table, links: _Links) -> None:
    write_text(sheet, TITLE_ROW, 1, table.title)
    sheet.cell(row=TITLE_ROW, column=1).font = TITLE_FONT
    for offset, line in enumerate(table.introduction, start=1):
        _write_line(sheet, table, TITLE_ROW + offset, line)
    if table.caption:
        write_text(sheet, header_row(table) - 2, 1, table.caption)
    write_header(sheet, [column.heading for column in table.columns], row=header_row(table))
    widths = _column_widths(table)
    _fit_height(sheet, header_row(table), [(column.heading, width) for column, width in zip(table.columns, widths,
                                                                                            strict=True)])
    letters = _column_letters(table)
    formats = [_number_format(column.kind, table.money_unit) for column in table.columns]
    wrapped = [(column.key, width) for column, width in zip(table.columns, widths, strict=True) if column.wrap]
    for index, row in enumerate(table.rows):
        _write_row(sheet, table, row, excel_row(table, index), letters, formats, links)
        if wrapped and row.kind is not RowKind.HEADING:
            sheet_row = excel_row(table, index)
            _fit_height(sheet, sheet_row, [(row.get(key) or "", width) for key, width in wrapped])
            for column_number, column in enumerate(table.columns, start=1):  # figures beside wrapped text: at its top
                if not column.wrap and (row.kind is not RowKind.DETAIL or column.formula
                                        or row.get(column.key) not in (None, "")):
                    sheet.cell(row=sheet_row, column=column_number).alignment = TOP
    last = excel_row(table, len(table.rows))
    for offset, note in enumerate(table.notes, start=1):
        _write_line(sheet, table, last + offset, note)
    set_widths(sheet, widths)
    if table.chart is not None:
        _add_chart(sheet, table, table.chart)
    for position, line_chart in enumerate(table.line_charts):
        _add_line_chart(sheet, table, line_chart, position)
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
