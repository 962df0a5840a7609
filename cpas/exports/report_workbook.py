"""Report workbooks: any list of ``Table``s, one sheet each, in order.

Tables become sheets as they are: the same rows and figures the pages show, with subtotals,
totals and variances written as live formulas over the cells above them, a row's own formulas
(``Row.formulas``: links to other sheets' cells, formulas over them) in place of the figures they
give, and a native chart where a table asks for one, so the workbook
keeps calculating when a reviewer changes a figure. Nothing here knows which report it writes.
A figure with a footnote mark keeps its number: the mark is part of the cell's number format,
its note the cell's comment.

Every sheet is laid out alike: the title in row 1, then the table's introduction lines, its
caption, a blank row, the header row and the rows of the table; the notes below them. A line of
introduction or a note spans the table's width, wrapped, so that it prints within the page the
figures fit.

The workbooks are written with XlsxWriter rather than openpyxl: a big mission's assessment
workbook (200,000 cells, 60 charts) takes less than half the time, openpyxl's saving alone of it
being longer than XlsxWriter's whole writing. Each cell is written once, with all of its look in
one format, and the workbook has one format per distinct look. Text is written only by
``write_string``, which never makes a formula of it; the text rules (``clean_text``, the quote
prefix) and the exact numbers (``spreadsheet_number``) are those of ``cpas.exports.xlsx``.
"""

import math
import re
from datetime import date, datetime
from decimal import Decimal
from io import BytesIO
from typing import NamedTuple

import xlsxwriter
from openpyxl.utils import get_column_letter, quote_sheetname

from cpas.exports.xlsx import clean_text, excel_day, needs_quote_prefix, spreadsheet_number
from cpas.money import THOUSAND
from cpas.tables import CellFormula, CellKind, CellLink, CellMark, ColumnChart, LineChart, Row, RowKind, Table

TITLE_ROW = 1
HEADER_ROW = 4  # of a table without introduction lines: title, caption, a blank row, header
PERCENT_FORMAT = "0.00%;(0.00%)"  # a negative one in parentheses, as its amount beside it
TITLE_SIZE = 13
HEADER_FILL = "#DCE6F1"
CHART_WIDTH, CHART_HEIGHT = 18, 9  # centimetres
LINE_CHART_WIDTH, LINE_CHART_HEIGHT, LINE_CHART_ROWS = 16, 7.5, 17  # a stack of line charts, one each 17 rows
PIXELS_PER_CENTIMETRE = 96 / 2.54
DATE_FORMAT = "yyyy-mm-dd"
DATE_TIME_FORMAT = "yyyy-mm-dd h:mm:ss"  # openpyxl's, for a date and time in a column of another kind
COMMENT_AUTHOR = "CPAS tracker"
COMMENT_WIDTH, COMMENT_HEIGHT = 320, 110  # pixels
LINE_HEIGHT = 15  # points, of one line of text at the default size
CHART_TITLE_FONT = {"size": 11, "bold": True}
HEAT_LOW, HEAT_HIGH = "#FFF7EC", "#D7301F"  # the pages' heat maps: light for nil, dark red for the most
MAX_SHEET_NAME = 31
# XlsxWriter takes a chart text shaped like "Sheet!A1" for a reference to that cell.
CELL_REFERENCE = re.compile(r"^=?[^!]+!\$?[A-Z]+\$?\d+")
WORD_JOINER = "\u2060"
SUMMED_KINDS = (CellKind.MONEY, CellKind.INTEGER)


def money_format(unit: Decimal) -> str:
    """Thousands keep every cent in the cell: Excel's trailing comma only scales the display; a
    negative amount in parentheses, as on the page and in UN financial tables."""
    return "#,##0,;(#,##0,);–" if unit == THOUSAND else "#,##0;(#,##0);–"


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


def _column_letters(table: Table) -> dict[str, str]:
    return {column.key: get_column_letter(number) for number, column in enumerate(table.columns, start=1)}


