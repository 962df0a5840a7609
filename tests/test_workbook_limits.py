"""Hostile and oversized workbooks (issue 10 item 1): a sheet is read within limits of the
reader's own, whatever the file declares, and its memory stays bounded by those limits."""

import tracemalloc
import zipfile
from io import BytesIO

import openpyxl
import pytest

from cpas.workbook.reader import MAX_COLUMNS, WorkbookError, read_sheets

SHEET_PART = "xl/worksheets/sheet1.xml"
# Peak memory of reading any of the small hostile files below.
HOSTILE_PEAK_BYTES = 30 * 1024 * 1024


def workbook_with_sheet_xml(sheet_xml: str) -> bytes:
    """A real workbook whose one sheet is replaced by ``sheet_xml``: how a hostile file is made."""
    book = openpyxl.Workbook()
    book.active["A1"] = "Key"
    buffer = BytesIO()
    book.save(buffer)
    source = zipfile.ZipFile(BytesIO(buffer.getvalue()))
    out = BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            target.writestr(item, sheet_xml if item.filename == SHEET_PART else source.read(item.filename))
    return out.getvalue()


def sheet_xml(dimension: str, rows: str) -> str:
    return ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            f'spreadsheetml/2006/main"><dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>')


HOSTILE = {
    # The file says it is 16,384 columns by 2,000 rows: openpyxl would pad every row to it.
    "declared dimension": sheet_xml("A1:XFD2000", '<row r="1"><c r="A1" t="inlineStr"><is><t>Key</t></is></c></row>'
                                    '<row r="2000"><c r="A2000"><v>1</v></c></row>'),
    # One cell in the last column of each of 2,000 rows.
    "last column used": sheet_xml("A1", "".join(f'<row r="{n}"><c r="XFD{n}"><v>1</v></c></row>'
                                               for n in range(1, 2001))),
}


def peak_bytes_of(read) -> int:
    tracemalloc.start()
    try:
        read()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_a_small_hostile_workbook_is_read_in_bounded_memory(name):
    data = workbook_with_sheet_xml(HOSTILE[name])
    assert len(data) < 20_000
    sheets = {}
    peak = peak_bytes_of(lambda: sheets.update(read_sheets(data)))
    assert peak < HOSTILE_PEAK_BYTES, f"{name}: {peak / 2**20:.0f} MB"
    rows = next(iter(sheets.values()))
    assert max(len(row) for row in rows) <= MAX_COLUMNS


def test_a_sheet_beyond_the_row_limit_is_refused_naming_the_limit():
    rows = "".join(f'<row r="{n}"><c r="A{n}"><v>{n}</v></c></row>' for n in range(1, 103))
    with pytest.raises(WorkbookError) as refused:
        read_sheets(workbook_with_sheet_xml(sheet_xml("A1:A102", rows)), max_rows=100)
    assert "goes beyond row 100: a sheet holds at most 100 rows" in str(refused.value.message)


def test_a_stray_cell_far_below_the_data_is_refused_without_reading_a_million_rows():
    far = sheet_xml("A1", '<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="A1048576"><v>1</v></c></row>')
    with pytest.raises(WorkbookError) as refused:
        read_sheets(workbook_with_sheet_xml(far))
    assert "at most 20000 rows" in str(refused.value.message)


def test_rows_keep_their_line_numbers_and_lose_their_trailing_empty_cells():
    rows = ('<row r="1"><c r="A1"><v>1</v></c><c r="B1"><v>2</v></c></row>'
            '<row r="3"><c r="A3"><v>3</v></c></row>')
    sheet = next(iter(read_sheets(workbook_with_sheet_xml(sheet_xml("A1:Z3", rows))).values()))
    assert [[cell.value for cell in row] for row in sheet] == [[1, 2], [], [3]]
