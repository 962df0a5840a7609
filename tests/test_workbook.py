"""The Excel data workbook: export, import, round trip, and every kind of bad file."""

import random
import zipfile
from datetime import date
from decimal import Decimal
from io import BytesIO

import openpyxl
import pytest
import sqlalchemy as sa
from sqlalchemy import select

from cpas import migrate as migrations
from cpas.db import get_session
from cpas.entry.context import EntryContext
from cpas.exports.xlsx import decimal_of_double, workbook_bytes, write_formula, write_value
from cpas.models import Activity, BudgetAmount, BudgetPeriod, BudgetStage, Mission
from cpas.workbook.export import build_data_workbook
from cpas.workbook.importer import import_workbook
from cpas.workbook.marking import mark_problems
from cpas.workbook.reader import WorkbookError, read_sheets
from cpas.workbook.selection import DataPointSelection
from tests.conftest import login, make_test_app, wipe_data
from tests.helpers import database_state
from tests.libreoffice import recalculated

# The demo's data points go back to 2017; a workbook holds the period's unless others are chosen.
EVERY_DEMO_DATA_POINT = DataPointSelection(date(2015, 7, 1), date(2020, 6, 30))


def export(session, template: bool = False) -> bytes:
    mission = session.scalar(select(Mission).where(Mission.code == "MINUSMA"))
    period = session.scalar(select(BudgetPeriod).where(BudgetPeriod.label == "2019/20"))
    return build_data_workbook(EntryContext(session, mission, period, None), empty=template,
                               selection=EVERY_DEMO_DATA_POINT)


def sheet_values(data: bytes) -> dict:
    book = openpyxl.load_workbook(BytesIO(data))
    return {sheet.title: [[cell.value for cell in row] for row in sheet.iter_rows()] for sheet in book}


def edited(data: bytes, change) -> bytes:
    book = openpyxl.load_workbook(BytesIO(data))
    change(book)
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="session")
def demo_export(demo_app):
    """The demo's data workbook, exported once per database kind: every test starts from the same demo."""
    with demo_app.app_context():
        return export(get_session())


@pytest.fixture
def exported(db, demo, demo_export):
    return demo_export


def test_the_export_holds_every_record_with_readable_headers(exported):
    values = sheet_values(exported)
    assert values["Instructions"][2][:2] == ["Mission", "MINUSMA"]
    assert values["Mandated tasks"][0][:4] == ["Key", "Resolution", "Paragraph", "Title"]
    assert values["Mandated tasks"][1][:3] == ["S/RES/2480 (2019) · OP 20", "S/RES/2480 (2019)", "OP 20"]
    amounts = values["Budget amounts"]
    assert len(amounts) == 1 + 63 + 6  # and the staff assessment and voluntary contributions at three stages
    below_gross = {row[0] for row in values["Budget lines"][1:]
                   if row[2] in ("Staff assessment income", "Voluntary contributions in kind (budgeted)")}
    assert len(below_gross) == 2
    approved = [row for row in amounts[1:] if row[2] == "approved" and row[1] not in below_gross]
    assert sum(Decimal(str(row[3])) for row in approved) == Decimal("1138457900")  # the gross requirements


def test_the_template_has_the_layout_and_no_data(db, demo):
    values = sheet_values(export(db, template=True))
    assert len(values["Budget amounts"]) == 1
    assert values["Budget amounts"][0] == ["Key", "Budget line", "Stage", "Amount (US$)", "Source document",
                                           "Source date", "Provenance", "Source note", "Version"]


def test_round_trip_into_an_empty_database_gives_the_same_data(exported, empty_database_url):
    engine = sa.create_engine(empty_database_url)
    migrations.upgrade(engine)
    engine.dispose()
    other = make_test_app(empty_database_url)
    with other.app_context():
        session = get_session()
        result = import_workbook(session, exported, None, apply=True)
        assert result.problems == []
        session.commit()
        again = export(session)
    assert sheet_values(again) == sheet_values(exported)
    wipe_data(other.extensions["cpas.engine"])
    other.extensions["cpas.engine"].dispose()