class _Look(NamedTuple):
    """How a cell looks. Each distinct look is one format of the workbook, made once: a sheet of
    tens of thousands of cells has a handful of looks."""

    number_format: str | None = None
    bold: bool = False
    size: int | None = None
    fill: str | None = None
    top_border: bool = False
    double_bottom_border: bool = False
    wrap: bool = False  # wrapped text, at the top of its cell
    top: bool = False
    indent: int = 0
    quote_prefix: bool = False


PLAIN = _Look()
TITLE = _Look(bold=True, size=TITLE_SIZE)
HEADING = _Look(bold=True)
HEADER = _Look(bold=True, fill=HEADER_FILL, wrap=True)
WRAPPED_LINE = _Look(wrap=True)


class _Formats:
    """The workbook's formats by look, each added to the workbook the first time a cell has it."""

    def __init__(self, book: xlsxwriter.Workbook):
        self._book = book
        self._by_look = {PLAIN: None}
        self._by_cell = {}

    def __call__(self, look: _Look):
        made = self._by_look.get(look, False)
        if made is False:
            made = self._by_look[look] = self._book.add_format(_format_properties(look))
        return made

    def of_cell(self, total: int, number_format: str | None, top: bool, wrap: bool, indent: int,
                quote_prefix: bool):
        """The format of a cell of a table's rows (``total``: 0 in a detail row, 1 in a subtotal,
        2 in a total), found by a plain tuple: the rows of a big workbook ask hundreds of
        thousands of times, and a tuple is quicker to make and hash than a look."""
        key = (total, number_format, top, wrap, indent, quote_prefix)
        made = self._by_cell.get(key, False)
        if made is False:
            made = self._by_cell[key] = self(_Look(
                number_format=number_format, bold=total > 0, top_border=total > 0, double_bottom_border=total == 2,
                wrap=wrap, top=top, indent=indent, quote_prefix=quote_prefix))
        return made


def _format_properties(look: _Look) -> dict:
    properties = {"num_format": look.number_format, "bold": look.bold, "font_size": look.size,
                  "top": 1 if look.top_border else None, "bottom": 6 if look.double_bottom_border else None,
                  "text_wrap": look.wrap, "valign": "top" if look.wrap or look.top else None,
                  "indent": look.indent or None, "quote_prefix": look.quote_prefix}
    if look.fill:
        properties |= {"pattern": 1, "bg_color": look.fill}
    return {key: value for key, value in properties.items() if value}


class _Sheet:
    """One sheet being written: its XlsxWriter worksheet, whose rows and columns count from 0,
    addressed here as the rest of the app addresses a sheet, from 1."""

    def __init__(self, worksheet, formats: _Formats):
        self.worksheet, self.formats = worksheet, formats

    def text(self, row: int, column: int, text, look: _Look = PLAIN) -> None:
        """A user's string, written as a string whatever it starts with."""
        text = clean_text(text)
        if needs_quote_prefix(text):
            look = look._replace(quote_prefix=True)
        self.worksheet.write_string(row - 1, column - 1, text, self.formats(look))

    def height(self, row: int, points: float) -> None:
        self.worksheet.set_row(row - 1, points)


class _Links:
    """Where each table of the workbook lies, to write a ``CellLink`` as a reference to its cell."""

    def __init__(self, sheets: list[tuple[Table, str]]):
        self._sheets = {id(table): (table, name) for table, name in sheets}

    def formula(self, link: CellLink) -> str:
        if id(link.table) not in self._sheets:
            raise ValueError(f"a cell links to the table {link.table.title!r}, which is not in the workbook")
        table, name = self._sheets[id(link.table)]
        letters = _column_letters(table)
        if link.column_key not in letters:
            raise ValueError(f"a cell links to the column {link.column_key!r}, which {table.title!r} does not have")
        return f"={quote_sheetname(name)}!{letters[link.column_key]}{excel_row(table, link.row_index)}"

    def computed(self, cell: CellFormula) -> str:
        """A ``CellFormula`` with each of its names as the reference to the cell it links."""
        return "=" + cell.expression.format(**{name: self.formula(link)[1:] for name, link in cell.links.items()})


