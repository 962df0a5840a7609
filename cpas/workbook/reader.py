"""Reading uploaded workbooks safely: size limits before unzipping, a check of the zip, XML
parsed through defusedxml (openpyxl uses it when installed), sheets streamed row by row within
limits of their own (never the dimensions a file declares), and numbers read as the decimals the
spreadsheet shows (never as floats)."""

import math
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

import openpyxl
from flask_babel import lazy_gettext as _l

from cpas.exports.xlsx import decimal_of_double

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # a zip bomb stops here
# What one upload may hold, whatever its file says of itself. A data workbook's widest sheet has
# 19 columns; 20,000 rows of a sheet import in about 11 s here, well within a request.
MAX_SHEETS = 40
MAX_COLUMNS = 40
MAX_ROWS_PER_SHEET = 20_000


class WorkbookError(ValueError):
    """The file as a whole cannot be read; nothing in it is looked at."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Cell:
    value: object
    is_formula: bool


# The file format's escape of a character in text, ``_xHHHH_`` (ECMA-376 ST_Xstring): Excel and
# XlsxWriter write a carriage return as ``_x000D_``, and a text shaped like an escape with its
# underscore escaped (``_x005F_x0041_``); Excel reads them back, openpyxl leaves them as they are.
OOXML_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def text_as_written(text: str) -> str:
    """A cell's text with the file format's escapes undone, as a spreadsheet shows it."""
    return OOXML_ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), text) if "_x" in text else text


def _value(value):
    """A cell's value with its float, if any, turned into the Decimal a spreadsheet shows for it,
    and its text as a spreadsheet shows it (``text_as_written``); ints (whole numbers in the file),
    dates and booleans are as openpyxl reads them."""
    if isinstance(value, str):
        return text_as_written(value)
    if not isinstance(value, float):
        return value
    if not math.isfinite(value):  # "1e999": no spreadsheet writes a number beyond a double's range
        raise WorkbookError(_l("The workbook is damaged and cannot be read."))
    return decimal_of_double(value)


def check_file(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> None:
    if len(data) > max_bytes:
        raise WorkbookError(_l("The file is larger than %(limit)d MB.", limit=max_bytes // (1024 * 1024)))
    if not data.startswith(b"PK\x03\x04"):
        raise WorkbookError(_l("This is not an Excel workbook (.xlsx). Save the file as .xlsx and upload it again."))
    try:
        with zipfile.ZipFile(BytesIO(data)) as archive:
            if sum(info.file_size for info in archive.infolist()) > MAX_UNZIPPED_BYTES:
                raise WorkbookError(_l("The workbook unpacks to more than %(limit)d MB.",
                                       limit=MAX_UNZIPPED_BYTES // (1024 * 1024)))
            if archive.testzip() is not None or "xl/workbook.xml" not in archive.namelist():
                raise WorkbookError(_l("The workbook is damaged and cannot be read."))
    except (zipfile.BadZipFile, EOFError, zipfile.LargeZipFile) as error:
        raise WorkbookError(_l("The workbook is damaged and cannot be read.")) from error


def read_sheets(data: bytes, max_bytes: int = MAX_FILE_BYTES,
                max_rows: int = MAX_ROWS_PER_SHEET) -> dict[str, list[list[Cell]]]:
    """{sheet title: rows of cells}, the header row first, each row without its trailing empty
    cells and the empty rows left out. Memory and time are bounded by the limits: a sheet's
    declared dimension is ignored (``A1:XFD2000`` would pad every row to 16,384 cells), columns
    beyond MAX_COLUMNS are not read, and a sheet reaching beyond row ``max_rows`` is refused."""
    check_file(data, max_bytes)
    try:
        book = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=False)
        try:
            if len(book.worksheets) > MAX_SHEETS:
                raise WorkbookError(_l("The workbook has more than %(limit)d sheets.", limit=MAX_SHEETS))
            return {sheet.title: _rows_of(sheet, max_rows) for sheet in book.worksheets}
        finally:
            book.close()
    except WorkbookError:
        raise
    except Exception as error:  # openpyxl raises many kinds on malformed parts
        raise WorkbookError(_l("The workbook is damaged and cannot be read.")) from error


def _rows_of(sheet, max_rows: int) -> list[list[Cell]]:
    sheet.reset_dimensions()
    rows = []
    for number, row in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
        if number > max_rows:
            raise WorkbookError(_l(
                "Sheet %(sheet)s goes beyond row %(limit)d: a sheet holds at most %(limit)d rows. Delete the "
                "rows below the data, or split the data over several uploads.", sheet=sheet.title,
                limit=max_rows))
        last = len(row)
        while last and row[last - 1].value is None:
            last -= 1
        # An empty row stays (as no cells), so that each row's place is its line in the sheet.
        rows.append([Cell(_value(cell.value), cell.data_type == "f") for cell in row[:last]])
    return rows
