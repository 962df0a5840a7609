"""Storage is bounded: only an upload that passed its format checks is kept for its confirmation,
within a quota per user; every free text has a maximum that fits an Excel cell, refused with the
same message in forms and workbooks, so that the data workbook holds every text whole and gives
it back unchanged."""

import os
import re
import zipfile
from io import BytesIO

import openpyxl
import pytest
from sqlalchemy import func, select

from cpas.entry.fields import MAX_REASON_LENGTH, MAX_TEXT_LENGTH, FieldSpec, Kind, text_length
from cpas.entry.spec import SPECS
from cpas.exports.xlsx import MAX_CELL_TEXT
from cpas.models import BudgetAmount, BudgetLine, BudgetPeriod, BudgetStage, DataPoint, PendingUpload, User
from cpas.results.specs import DATA_POINTS
from cpas.workbook import uploads
from cpas.workbook.importer import import_workbook
from cpas.workbook.layout import headers
from cpas.workbook.reader import read_sheets
from cpas.workbook.uploads import MAX_KEPT_UPLOADS, keep_upload
from tests.conftest import login
from tests.helpers import database_state
from tests.test_incident_import import CURRENT
from tests.test_workbook import edited, export

SCOPE = "/m/MINUSMA/2019-20"
RECORDS = SCOPE + "/records"
DATA_POINT = {"indicator": "O1.1", "observed_on": "2019-06-30", "value": "12", "source": "JMAC",
              "provenance": "entered"}
# Exactly the limit as Excel counts it (an emoji is two UTF-16 units), with a line break as a form sends it.
LONGEST = "Line one\r\n" + "x" * (MAX_TEXT_LENGTH - len("Line one\n") - 2) + "\U0001F600"
TOO_LONG = "y" * (MAX_TEXT_LENGTH + 1)
TOO_LONG_MESSAGE = "At most 32,767 characters: this text has 32,768."


def kept_uploads(db, user_login: str | None = None) -> int:
    db.expire_all()
    query = select(func.count()).select_from(PendingUpload)
    if user_login is not None:
        query = query.join(User, User.id == PendingUpload.user_id).where(User.login == user_login)
    return db.scalar(query)


def upload_workbook(client, data: bytes, name: str = "minusma.xlsx"):
    return client.post(SCOPE + "/workbook/upload", data={"workbook": (BytesIO(data), name)},
                       content_type="multipart/form-data")


def token_of(page: str) -> str:
    return re.search(r'name="token" type="hidden" value="([^"]*)"', page).group(1)


@pytest.fixture
def officer(client, demo):
    login(client, "officer")
    return client


@pytest.fixture
def demo_workbook(db, demo):
    return export(db)


# Uploads ------------------------------------------------------------------------------------


def test_a_file_that_is_not_a_data_workbook_is_not_kept_and_the_page_says_why(officer, db):
    before = kept_uploads(db)
    for data, why in [(os.urandom(200_000), "This is not an Excel workbook (.xlsx)."),
                      (edited(export(db), lambda book: book.remove(book["Instructions"])),
                       "The sheet Instructions is missing: it names the mission and period.")]:
        page = upload_workbook(officer, data).get_data(as_text=True)
        assert why in page
        assert "The file was not kept: correct it, or choose the data workbook, and upload it again." in page
        assert 'name="token"' not in page and "Import these changes" not in page
        assert kept_uploads(db) == before
    csv_page = officer.post(SCOPE + "/incidents/upload", data={"incidents": (BytesIO(os.urandom(50_000)), "x.csv")},
                            content_type="multipart/form-data").get_data(as_text=True)
    assert "nothing will be imported until" in csv_page and "Import these incidents" not in csv_page
    assert kept_uploads(db) == before


def test_a_workbook_with_problems_in_its_rows_is_kept_for_its_marked_copy(officer, db, demo_workbook):
    data = edited(demo_workbook, lambda book: book["Budget amounts"].__setitem__("D2", "a lot"))
    page = upload_workbook(officer, data).get_data(as_text=True)
    assert "Download the workbook with the problems marked" in page
    assert kept_uploads(db, "officer") == 1
    assert officer.get(f"{SCOPE}/workbook/marked/{token_of_marked(page)}").status_code == 200


def token_of_marked(page: str) -> str:
    return re.search(r"/workbook/marked/([\w-]+)", page).group(1)


