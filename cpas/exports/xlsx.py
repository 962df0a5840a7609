"""Writing cells of Excel workbooks: the one place that decides how text stays text.

openpyxl turns any string that starts with ``=`` into a live formula; user text must never
become one, so every user-supplied string goes through ``write_text``. Formulas are written only
by our own code, through ``write_formula``.
"""

from contextlib import contextmanager
from copy import copy
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.cell import _writer as openpyxl_cell_writer
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.compat.strings import safe_string
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
MAX_CELL_TEXT = 32767
SIGNIFICANT_DIGITS = 15  # what Excel and LibreOffice show and keep of a number


def decimal_of_double(number: float) -> Decimal:
    """The decimal a spreadsheet shows for a double: its 15 significant digits. For a number
    someone typed (at most 15 digits) that is exactly what they typed, however many digits the
    file spells the double with (openpyxl writes 960012.06 as 960012.0600000001, the same double);
    for a figure computed in a spreadsheet and pasted as a value (1.1 * 1.1 gives
    1.2100000000000002) it is what the spreadsheet showed (1.21)."""
    return Decimal(f"{number:.{SIGNIFICANT_DIGITS}g}")


def write_text(sheet: Worksheet, row: int, column: int, text) -> None:
    """A user's string, written as a string whatever it starts with."""
    text = ILLEGAL_CHARACTERS_RE.sub("", str(text))[:MAX_CELL_TEXT]
    cell = sheet.cell(row=row, column=column, value=text)
    if cell.data_type != "s":  # "f" for text starting with "=", "e" for "#N/A" and the like
        cell.data_type = "s"
    if text[:1] in ("=", "+", "-", "@"):
        cell.quotePrefix = True  # Excel keeps it text even when the user edits the cell


def write_value(sheet: Worksheet, row: int, column: int, value, number_format: str | None = None) -> None:
    """A number or date of ours (never a string: those go through ``write_text``)."""
    if isinstance(value, str):
        write_text(sheet, row, column, value)
        return
    cell = sheet.cell(row=row, column=column, value=value)
    if number_format:
        cell._style = _number_style(sheet, number_format)


def write_formula(sheet: Worksheet, row: int, column: int, formula: str, number_format: str | None = None) -> None:
    cell = sheet.cell(row=row, column=column, value=formula)
    if number_format:
        cell._style = _number_style(sheet, number_format)


def _number_style(sheet: Worksheet, number_format: str):
    """The style of a cell with this number format, registered with the workbook once and then
    copied: openpyxl's registration on every assignment is most of the cost of a large export."""
    cache = sheet.parent.__dict__.setdefault("_cpas_number_styles", {})
    if number_format not in cache:
        probe = Cell(sheet)
        probe.number_format = number_format
        cache[number_format] = probe._style
    return copy(cache[number_format])


def write_header(sheet: Worksheet, headings: list[str], row: int = 1) -> None:
    for column, heading in enumerate(headings, start=1):
        write_text(sheet, row, column, heading)
        cell = sheet.cell(row=row, column=column)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = sheet.cell(row=row + 1, column=1)


def set_widths(sheet: Worksheet, widths: list[int]) -> None:
    for column, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(column)].width = width


def _exact_string(value) -> str:
    """openpyxl writes every number as "%.16g" of a float: 960012.06 would become
    960012.0600000001 in the file. A Decimal is written with exactly its own digits."""
    if isinstance(value, Decimal) and value.is_finite():
        return format(value, "f")
    return safe_string(value)


@contextmanager
def _exact_decimals():
    # openpyxl 3.1.5 (pinned) formats cell values through this name in its cell writer.
    original = openpyxl_cell_writer.safe_string
    openpyxl_cell_writer.safe_string = _exact_string
    try:
        yield
    finally:
        openpyxl_cell_writer.safe_string = original


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx bytes, amounts written exactly to the cent."""
    buffer = BytesIO()
    with _exact_decimals():
        book.save(buffer)
    return buffer.getvalue()
