"""What a text may hold: nothing an export could not write (one such character saved would
make every workbook of the mission unreadable), and a text of invisible characters says nothing
(it cannot stand as the reason a rule asks for)."""

from io import BytesIO

import openpyxl
import pytest
from sqlalchemy import func, select

from cpas.models import AuditEntry, BudgetAmount, BudgetLine, Mandate
from tests.conftest import login
from tests.helpers import database_state

BASE = "/m/MINUSMA/2019-20"
MANDATE = {"resolution_symbol": "S/RES/9999 (2026)", "adopted_on": "2026-06-27", "summary": ""}


@pytest.fixture
def officer(client, demo):
    login(client, "officer")
    return client


@pytest.mark.parametrize("character", ["\ufffe", "\uffff", "\x01", "\x0b", "\x1f"])
def test_a_character_no_workbook_could_hold_is_refused_and_nothing_saved(officer, db, character):
    before = database_state(db)
    response = officer.post(f"{BASE}/records/mandates/new", data={**MANDATE, "summary": f"Renewal{character}text"})
    assert response.status_code == 200
    assert f"invisible control character (U+{ord(character):04X})" in response.get_data(as_text=True)
    assert database_state(db) == before


def test_the_data_workbook_stays_readable_whatever_was_saved_before(officer, db):
    """Text saved before these characters were refused is cleaned when written."""
    mandate = db.scalar(select(Mandate))
    mandate.summary = "Saved\ufffe before\x01"
    db.commit()
    data = officer.get(f"{BASE}/workbook/download").data
    book = openpyxl.load_workbook(BytesIO(data))  # would raise on a character XML has no place for
    summaries = [cell.value for row in book["Mandates"].iter_rows() for cell in row]
    assert "Saved before" in summaries


@pytest.mark.parametrize("reason", ["\u200b", "\u2060", " \u200b\u00a0 ", "\ufeff"])
def test_an_invisible_reason_is_no_reason(officer, db, reason):
    line = db.scalar(select(BudgetLine).where(BudgetLine.ref == "BL-001"))
    amounts = db.scalar(select(func.count()).select_from(BudgetAmount).where(BudgetAmount.line_id == line.id))
    audited = db.scalar(select(func.count()).select_from(AuditEntry))
    response = officer.post(f"{BASE}/records/budget-lines/{line.id}/delete", data={"reason": reason})
    assert "needs a reason" in response.get_data(as_text=True) or response.status_code == 302 and \
        "needs a reason" in officer.get(response.headers["Location"]).get_data(as_text=True)
    db.expire_all()
    assert db.get(BudgetLine, line.id) is not None
    assert db.scalar(select(func.count()).select_from(BudgetAmount).where(BudgetAmount.line_id == line.id)) == amounts
    assert db.scalar(select(func.count()).select_from(AuditEntry)) == audited


# Text a spreadsheet would read as a formula (or an error value), and text an .xlsx writer could
# spell differently from how openpyxl, which reads every upload, reads it back: a carriage return,
# and a text shaped like Excel's own escape of a character (_x0041_ is Excel's "A").
FORMULA_LIKE = ['=HYPERLINK("http://x","y")', "=1+1", "+41 22 917 1234", "-5", "@SUM(A1)", "#N/A", "#REF!"]
SPELLED = ["Line one\r\nline two", "_x0041_ stays as typed", "  spaces kept  "]


def test_the_data_workbooks_text_that_looks_like_a_formula_stays_text_and_reads_back_as_saved(officer, db):
    """The data workbook's writer (XlsxWriter) writes every text with write_string: none becomes a
    formula, those a spreadsheet would read as one keep the quote prefix, and each reads back
    through the upload's reader exactly as it was saved."""
    from cpas.exports.xlsx import needs_quote_prefix
    from cpas.models import Activity
    from cpas.workbook.importer import import_workbook
    from cpas.workbook.reader import read_sheets, text_as_written

    texts = FORMULA_LIKE + SPELLED
    activities = db.scalars(select(Activity).order_by(Activity.id)).all()
    slots = [(activity, attr) for activity in activities
             for attr in ("title", "responsible_section", "operation_name", "description")]
    assert len(slots) >= len(texts)
    for (activity, attr), text in zip(slots, texts, strict=False):
        setattr(activity, attr, text)
    db.commit()
    data = officer.get(f"{BASE}/workbook/download").data
    sheet = openpyxl.load_workbook(BytesIO(data))["Activities"]
    # openpyxl leaves the file format's escapes (a carriage return's _x000D_) as they are: the
    # upload's reader undoes them, as a spreadsheet does.
    cells = {text_as_written(cell.value) if isinstance(cell.value, str) else cell.value: cell
             for row in sheet.iter_rows(min_row=2) for cell in row}
    for text in texts:
        assert cells[text].data_type == "s", text
        assert bool(cells[text].quotePrefix) == needs_quote_prefix(text), text
    read = read_sheets(data)
    assert {cell.value for row in read["Activities"] for cell in row} >= set(texts)
    assert not any(cell.is_formula for rows in read.values() for row in rows for cell in row)
    result = import_workbook(db, data, None, apply=False)
    assert result.problems == []
    assert sum(counts.created for counts in result.counts.values()) == 0


def test_the_file_formats_escapes_read_back_as_the_text_they_spell():
    from cpas.workbook.reader import text_as_written

    assert text_as_written("Line one_x000D_\nline two") == "Line one\r\nline two"
    assert text_as_written("_x005F_x0041_ stays as typed") == "_x0041_ stays as typed"  # an escaped escape
    assert text_as_written("no escape _x12_ here") == "no escape _x12_ here"