def test_each_user_keeps_at_most_the_quota_of_uploads_the_oldest_dropped(app, officer, db, demo_workbook):
    other = app.test_client()
    login(other, "admin")
    upload_workbook(other, demo_workbook)
    tokens = [token_of(upload_workbook(officer, demo_workbook).get_data(as_text=True))
              for _ in range(MAX_KEPT_UPLOADS + 1)]
    assert kept_uploads(db, "officer") == MAX_KEPT_UPLOADS
    assert kept_uploads(db, "admin") == 1  # another user's upload is not theirs to drop
    refused = officer.post(SCOPE + "/workbook/confirm", data={"token": tokens[0]}, follow_redirects=True)
    assert (f"That upload is no longer kept: it was imported or cancelled already, or it is more than a day old, "
            f"or your {MAX_KEPT_UPLOADS} later uploads took its place.") in refused.get_data(as_text=True)
    confirmed = officer.post(SCOPE + "/workbook/confirm", data={"token": tokens[-1]})
    assert confirmed.status_code == 302
    assert kept_uploads(db, "officer") == MAX_KEPT_UPLOADS - 1  # a confirmed upload is removed
    cancelled = officer.post(SCOPE + "/workbook/discard", data={"token": tokens[-2]})
    assert cancelled.status_code == 302
    assert kept_uploads(db, "officer") == MAX_KEPT_UPLOADS - 2  # so is a cancelled one


def test_the_quota_counts_bytes_too(db, demo, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_KEPT_BYTES", 1_000)
    officer = db.scalar(select(User).where(User.login == "officer"))
    first = keep_upload(db, officer, "a.xlsx", b"a" * 400)
    second = keep_upload(db, officer, "b.xlsx", b"b" * 400)
    third = keep_upload(db, officer, "c.xlsx", b"c" * 400)
    kept = set(db.scalars(select(PendingUpload.token).where(PendingUpload.user_id == officer.id)))
    assert kept == {second, third} and first not in kept
    keep_upload(db, officer, "big.xlsx", b"d" * 5_000)  # the newest always stays: the upload limit bounds it
    assert kept_uploads(db, "officer") == 1


def test_a_cancelled_incident_preview_is_not_kept(officer, db):
    page = officer.post(SCOPE + "/incidents/upload", data={"incidents": (BytesIO(CURRENT), "mali.csv")},
                        content_type="multipart/form-data").get_data(as_text=True)
    assert kept_uploads(db, "officer") == 1
    assert officer.post(SCOPE + "/incidents/discard", data={"token": token_of(page)}).status_code == 302
    assert kept_uploads(db, "officer") == 0


# Text limits --------------------------------------------------------------------------------


def test_every_text_field_of_every_record_type_has_a_limit_that_fits_an_excel_cell():
    assert MAX_TEXT_LENGTH == MAX_CELL_TEXT == 32_767
    text_fields = [(spec.name, field) for spec in SPECS.values() for field in spec.fields
                   if field.kind in (Kind.TEXT, Kind.LONG_TEXT)]
    assert len(text_fields) > 50
    for name, field in text_fields:
        assert 0 < field.max_length <= MAX_TEXT_LENGTH, (name, field.attr)
    assert DATA_POINTS.field("comment").max_length == MAX_TEXT_LENGTH  # a long text: the cell's limit
    assert DATA_POINTS.field("region").max_length == 100  # the column's own length
    with pytest.raises(ValueError):
        FieldSpec("notes", "Notes", kind=Kind.LONG_TEXT, max_length=MAX_TEXT_LENGTH + 1)


def test_every_text_input_of_every_form_says_its_maximum(client, demo):
    login(client, "admin")
    for spec in SPECS.values():
        if not spec.entered:
            continue
        page = client.get(f"{RECORDS}/{spec.name}/new").get_data(as_text=True)
        for field in spec.form_fields:
            if field.kind not in (Kind.TEXT, Kind.LONG_TEXT) or field.choices is not None:
                continue
            tag = re.search(rf'<(?:input|textarea)[^>]*\bname="{field.attr}"[^>]*>', page)
            assert tag is not None, (spec.name, field.attr)
            assert f'maxlength="{field.max_length}"' in tag.group(0), (spec.name, field.attr, tag.group(0))


def test_the_longest_text_is_taken_and_one_more_character_refused_in_the_form(officer, db):
    assert text_length(LONGEST.replace("\r\n", "\n")) == MAX_TEXT_LENGTH
    before = database_state(db)
    refused = officer.post(f"{RECORDS}/data-points/new", data={**DATA_POINT, "comment": TOO_LONG})
    assert TOO_LONG_MESSAGE in refused.get_data(as_text=True)
    assert database_state(db) == before
    french = officer.post(f"{RECORDS}/data-points/new?lang=fr", data={**DATA_POINT, "comment": TOO_LONG})
    assert "32\u00a0767" in french.get_data(as_text=True) or "32\u202f767" in french.get_data(as_text=True)
    saved = officer.post(f"{RECORDS}/data-points/new", data={**DATA_POINT, "comment": LONGEST})
    assert saved.status_code == 302
    comment = db.scalar(select(DataPoint.comment).where(DataPoint.comment.like("Line one%")))
    assert comment == LONGEST.replace("\r\n", "\n")  # a line break as the workbook gives it back


def test_a_text_over_the_limit_in_a_workbook_is_refused_and_nothing_is_saved(officer, db, demo_workbook):
    column = headers(DATA_POINTS).index("Comment") + 1
    data = with_text(edited(demo_workbook, lambda book: book["Data points"].cell(2, column, "PLACEHOLDER-TEXT")),
                     "PLACEHOLDER-TEXT", TOO_LONG)
    assert read_sheets(data)["Data points"][1][column - 1].value == TOO_LONG  # the file holds it whole
    before = database_state(db)
    result = import_workbook(db, data, None, apply=True)
    assert not result.applied
    assert [(p.sheet, p.row, p.column, p.message) for p in result.problems] == [
        ("Data points", 2, column, TOO_LONG_MESSAGE)]
    db.rollback()
    page = upload_workbook(officer, data).get_data(as_text=True)
    assert TOO_LONG_MESSAGE in page and "Import these changes" not in page
    refused = officer.post(SCOPE + "/workbook/confirm", data={"token": token_of_marked(page)})
    assert "Nothing was imported: the workbook has problems." in refused.get_data(as_text=True)
    after = database_state(db)
    assert after.pop("pending_uploads") == before.pop("pending_uploads") + 1  # kept for its marked copy
    assert after == before
    assert db.scalar(select(func.count()).select_from(DataPoint).where(DataPoint.comment == TOO_LONG)) == 0


def with_text(data: bytes, placeholder: str, text: str) -> bytes:
    """The workbook with a placeholder's text replaced in its XML: openpyxl itself cuts what it
    writes to 32,767 characters, as Excel would refuse more, but a hand-made file may hold more."""
    source, buffer = zipfile.ZipFile(BytesIO(data)), BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info).replace(placeholder.encode(), text.encode()))
    return buffer.getvalue()