class _ColumnPlan(NamedTuple):
    """What every row's cell of a column needs to know of it, worked out once per table."""

    index: int  # from 0, as XlsxWriter counts
    key: str
    kind: CellKind
    wrap: bool
    formula: str | None  # the column's formula over its row, for a numeric column
    top: bool  # beside wrapped text: its figures at the top (where the cell is written at all)
    summed: bool  # a subtotal's or total's cell of this column is a SUM
    number_format: str | None
    letter: str


def _column_plans(table: Table) -> list[_ColumnPlan]:
    wrapped_table = any(column.wrap for column in table.columns)
    letters = _column_letters(table)
    return [_ColumnPlan(index, column.key, column.kind, column.wrap, column.formula if column.is_numeric else None,
                        wrapped_table and not column.wrap, column.kind in SUMMED_KINDS,
                        _number_format(column.kind, table.money_unit), letters[column.key])
            for index, column in enumerate(table.columns)]


def _write_row(sheet: _Sheet, table: Table, row: Row, sheet_row: int, plans: list[_ColumnPlan],
               letters: dict[str, str], links: _Links) -> None:
    """The row's cells, each written once with its whole look: its number format (with a mark),
    a total's bold and border, wrapped text, the indent of its level, and in a table of wrapped
    text the top alignment of the figures beside it. The hottest loop of a big workbook: a
    format is found by ``of_cell``, and cells are written by the worksheet's own methods."""
    worksheet, cell_format = sheet.worksheet, sheet.formats.of_cell
    first = table.columns[0]
    if row.kind is RowKind.HEADING:  # a heading's text is in its first cell only
        sheet.text(sheet_row, 1, row.get(first.key) or "", HEADING)
        return
    cells, withheld, marks, excel_index = row.cells, row.withheld, row.marks, sheet_row - 1
    row_formulas = row.formulas
    total = 0 if row.kind is RowKind.DETAIL else 2 if row.kind is RowKind.TOTAL else 1
    summed = total and row.sums
    # Only a first cell with text is indented: an empty cell made for its indent alone would be
    # written, and a sheet of trends has tens of thousands of them.
    indent = row.level if not total and row.level and cells.get(first.key) not in (None, "") else 0
    for index, key, kind, wrap_column, column_formula, beside_wrapped, summed_column, number_format, letter in plans:
        value = cells.get(key)
        if value is None and not total and column_formula is None and not row_formulas:
            continue  # the commonest cell of a long sheet: nothing to write
        empty = value is None or value == ""
        top = beside_wrapped and bool(total or column_formula or not empty)
        cell_indent = indent if index == 0 else 0
        wrap = wrap_column if cell_indent else False
        formula = figure = text = None
        if key in withheld:
            pass
        elif row_formulas and key in row_formulas:
            written = row_formulas[key]
            formula = links.formula(written) if isinstance(written, CellLink) else links.computed(written)
        elif column_formula is not None:
            formula = _column_formula(column_formula, letters, sheet_row)
        elif summed and summed_column:
            formula = _sum_formula(letter, [excel_row(table, summed_index) for summed_index in row.sums],
                                   blank=value is None)
        elif empty:
            pass
        elif kind is CellKind.PERCENT:
            figure = value / 100
        elif kind is not CellKind.TEXT and not isinstance(value, str):
            figure = value
        else:
            text = clean_text(value)
            number_format = None
            wrap = wrap or wrap_column
        if formula is None and figure is None and text is None:
            if total or top:  # an empty cell that still looks its part: a total's border
                worksheet.write_blank(excel_index, index, None, cell_format(total, None, top, wrap, 0, False))
            continue
        if isinstance(figure, date):
            number_format = number_format or (DATE_TIME_FORMAT if isinstance(figure, datetime) else DATE_FORMAT)
        if key in marks:
            number_format = marked_format(number_format, marks[key])
            worksheet.write_comment(excel_index, index, clean_text(marks[key].note),
                                    {"author": COMMENT_AUTHOR, "width": COMMENT_WIDTH, "height": COMMENT_HEIGHT})
        if formula is not None:
            # No result is stored with the formula (XlsxWriter's default is 0): a reader that does
            # not calculate sees a blank, never a nil total; spreadsheets calculate on opening.
            worksheet.write_formula(excel_index, index, formula,
                                    cell_format(total, number_format, top, wrap, cell_indent, False), "")
        elif text is not None:
            worksheet.write_string(excel_index, index, text,
                                   cell_format(total, None, top, wrap, cell_indent, needs_quote_prefix(text)))
        elif isinstance(figure, date):
            day_format = cell_format(total, number_format, top, wrap, cell_indent, False)
            day_number = excel_day(figure)
            if day_number is None:
                worksheet.write_datetime(excel_index, index, figure, day_format)
            else:
                worksheet.write_number(excel_index, index, day_number, day_format)
        elif isinstance(figure, bool):
            worksheet.write_boolean(excel_index, index, figure,
                                    cell_format(total, number_format, top, wrap, cell_indent, False))
        else:
            worksheet.write_number(excel_index, index, spreadsheet_number(figure),
                                   cell_format(total, number_format, top, wrap, cell_indent, False))


