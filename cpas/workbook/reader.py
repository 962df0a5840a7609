"""Reading uploaded workbooks safely: size limits before unzipping, a check of the zip, XML
parsed through defusedxml (openpyxl uses it when installed), and numbers read as the decimals
the spreadsheet shows (never as floats)."""

import math
import zipfile
from dataclasses import dataclass
from io import BytesIO

import openpyxl
from flask_babel import lazy_gettext as _l

from cpas.exports.xlsx import decimal_of_double

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 200 * 1024 * 1024  # a zip bomb stops here


class WorkbookError(ValueError):
    """The file as a whole cannot be read; nothing in it is looked at."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message


@dataclass(frozen=True)
class Cell:
    value: object
    is_formula: bool


def _value(value):
    """A cell's value with its float, if any, turned into the Decimal a spreadsheet shows for it;
    ints (whole numbers in the file), dates, text and booleans are as openpyxl reads them."""
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


def read_sheets(data: bytes, max_bytes: int = MAX_FILE_BYTES) -> dict[str, list[list[Cell]]]:
    """{sheet title: rows of cells}, the header row first."""
    check_file(data, max_bytes)
    try:
        book = openpyxl.load_workbook(BytesIO(data), read_only=True, data_only=False)
        try:
            return {
                sheet.title: [[Cell(_value(cell.value), cell.data_type == "f") for cell in row]
                              for row in sheet.iter_rows()]
                for sheet in book.worksheets
            }
        finally:
            book.close()
    except WorkbookError:
        raise
    except Exception as error:  # openpyxl raises many kinds on malformed parts
        raise WorkbookError(_l("The workbook is damaged and cannot be read.")) from error