def test_a_text_of_the_maximum_length_exports_whole_and_reimports_unchanged(officer, db):
    assert officer.post(f"{RECORDS}/data-points/new", data={**DATA_POINT, "comment": LONGEST}).status_code == 302
    stored = db.scalar(select(DataPoint.comment).where(DataPoint.comment.like("Line one%")))
    download = officer.get(SCOPE + "/workbook/download?from=2019-06-01")  # the data point is of June 2019
    sheet = openpyxl.load_workbook(BytesIO(download.data))["Data points"]
    column = headers(DATA_POINTS).index("Comment") + 1
    cells = [row[column - 1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert stored in cells  # whole: not a character cut
    page = upload_workbook(officer, download.data).get_data(as_text=True)
    assert "Import these changes" in page and "field would change" not in page and "fields would change" not in page
    assert officer.post(SCOPE + "/workbook/confirm", data={"token": token_of(page)}).status_code == 302
    db.expire_all()
    assert db.scalar(select(DataPoint.comment).where(DataPoint.comment.like("Line one%"))) == stored


def test_a_reason_for_a_change_has_a_maximum_too(officer, db):
    period = db.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    amount = db.scalar(select(BudgetAmount).join(BudgetLine).where(
        BudgetLine.ref == "BL-002", BudgetLine.period_id == period.id, BudgetAmount.stage == BudgetStage.APPROVED))
    form = {"line": "BL-002", "stage": "approved", "amount": "444000001.00", "provenance": "entered",
            "version": str(amount.version)}
    before = database_state(db)
    edit = f"{RECORDS}/budget-amounts/{amount.id}/edit"
    assert f'maxlength="{MAX_REASON_LENGTH}"' in officer.get(edit).get_data(as_text=True)
    refused = officer.post(edit, data={**form, "reason": "r" * (MAX_REASON_LENGTH + 1)})
    assert "At most 4,000 characters: this text has 4,001." in refused.get_data(as_text=True)
    assert database_state(db) == before
    assert officer.post(edit, data={**form, "reason": "r" * MAX_REASON_LENGTH}).status_code == 302