def _range(sheet_name: str, column_number: int, first_row: int, last_row: int) -> str:
    letter = get_column_letter(column_number)
    return f"={quote_sheetname(sheet_name)}!${letter}${first_row}:${letter}${last_row}"


def _chart_text(text: str) -> str:
    """Text of a chart as it reads, even one shaped like a cell reference, which XlsxWriter would
    take for one: an invisible word joiner after its "!" keeps it text."""
    text = clean_text(text)
    return text.replace("!", "!" + WORD_JOINER) if CELL_REFERENCE.match(text) else text


def _size(width: float, height: float) -> dict:
    return {"width": round(width * PIXELS_PER_CENTIMETRE), "height": round(height * PIXELS_PER_CENTIMETRE)}


def _add_chart(book: xlsxwriter.Workbook, sheet: _Sheet, name: str, table: Table, request: ColumnChart) -> None:
    keys = [column.key for column in table.columns]
    values_column, categories_column = keys.index(request.values) + 1, keys.index(request.categories) + 1
    charted = len(table.rows) if request.rows is None else min(request.rows, len(table.rows))
    heading, last = header_row(table), excel_row(table, charted - 1)
    chart = book.add_chart({"type": "column"})
    chart.add_series({"name": f"={quote_sheetname(name)}!${get_column_letter(values_column)}${heading}",
                      "values": _range(name, values_column, heading + 1, last),
                      "categories": _range(name, categories_column, heading + 1, last)})
    chart.set_title({"name": _chart_text(request.title)})
    y_axis = {"num_format": _number_format(table.columns[values_column - 1].kind, table.money_unit)}
    y_axis = {key: value for key, value in y_axis.items() if value}
    if request.axis_title:
        y_axis["name"] = _chart_text(request.axis_title)
    chart.set_y_axis(y_axis)
    chart.set_legend({"none": True})
    chart.set_size(_size(CHART_WIDTH, CHART_HEIGHT))
    sheet.worksheet.insert_chart(heading - 1, len(table.columns) + 1, chart)


