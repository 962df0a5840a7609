"""Writing cells of Excel workbooks: the one place that decides how text stays text, and how an
exact decimal crosses into a spreadsheet and back.

openpyxl turns any string that starts with ``=`` into a live formula; user text must never
become one, so every user-supplied string goes through ``write_text``. Formulas are written only
by our own code, through ``write_formula``. openpyxl writes only the marked copy of an upload
(``cpas.workbook.marking``). The report workbooks and the data workbook are written with
XlsxWriter (``report_workbook``, ``cpas.workbook.export``), whose ``write_string`` always writes a
string; they take the same rules from here: ``clean_text``, ``needs_quote_prefix`` and
``spreadsheet_number``.

A spreadsheet holds a number as a binary double and shows (and, when one is typed, keeps) at most
15 significant digits of it. Every decimal of at most 15 significant digits has a double that
gives it back once rounded to 15 significant digits: that rounding is how a number is read
(``decimal_of_double``), and a decimal is written, as that double through openpyxl's public API,
only if it comes back by it (``write_value``). openpyxl spells the double with 16 significant
digits (960012.06 as 960012.0600000001), which parses back to the very same double. Amounts of
money with cents are exact that way below ten trillion (10**13); larger ones are refused.
"""

from datetime import date, datetime
from decimal import Decimal
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from cpas.text import writable

HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
MAX_CELL_TEXT = 32767
SIGNIFICANT_DIGITS = 15  # what Excel and LibreOffice show and keep of a number
ISO_DATE_FORMAT = "yyyy-mm-dd"  # the format openpyxl gives a date cell
EXCEL_EPOCH, FIRST_PLAIN_EXCEL_DAY = date(1899, 12, 30), date(1900, 3, 1)


def decimal_of_double(number: float) -> Decimal:
    """The decimal a spreadsheet shows for a double: its 15 significant digits. For a number
    someone typed (at most 15 digits) that is exactly what they typed, however many digits the
    file spells the double with (openpyxl writes 960012.06 as 960012.0600000001, the same double);
    for a figure computed in a spreadsheet and pasted as a value (1.1 * 1.1 gives
    1.2100000000000002) it is what the spreadsheet showed (1.21)."""
    return Decimal(f"{number:.{SIGNIFICANT_DIGITS}g}")


def spreadsheet_number(value):
    """The number a cell is given for ``value``: a Decimal becomes the double the spreadsheet will
    hold, and only if that double gives the Decimal back (``decimal_of_double``); an int stays an
    int under the same condition. More than 15 significant digits cannot be held exactly, and a
    wrong figure in a workbook is worse than no workbook, so they are refused."""
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        return value  # dates, and floats, which are doubles already
    double = float(value)
    if decimal_of_double(double) != value:
        raise ValueError(f"{value} has more than {SIGNIFICANT_DIGITS} significant digits: "
                         "a spreadsheet cell cannot hold it exactly")
    return value if isinstance(value, int) else double


def excel_day(day: date) -> int | None:
    """A date (without a time) as the day number a spreadsheet holds it as, what XlsxWriter's
    write_datetime computes at a tenth of its cost; None for a date and time, or a date before
    March 1900, where Excel counts a day that never was, 29 February 1900."""
    if isinstance(day, datetime) or day < FIRST_PLAIN_EXCEL_DAY:
        return None
    return (day - EXCEL_EPOCH).days


def clean_text(text) -> str:
    """Text a cell (or a comment) can hold: none of the characters XML has no place for (the app
    refuses them on entry; text saved before that is cleaned here), at most 32,767 characters."""
    return writable(str(text))[:MAX_CELL_TEXT]


# A first character that makes Excel read a typed cell as a formula.
FORMULA_STARTS = ("=", "+", "-", "@")


def needs_quote_prefix(text: str) -> bool:
    """Whether a text cell needs Excel's quote prefix, which keeps it text even when the user
    edits the cell."""
    return text[:1] in FORMULA_STARTS


def _keep_as_text(cell, text: str) -> None:
    if cell.data_type != "s":  # "f" for text starting with "=", "e" for "#N/A" and the like
        cell.data_type = "s"
    if needs_quote_prefix(text):
        cell.quotePrefix = True


def write_text(sheet: Worksheet, row: int, column: int, text) -> None:
    """A user's string, written as a string whatever it starts with."""
    text = clean_text(text)
    _keep_as_text(sheet.cell(row=row, column=column, value=text), text)


def write_value(sheet: Worksheet, row: int, column: int, value, number_format: str | None = None) -> None:
    """A number or date of ours (never a string: those go through ``write_text``); a number
    exactly as ``decimal_of_double`` will read it back, or ValueError."""
    if isinstance(value, str):
        write_text(sheet, row, column, value)
        return
    cell = sheet.cell(row=row, column=column, value=spreadsheet_number(value))
    if number_format:
        cell.number_format = number_format


def write_formula(sheet: Worksheet, row: int, column: int, formula: str, number_format: str | None = None) -> None:
    cell = sheet.cell(row=row, column=column, value=formula)
    if number_format:
        cell.number_format = number_format


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


def workbook_bytes(book: Workbook) -> bytes:
    """The workbook as .xlsx bytes."""
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


XLSX_MIME_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
