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