def _add_line_chart(book: xlsxwriter.Workbook, sheet: _Sheet, name: str, table: Table, request: LineChart,
                    position: int) -> None:
    """A line chart over a date axis of some rows of the table, stacked with the table's other
    line charts to the right of its figures."""
    keys = [column.key for column in table.columns]
    first, last = excel_row(table, request.first_row), excel_row(table, request.last_row)
    dates = [row.get(request.categories) for row in table.rows[request.first_row:request.last_row + 1]]
    dates = [day for day in dates if day is not None]
    years = (max(dates) - min(dates)).days / 365 if dates else 0
    chart = book.add_chart({"type": "line"})
    chart.set_title({"name": _chart_text(request.title), "name_font": CHART_TITLE_FONT})
    chart.show_blanks_as("span")  # a target path given at its ends only is drawn as a straight line
    categories = _range(name, keys.index(request.categories) + 1, first, last)
    for position_in_chart, key in enumerate(request.series):
        column_number = keys.index(key) + 1
        series = {"name": _chart_text(table.columns[column_number - 1].heading),
                  "values": _range(name, column_number, first, last), "categories": categories}
        if position_in_chart == 1:
            series["line"] = {"dash_type": "dash"}
        chart.add_series(series)
    # A label every year over a long span, every quarter over a short one.
    unit, every = ("years", 1) if years > 2 else ("months", 3)
    chart.set_x_axis({"date_axis": True, "num_format": DATE_FORMAT if years <= 2 else "yyyy",
                      "major_unit_type": unit, "major_unit": every})
    if request.axis_title:
        chart.set_y_axis({"name": _chart_text(request.axis_title)})
    chart.set_size(_size(LINE_CHART_WIDTH, LINE_CHART_HEIGHT))
    sheet.worksheet.insert_chart(header_row(table) + position * LINE_CHART_ROWS - 1, len(table.columns) + 1, chart)


def _add_colour_scale(sheet: _Sheet, table: Table) -> None:
    """One colour scale over all the columns the table asks to shade, so that they share it."""
    letters = _column_letters(table)
    first, last = excel_row(table, 0), excel_row(table, len(table.rows) - 1)
    ranges = " ".join(f"{letters[key]}{first}:{letters[key]}{last}" for key in table.colour_scale)
    first_column = [column.key for column in table.columns].index(table.colour_scale[0])
    sheet.worksheet.conditional_format(first - 1, first_column, last - 1, first_column, {
        "type": "2_color_scale", "min_type": "min", "min_color": HEAT_LOW, "max_type": "max",
        "max_color": HEAT_HIGH, "multi_range": ranges})


def _set_up_printing(sheet: _Sheet, table: Table) -> None:
    """Print as UN tables are read: landscape, one page wide, the header row on every page; a
    short sheet on a single page, its header row neither frozen nor repeated."""
    worksheet = sheet.worksheet
    worksheet.set_landscape()
    if table.fits_on_one_page:
        worksheet.fit_to_pages(1, 1)
    else:
        worksheet.fit_to_pages(1, 0)
        worksheet.repeat_rows(header_row(table) - 1)
        worksheet.freeze_panes(header_row(table), 0)


def _column_widths(table: Table) -> list[int]:
    return [column.width or (16 if column.is_numeric else 24) for column in table.columns]


def _lines(text: str, width: int) -> int:
    """About how many lines ``text`` takes wrapped in a column ``width`` characters wide."""
    text, per_line = str(text), max(width - 1, 1)
    if "\n" not in text:  # most texts: one paragraph
        return max(1, math.ceil(len(text) * 1.1 / per_line))
    return sum(max(1, math.ceil(len(part) * 1.1 / per_line)) for part in text.split("\n"))


def _fit_height(sheet: _Sheet, row: int, texts: list[tuple[str, int]]) -> None:
    """A row as high as the most lines of its wrapped (text, width) cells: spreadsheets do not all
    fit a row to wrapped text they did not type themselves."""
    lines = max((_lines(text, width) for text, width in texts if text), default=1)
    if lines > 1:
        sheet.height(row, LINE_HEIGHT * lines)