def test_importing_the_unchanged_export_changes_nothing(db, exported):
    before = database_state(db)
    result = import_workbook(db, exported, None, apply=True)
    db.commit()
    assert result.problems == [] and result.rows == 129  # every record of the demo
    assert all(counts.created == counts.updated == 0 for counts in result.counts.values())
    assert database_state(db) == before


def test_an_edited_workbook_updates_and_creates_in_one_go(db, exported):
    def change(book):
        sheet = book["Budget amounts"]
        sheet.cell(row=2, column=4, value=Decimal("1250000.25"))
        activities = book["Activities"]
        activities.append([None, None, "Radio programme on the peace agreement", "civilian", "Public Information",
                           "Bamako", None, None, "planned", None, "S/RES/2480 (2019) · OP 20"])

    result = import_workbook(db, edited(exported, change), None, apply=True)
    assert result.problems == []
    db.commit()
    assert result.counts["Budget amounts"].updated == 1
    assert result.counts["Activities"].created == 1
    assert db.scalar(select(Activity.ref).where(Activity.title.like("Radio%"))) == "A-004"
    assert Decimal("1250000.25") in db.scalars(select(BudgetAmount.amount)).all()


def problems_of(db, data: bytes, **kwargs):
    before = database_state(db)
    result = import_workbook(db, data, None, apply=True, **kwargs)
    assert not result.applied
    assert database_state(db) == before
    return result.problems


def test_not_an_xlsx_file_is_refused(db, demo):
    (problem,) = problems_of(db, b"Year,Deaths\n2018,815\n")
    assert problem.message.startswith("This is not an Excel workbook (.xlsx).")