def _write_line(sheet: _Sheet, table: Table, row: int, text: str) -> None:
    """A line of text across the table's width, wrapped, its row as high as its lines (a merged
    cell's height is not fitted by the spreadsheet)."""
    if len(table.columns) < 2:
        sheet.text(row, 1, text)
        return
    # The merged range first, empty, then its text by write_string, as every text.
    sheet.worksheet.merge_range(row - 1, 0, row - 1, len(table.columns) - 1, "", sheet.formats(WRAPPED_LINE))
    sheet.text(row, 1, text, WRAPPED_LINE)
    _fit_height(sheet, row, [(text, sum(_column_widths(table)))])


def _write_table_sheet(book: xlsxwriter.Workbook, sheet: _Sheet, name: str, table: Table, links: _Links) -> None:
    sheet.text(TITLE_ROW, 1, table.title, TITLE)
    for offset, line in enumerate(table.introduction, start=1):
        _write_line(sheet, table, TITLE_ROW + offset, line)
    if table.caption:
        sheet.text(header_row(table) - 2, 1, table.caption)
    widths = _column_widths(table)
    for column_number, column in enumerate(table.columns, start=1):
        sheet.text(header_row(table), column_number, column.heading, HEADER)
    _fit_height(sheet, header_row(table), [(column.heading, width) for column, width in zip(table.columns, widths,
                                                                                            strict=True)])
    letters, plans = _column_letters(table), _column_plans(table)
    wrapped = [(column.key, width) for column, width in zip(table.columns, widths, strict=True) if column.wrap]
    for index, row in enumerate(table.rows):
        sheet_row = excel_row(table, index)
        _write_row(sheet, table, row, sheet_row, plans, letters, links)
        if wrapped and row.kind is not RowKind.HEADING:
            _fit_height(sheet, sheet_row, [(row.get(key) or "", width) for key, width in wrapped])
    last = excel_row(table, len(table.rows))
    for offset, note in enumerate(table.notes, start=1):
        _write_line(sheet, table, last + offset, note)
    for column_number, width in enumerate(widths):
        sheet.worksheet.set_column(column_number, column_number, width)
    if table.chart is not None:
        _add_chart(book, sheet, name, table, table.chart)
    for position, line_chart in enumerate(table.line_charts):
        _add_line_chart(book, sheet, name, table, line_chart, position)
    if table.colour_scale and table.rows:
        _add_colour_scale(sheet, table)
    _set_up_printing(sheet, table)


def _sheet_names(tables: list[Table]) -> list[str]:
    """Each table's ``sheet_name`` (else its title), cut to 31 characters; a name already taken,
    in any case, numbered as Excel numbers a copy: Figures, Figures1."""
    names, taken = [], set()
    for table in tables:
        base = name = (table.sheet_name or table.title)[:MAX_SHEET_NAME]
        number = 0
        while name.casefold() in taken:
            number += 1
            name = f"{base[:MAX_SHEET_NAME - len(str(number))]}{number}"
        taken.add(name.casefold())
        names.append(name)
    return names


def build_report_workbook(tables: list[Table]) -> bytes:
    """The tables as the sheets of an .xlsx workbook, in order, named by their ``sheet_name``
    (else their title); a ``CellLink`` must point into one of them."""
    buffer = BytesIO()
    # Cells are written by the typed methods only (write_string, write_number, write_formula…);
    # these options keep the generic write(), which merge_range uses, from turning text into a
    # formula, a link or a number all the same.
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    formats = _Formats(book)
    names = _sheet_names(tables)
    links = _Links(list(zip(tables, names, strict=True)))
    sheets = [_Sheet(book.add_worksheet(name), formats) for name in names]
    for table, name, sheet in zip(tables, names, sheets, strict=True):
        _write_table_sheet(book, sheet, name, table, links)
    book.close()
    return buffer.getvalue()