def test_a_corrupted_zip_is_refused(db, exported):
    (problem,) = problems_of(db, exported[: len(exported) // 2])
    assert problem.message == "The workbook is damaged and cannot be read."


def test_a_zip_that_is_not_a_workbook_is_refused(db, demo):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("notes.txt", "hello")
    (problem,) = problems_of(db, buffer.getvalue())
    assert problem.message == "The workbook is damaged and cannot be read."


def test_a_file_over_the_size_limit_is_refused(db, exported):
    assert len(exported) < 1024 * 1024  # the limit is what refuses, not the content
    (problem,) = problems_of(db, exported + b"\0" * (1024 * 1024), max_bytes=1024 * 1024)
    assert problem.message == "The file is larger than 1 MB."


def test_a_wrong_header_is_refused_with_what_is_missing(db, exported):
    def change(book):
        book["Activities"].cell(row=1, column=3, value="Name")

    problems = problems_of(db, edited(exported, change))
    assert len(problems) == 1
    assert problems[0].sheet == "Activities" and problems[0].row == 1
    assert "missing: Title" in problems[0].message and "unknown: Name" in problems[0].message


def test_a_missing_header_row_is_refused(db, exported):
    def change(book):
        book["Outcomes"].delete_rows(1)

    (problem,) = problems_of(db, edited(exported, change))
    assert problem.sheet == "Outcomes" and "The header row does not match the layout" in problem.message


def test_a_formula_where_a_value_belongs_is_refused(db, exported):
    def change(book):
        book["Budget amounts"]["D2"] = "=1000000+250000"

    (problem,) = problems_of(db, edited(exported, change))
    assert (problem.sheet, problem.row, problem.column_letter) == ("Budget amounts", 2, "D")
    assert problem.message == "A formula where a value belongs: type the value itself."


def test_text_in_a_number_column_is_refused(db, exported):
    def change(book):
        book["Budget amounts"]["D3"] = "about a million"

    (problem,) = problems_of(db, edited(exported, change))
    assert (problem.row, problem.column_letter) == (3, "D")
    assert problem.message == "Enter a number such as 1,234,567.89 or 1234567."


def test_unknown_keys_are_refused(db, exported):
    def change(book):
        book["Mandated tasks"]["A2"] = "S/RES/9999 (2030) · OP 1"
        book["Budget amounts"]["B3"] = "BL-999"

    problems = problems_of(db, edited(exported, change))
    messages = {(p.sheet, p.row, p.column_letter): p.message for p in problems}
    assert messages[("Mandated tasks", 2, "A")].startswith("Unknown key S/RES/9999 (2030) · OP 1")
    assert messages[("Budget amounts", 3, "B")] == "Unknown key: BL-999."


def test_duplicate_keys_are_refused(db, exported):
    def change(book):
        sheet = book["Activities"]
        sheet.append([cell.value for cell in sheet[2]])

    first_key = sheet_values(exported)["Activities"][1][0]
    (problem,) = problems_of(db, edited(exported, change))
    assert problem.sheet == "Activities" and problem.column_letter == "A"
    assert problem.message == f"Duplicate key {first_key}: row 2 has it too."


def test_user_text_that_looks_like_a_formula_stays_text(db, demo):
    activity = db.scalar(select(Activity).where(Activity.ref == "A-001"))
    activity.title = '=HYPERLINK("http://x","y")'
    db.commit()
    book = openpyxl.load_workbook(BytesIO(export(db)))
    titles = {row[0].value: row[2] for row in book["Activities"].iter_rows(min_row=2)}
    cell = titles["A-001"]
    assert cell.value == '=HYPERLINK("http://x","y")' and cell.data_type == "s"


def test_the_marked_workbook_shows_each_problem_on_its_cell(db, exported):
    def change(book):
        book["Budget amounts"]["D3"] = "about a million"

    data = edited(exported, change)
    result = import_workbook(db, data, None, apply=False)
    marked = openpyxl.load_workbook(BytesIO(mark_problems(data, result.problems)))
    assert marked.sheetnames[0] == "Problems"
    assert marked["Problems"]["D2"].value == "Enter a number such as 1,234,567.89 or 1234567."
    assert "Enter a number" in marked["Budget amounts"]["D3"].comment.text


def test_cli_import_exits_non_zero_and_lists_problems(runner, db, exported, tmp_path):
    bad = tmp_path / "bad.xlsx"
    bad.write_bytes(edited(exported, lambda book: book["Budget amounts"].__setitem__("D3", "lots")))
    before = database_state(db)
    result = runner.invoke(args=["cpas", "data-import", str(bad)])
    assert result.exit_code != 0
    assert "Budget amounts, row 3, column D: Enter a number" in result.output
    assert database_state(db) == before


def test_cli_export_then_import(runner, demo, tmp_path):
    out = tmp_path / "minusma.xlsx"
    exported = runner.invoke(args=["cpas", "data-export", "--mission", "MINUSMA", "--period", "2019/20",
                                   "--out", str(out), "--from", "2015-07-01"])
    assert exported.exit_code == 0 and out.exists()
    imported = runner.invoke(args=["cpas", "data-import", str(out)])
    assert imported.exit_code == 0, imported.output
    assert "Imported 129 rows into MINUSMA 2019/20." in imported.output  # the demo, its illustrative target included


def test_upload_previews_then_confirm_imports(client, db, exported):
    login(client, "officer")
    data = edited(exported, lambda book: book["Budget amounts"].__setitem__("D2", Decimal("1250001")))
    preview = client.post("/m/MINUSMA/2019-20/workbook/upload",
                          data={"workbook": (BytesIO(data), "minusma.xlsx")}, content_type="multipart/form-data")
    page = preview.get_data(as_text=True)
    assert "What the import would do" in page and "Import these changes" in page
    assert Decimal("1250001.00") not in db.scalars(select(BudgetAmount.amount)).all()  # nothing yet
    token = page.split('name="token" type="hidden" value="')[1].split('"')[0]
    confirmed = client.post("/m/MINUSMA/2019-20/workbook/confirm", data={"token": token})
    assert confirmed.status_code == 302
    db.expire_all()
    assert Decimal("1250001.00") in db.scalars(select(BudgetAmount.amount)).all()


@pytest.mark.committing
def test_an_upload_preview_commits_only_the_pending_upload_with_the_apps_own_driver_settings(client, db, exported):
    """Outside the tests' transaction, on the app's own engine: the preview's import rolls back to
    its savepoint, and the request commits the upload waiting for confirmation, nothing else."""
    login(client, "officer")
    data = edited(exported, lambda book: book["Budget amounts"].__setitem__("D2", Decimal("1250001")))
    before = database_state(db)
    preview = client.post("/m/MINUSMA/2019-20/workbook/upload",
                          data={"workbook": (BytesIO(data), "minusma.xlsx")}, content_type="multipart/form-data")
    assert "Import these changes" in preview.get_data(as_text=True)
    db.rollback()
    assert database_state(db) == {**before, "pending_uploads": before["pending_uploads"] + 1}
    assert Decimal("1250001.00") not in db.scalars(select(BudgetAmount.amount)).all()


def test_upload_of_a_bad_file_offers_nothing_to_import(client, db, demo):
    login(client, "officer")
    response = client.post("/m/MINUSMA/2019-20/workbook/upload",
                           data={"workbook": (BytesIO(b"not a workbook"), "x.xlsx")},
                           content_type="multipart/form-data")
    page = response.get_data(as_text=True)
    assert "This is not an Excel workbook (.xlsx)." in page and "Import these changes" not in page


def test_amounts_with_cents_are_written_exactly_and_read_back(db, demo):
    amount = db.scalar(select(BudgetAmount).where(BudgetAmount.stage == BudgetStage.APPROVED))
    amount.amount = Decimal("960012.06")
    db.commit()
    data = export(db)
    book = openpyxl.load_workbook(BytesIO(data))
    sheet = book["Budget amounts"]
    (cell,) = [row[3] for row in sheet.iter_rows(min_row=2) if row[3].value == 960012.06]
    with zipfile.ZipFile(BytesIO(data)) as archive:
        xml = archive.read(f"xl/worksheets/sheet{book.sheetnames.index(sheet.title) + 1}.xml").decode()
    spelled = xml.split(f'<c r="{cell.coordinate}"')[1].split("<v>")[1].split("</v>")[0]
    # The file holds the very double a spreadsheet holds when 960012.06 is typed into it, and it
    # reads back as 960012.06 (openpyxl spells that double 960012.0600000001: the same number).
    assert float(spelled) == float("960012.06") and decimal_of_double(float(spelled)) == Decimal("960012.06")
    result = import_workbook(db, data, None, apply=False)
    assert result.problems == [] and result.counts["Budget amounts"].updated == 0


def test_a_number_written_with_binary_noise_by_another_program_is_its_cents(db, exported):
    def change(book):  # plain openpyxl writes Decimal('960012.06') as 960012.0600000001
        book["Budget amounts"]["D2"] = Decimal("960012.06")

    result = import_workbook(db, edited(exported, change), None, apply=True)
    assert result.problems == []
    db.commit()
    assert Decimal("960012.06") in db.scalars(select(BudgetAmount.amount)).all()


def test_a_figure_computed_in_a_spreadsheet_is_the_amount_the_spreadsheet_shows(db, exported):
    def change(book):  # 4.35 * 100 pasted as a value: the double 434.99999999999994, shown as 435
        book["Budget amounts"]["D2"] = 4.35 * 100

    result = import_workbook(db, edited(exported, change), None, apply=True)
    assert result.problems == []
    db.commit()
    assert Decimal("435.00") in db.scalars(select(BudgetAmount.amount)).all()


def test_an_amount_with_more_than_two_decimals_in_a_workbook_is_refused(db, exported):
    def change(book):
        book["Budget amounts"]["D3"] = Decimal("1234.567")

    (problem,) = problems_of(db, edited(exported, change))
    assert (problem.row, problem.column_letter) == (3, "D")
    assert problem.message == "An amount has at most two decimals (cents)."


def spelled_in_a_file(spelling: str) -> bytes:
    """A one-cell workbook whose cell holds a number spelled exactly so in the sheet's XML."""
    book = openpyxl.Workbook()
    book.active["A1"] = 12345.5
    source = BytesIO(workbook_bytes(book))
    target = BytesIO()
    with zipfile.ZipFile(source) as original, zipfile.ZipFile(target, "w") as copy:
        for item in original.infolist():
            content = original.read(item)
            if item.filename == "xl/worksheets/sheet1.xml":
                assert b"<v>12345.5</v>" in content
                content = content.replace(b"<v>12345.5</v>", f"<v>{spelling}</v>".encode())
            copy.writestr(item, content)
    return target.getvalue()


@pytest.mark.parametrize(("spelling", "expected"), [
    ("960012.06", Decimal("960012.06")),
    ("960012.0600000001", Decimal("960012.06")),  # openpyxl's and XlsxWriter's 16 digits
    ("960012.06000000006", Decimal("960012.06")),  # all 17 digits of the double
    ("9.6001206E5", Decimal("960012.06")),
    ("1.2100000000000002", Decimal("1.21")),  # 1.1 * 1.1 pasted as a value: what the sheet shows
    ("1234.567", Decimal("1234.567")),  # kept as it is: a money field refuses it
    ("-0.01", Decimal("-0.01")),
    ("9999999999999.99", Decimal("9999999999999.99")),
    ("1250001", 1250001),  # a whole number in the file stays an int
])
def test_a_number_in_a_file_is_read_as_the_decimal_a_spreadsheet_shows(spelling, expected):
    (value,) = [cell.value for row in read_sheets(spelled_in_a_file(spelling))["Sheet"] for cell in row]
    assert value == expected and type(value) is type(expected)


def test_a_number_beyond_the_range_of_a_spreadsheet_is_a_damaged_file():
    with pytest.raises(WorkbookError, match="damaged"):
        read_sheets(spelled_in_a_file("1e999"))


def random_amounts(rng: random.Random, count: int, max_digits: int) -> list[Decimal]:
    """Amounts with cents, of 1 to ``max_digits`` significant digits, as many of each length."""
    amounts = []
    for index in range(count):
        digits = 1 + index % max_digits
        cents = rng.randrange(10 ** (digits - 1), 10 ** digits)
        amounts.append(Decimal(rng.choice((cents, -cents))).scaleb(-2))
    return amounts


def test_every_amount_of_up_to_fifteen_digits_comes_back_to_the_cent_also_through_libreoffice():
    """Writing an amount is giving the cell the double nearest to it (through openpyxl's public
    API, which spells it with 16 digits); reading is rounding a double to 15 significant digits.
    For up to 15 significant digits, the largest amount with cents being 9,999,999,999,999.99,
    that gives every amount back exactly, in our reader and after LibreOffice loads, recalculates
    and saves the file; and LibreOffice's sums of such amounts are right to the cent."""
    rng = random.Random(20261122)
    edges = [Decimal(text) for text in ("0.01", "0.10", "0.07", "1.15", "4.35", "960012.06", "1000000000000.01",
                                        "9999999999999.99", "-9999999999999.99", "0.00", "123456789012.34")]
    amounts = edges + random_amounts(rng, 15_000, 15)
    budgets = [random_amounts(rng, 2_000, 11) for _ in range(3)]  # lines of under a billion dollars
    book = openpyxl.Workbook()
    sheet = book.active
    for row, amount in enumerate(amounts, start=1):
        write_value(sheet, row, 1, amount, "#,##0.00")
    for column, lines in enumerate(budgets, start=2):
        for row, amount in enumerate(lines, start=1):
            write_value(sheet, row, column, amount)
        letter = "ABCD"[column - 1]
        write_formula(sheet, len(lines) + 1, column, f"=SUM({letter}1:{letter}{len(lines)})")
    data = workbook_bytes(book)

    rows = read_sheets(data)["Sheet"]
    assert [row[0].value for row in rows[:len(amounts)]] == amounts
    assert [[row[column].value for row in rows[:len(lines)]] for column, lines in enumerate(budgets, 1)] == budgets
    calculated = recalculated(data).active
    assert [decimal_of_double(row[0].value) for row in calculated.iter_rows(max_row=len(amounts))] == amounts
    totals = [Decimal(calculated.cell(row=len(lines) + 1, column=column).value).quantize(Decimal("0.01"))
              for column, lines in enumerate(budgets, start=2)]  # a sum of doubles: to the cent
    assert totals == [sum(lines) for lines in budgets]


@pytest.mark.parametrize("too_long", [Decimal("10000000000000.01"), Decimal("99999999999999.99"),
                                      Decimal("0.1234567890123456"), 12345678901234567])
def test_a_number_a_spreadsheet_cannot_hold_exactly_is_refused_not_rounded(too_long):
    sheet = openpyxl.Workbook().active
    with pytest.raises(ValueError, match="more than 15 significant digits"):
        write_value(sheet, 1, 1, too_long)
    write_value(sheet, 1, 1, Decimal("9999999999999.99"))  # the largest amount with cents that fits


def test_an_upload_over_the_request_limit_is_refused_with_a_message(make_app, demo, db):
    small_app = make_app(MAX_CONTENT_LENGTH=50_000)
    client = small_app.test_client()
    login(client, "officer")
    before = database_state(db)
    response = client.post("/m/MINUSMA/2019-20/workbook/upload",
                           data={"workbook": (BytesIO(b"PK\x03\x04" + b"\0" * 60_000), "big.xlsx")},
                           content_type="multipart/form-data")
    assert response.status_code == 413
    assert "was not read. Nothing was changed." in response.get_data(as_text=True)
    assert database_state(db) == before
    small_app.extensions["cpas.engine"].dispose()


def test_uploaded_workbooks_are_parsed_with_defusedxml():
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML is True  # openpyxl parses through defusedxml when it is installed


def test_an_upload_is_confirmed_only_by_whoever_uploaded_it(app, client, db, exported):
    login(client, "officer")
    data = edited(exported, lambda book: book["Budget amounts"].__setitem__("D2", Decimal("1250001")))
    page = client.post("/m/MINUSMA/2019-20/workbook/upload", data={"workbook": (BytesIO(data), "minusma.xlsx")},
                       content_type="multipart/form-data").get_data(as_text=True)
    token = page.split('name="token" type="hidden" value="')[1].split('"')[0]
    other = app.test_client()
    login(other, "admin")
    before = database_state(db)
    refused = other.post("/m/MINUSMA/2019-20/workbook/confirm", data={"token": token}, follow_redirects=True)
    assert "That upload is no longer kept" in refused.get_data(as_text=True)
    assert other.get(f"/m/MINUSMA/2019-20/workbook/marked/{token}").status_code == 404
    assert database_state(db) == before
    marked = client.get(f"/m/MINUSMA/2019-20/workbook/marked/{token}")
    assert marked.status_code == 200 and openpyxl.load_workbook(BytesIO(marked.data)).sheetnames[0] == "Problems"


# Issue 9, item 8: a workbook downloaded before someone else's change never reverts it.


def _upload(client, data):
    return client.post("/m/MINUSMA/2019-20/workbook/upload", data={"workbook": (BytesIO(data), "minusma.xlsx")},
                       content_type="multipart/form-data").get_data(as_text=True)


def proposed_amount_of(db, line_ref="BL-001"):
    from cpas.models import BudgetLine

    return db.scalar(select(BudgetAmount).join(BudgetLine, BudgetAmount.line_id == BudgetLine.id)
                     .join(BudgetPeriod, BudgetLine.period_id == BudgetPeriod.id)
                     .where(BudgetLine.ref == line_ref, BudgetPeriod.label == "2019/20",
                            BudgetAmount.stage == BudgetStage.PROPOSED))


def _amount_row(book, line_ref="BL-001", stage="proposed"):
    sheet = book["Budget amounts"]
    headings = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        if row[1].value == line_ref and row[2].value == stage:
            return {heading: cell for heading, cell in zip(headings, row, strict=False)}
    raise AssertionError(f"no row {line_ref} {stage}")


def test_the_workbook_carries_each_rows_version_in_a_hidden_column(exported, db):
    book = openpyxl.load_workbook(BytesIO(exported))
    sheet = book["Budget amounts"]
    assert sheet.cell(row=1, column=sheet.max_column).value == "Version"
    assert sheet.column_dimensions[openpyxl.utils.get_column_letter(sheet.max_column)].hidden
    row = _amount_row(book)
    assert row["Version"].value == proposed_amount_of(db).version


def test_the_preview_lists_each_changed_field(client, db, exported):
    login(client, "officer")
    data = edited(exported, lambda book: setattr(_amount_row(book)["Amount (US$)"], "value", Decimal("1250001")))
    page = _upload(client, data)
    changes = page[page.index('id="import-changes"'):]
    changes = changes[:changes.index("</table>")]
    key = _amount_row(openpyxl.load_workbook(BytesIO(exported)))["Key"].value
    now = _amount_row(openpyxl.load_workbook(BytesIO(exported)))["Amount (US$)"].value
    assert (f"<td>Budget amounts</td><td>{key}</td><td>Amount (US$)</td><td>{Decimal(str(now)):.2f}</td>"
            f"<td>1250001.00</td>") in changes
    assert "1 field would change" in page


def test_a_workbook_downloaded_before_someone_elses_change_is_refused_not_overwritten(client, db, exported):
    login(client, "officer")
    book = openpyxl.load_workbook(BytesIO(exported))
    key = _amount_row(book)["Key"].value
    # Someone saves BL-001's proposed amount in the app after the download ...
    amount = proposed_amount_of(db)
    amount.amount = Decimal("777.00")
    db.commit()
    before = database_state(db)
    # ... and the officer uploads the old workbook with a change to another column of that row.
    data = edited(exported, lambda book: setattr(_amount_row(book)["Source note"], "value", "Checked"))
    page = _upload(client, data)
    assert "Import these changes" not in page
    assert (f"{key} was changed in the database after this workbook was downloaded") in page
    assert "Amount (US$) is now 777.00, the file has" in page
    assert database_state(db) == {**before, "pending_uploads": before["pending_uploads"] + 1}  # kept to mark it
    token = page.split("/workbook/marked/")[1].split('"')[0]
    refused = client.post("/m/MINUSMA/2019-20/workbook/confirm", data={"token": token}).get_data(as_text=True)
    assert "Nothing was imported: the workbook has problems." in refused
    db.expire_all()
    assert db.get(BudgetAmount, amount.id).amount == Decimal("777.00")


def test_a_row_without_a_version_is_compared_field_by_field(client, db, exported):
    login(client, "officer")

    def hand_made(book):
        row = _amount_row(book)
        row["Version"].value = None
        row["Amount (US$)"].value = Decimal("1250001")

    page = _upload(client, edited(exported, hand_made))
    assert "Import these changes" in page
    assert "<td>Amount (US$)</td>" in page and "<td>1250001.00</td>" in page


def test_a_workbook_of_before_versions_still_imports(client, db, exported):
    login(client, "officer")

    def without_versions(book):
        for sheet in book.worksheets[1:]:
            if sheet.cell(row=1, column=sheet.max_column).value == "Version":
                sheet.delete_cols(sheet.max_column)

    page = _upload(client, edited(exported, without_versions))
    assert "Import these changes" in page and "problem" not in page.lower()


def test_an_import_says_how_many_records_it_created_and_changed_in_good_grammar(client, db, exported):
    def change(book):
        book["Budget amounts"]["D2"] = Decimal("1250001")
        book["Activities"].append([None, None, "Radio programme on the peace agreement", "civilian",
                                   "Public Information", "Bamako", None, None, "planned", None,
                                   "S/RES/2480 (2019) · OP 20"])

    login(client, "officer")
    preview = client.post("/m/MINUSMA/2019-20/workbook/upload", content_type="multipart/form-data",
                          data={"workbook": (BytesIO(edited(exported, change)), "minusma.xlsx")})
    token = preview.get_data(as_text=True).split('name="token" type="hidden" value="')[1].split('"')[0]
    confirmed = client.post("/m/MINUSMA/2019-20/workbook/confirm", data={"token": token}, follow_redirects=True)
    assert "Imported: 1 record created, 1 changed." in confirmed.get_data(as_text=True)
