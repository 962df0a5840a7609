"""Importing the Excel data workbook: every row validated by the same services as the forms,
in the caller's transaction. A preview runs the whole import inside a savepoint and rolls back
to it; a confirmed import with any problem is not ``applied``, and the request or command that
asked for it then rolls back, so the database is never half-changed."""

from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session

from cpas.audit import ChangeLog
from cpas.db import rolled_back
from cpas.entry.context import EntryContext
from cpas.entry.errors import FORM_ERROR, ConflictError, ValidationError
from cpas.entry.fields import is_blank
from cpas.entry.keys import Workspace, record_key
from cpas.entry.records import create_record, update_record
from cpas.models import Mission, User
from cpas.record_types import MISSION, PERIOD, scoped_workbook_specs, workbook_specs
from cpas.workbook.layout import (
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    MISSION_CELL,
    PERIOD_CELL,
    PROBLEMS_SHEET,
    headers,
    sheet_headers,
)
from cpas.workbook.reader import MAX_FILE_BYTES, Cell, WorkbookError, read_sheets


@dataclass(frozen=True)
class Problem:
    sheet: str
    row: int  # 1-based as Excel shows it; 0 for the file as a whole
    column: int  # 1-based; 0 for the row or sheet as a whole
    message: str

    @property
    def column_letter(self) -> str:
        from openpyxl.utils import get_column_letter

        return get_column_letter(self.column) if self.column else ""


@dataclass(frozen=True)
class FieldChange:
    """One field the import changes: the value saved now and the value in the file, as shown."""

    sheet: str
    key: str
    field: str
    now: str
    in_file: str


@dataclass
class SheetCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    mission_code: str = ""
    period_label: str = ""
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, SheetCounts] = field(default_factory=dict)
    changes: list[FieldChange] = field(default_factory=list)
    applied: bool = False
    # False when the confirmation's claim failed (another request confirmed the same upload).
    claimed: bool = True
    # Whether the file passed the format checks: a readable .xlsx laid out as a data workbook (an
    # Instructions sheet naming the mission and period, no unknown sheet, header rows as laid
    # out). Only such a file is kept for its confirmation; problems in its rows do not matter here.
    well_formed: bool = True

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def rows(self) -> int:
        return sum(c.created + c.updated + c.unchanged for c in self.counts.values())


def _cell_text(cell: Cell | None) -> str:
    if cell is None or cell.value is None:
        return ""
    return str(cell.value).strip()


def import_workbook(session: Session, data: bytes, user: User | None, *, apply: bool,
                    max_bytes: int = MAX_FILE_BYTES, claim: Callable[[], bool] | None = None) -> ImportResult:
    """Validate (and with ``apply``, write) a data workbook. Without ``apply`` it is only
    checked: nothing is written (but a new mission or period the workbook adds, rolled back).
    With it, the import is ``applied`` when it had no problem; otherwise the caller must not
    commit (a refused request rolls back).

    Every row is checked before anything is written, and then everything is written in one
    flush, so that the write transaction (which holds SQLite's single write lock) lasts only as
    long as the writing. ``claim``, if given, is the first write: it returns False when the
    import must not happen after all (its upload was confirmed by someone else meanwhile); then
    nothing is written and ``claimed`` is False."""
    result = ImportResult()
    try:
        sheets = read_sheets(data, max_bytes)
    except WorkbookError as error:
        result.problems.append(Problem("", 0, 0, str(error.message)))
        result.well_formed = False
        return result
    if apply:
        _import_sheets(session, sheets, user, result, claim)
        result.applied = not result.problems and result.claimed
        return result
    # Checked only: the preview writes nothing, so it takes no write lock.
    with rolled_back(session), session.no_autoflush:
        _check_sheets(session, sheets, user, result)
    return result


def _scope_cells(sheets, result: ImportResult) -> bool:
    instructions = sheets.get(INSTRUCTIONS_SHEET)
    if instructions is None:
        result.problems.append(Problem(INSTRUCTIONS_SHEET, 0, 0, str(_l(
            "The sheet %(sheet)s is missing: it names the mission and period.", sheet=INSTRUCTIONS_SHEET))))
        result.well_formed = False
        return False

    def cell(reference: str) -> str:
        column, row = ord(reference[0]) - ord("A"), int(reference[1:]) - 1
        cells = instructions[row] if row < len(instructions) else []
        return _cell_text(cells[column]) if column < len(cells) else ""

    result.mission_code, result.period_label = cell(MISSION_CELL), cell(PERIOD_CELL)
    if not result.mission_code or not result.period_label:
        result.problems.append(Problem(INSTRUCTIONS_SHEET, 3, 2, str(_l(
            "The mission code (%(mission)s) and budget period (%(period)s) must be filled in.",
            mission=MISSION_CELL, period=PERIOD_CELL))))
        result.well_formed = False
        return False
    return True


def _import_sheets(session: Session, sheets: dict, user: User | None, result: ImportResult,
                   claim: Callable[[], bool] | None) -> None:
    with session.no_autoflush:  # the checks read; the one write comes after them all
        changes = _check_sheets(session, sheets, user, result)
    if changes is None or result.problems:
        return
    if claim is not None:
        with session.no_autoflush:  # the claim comes before the rows, not after them
            result.claimed = claim()
        if not result.claimed:
            return
    changes.write(session)


def _check_sheets(session: Session, sheets: dict, user: User | None, result: ImportResult) -> ChangeLog | None:
    """Validate every row into pending changes (nothing flushed but a new mission or period,
    which the other sheets need); None when the workbook's scope is unusable."""
    if not _scope_cells(sheets, result) or not _user_holds_the_mission(session, user, result):
        return None
    known = {spec.sheet for spec in workbook_specs()} | {INSTRUCTIONS_SHEET, LISTS_SHEET, PROBLEMS_SHEET}
    for title in sheets:
        if title not in known:
            result.problems.append(Problem(title, 0, 0, str(_l("Unknown sheet %(sheet)s.", sheet=title))))
            result.well_formed = False
    changes = ChangeLog(user.id if user else None)
    # Missions and periods first: they are the scope of everything else.
    setup = Workspace(EntryContext(session, None, None, user))
    for spec in (MISSION, PERIOD):
        _import_sheet(spec, sheets.get(spec.sheet), setup, changes, result)
    mission = setup.index(MISSION.name).get(result.mission_code)
    period = setup.index(PERIOD.name).get(result.period_label)
    if mission is None or period is None:
        if not result.problems:
            result.problems.append(Problem(INSTRUCTIONS_SHEET, 3, 2, str(_l(
                "Mission %(mission)s or period %(period)s is neither in the database nor in the workbook.",
                mission=result.mission_code, period=result.period_label))))
        return None
    session.flush()
    workspace = Workspace(EntryContext(session, mission, period, user))
    workspace.indexes[PERIOD.name] = setup.indexes[PERIOD.name]
    for spec in scoped_workbook_specs():
        _import_sheet(spec, sheets.get(spec.sheet), workspace, changes, result)
    return changes


def _user_holds_the_mission(session: Session, user: User | None, result: ImportResult) -> bool:
    """A workbook names its mission: whoever holds no role in it imports nothing (and learns
    nothing of it but that)."""
    mission = session.scalar(select(Mission).where(Mission.code == result.mission_code))
    if user is None or mission is None or user.role_in(mission) is not None:
        return True
    result.problems.append(Problem(INSTRUCTIONS_SHEET, 3, 2, str(_l(
        "You hold no role in %(mission)s: a workbook of that mission cannot be imported here.",
        mission=result.mission_code))))
    result.well_formed = False  # not kept either: it is not this user's to confirm
    return False


def _import_sheet(spec, rows, workspace: Workspace, changes: ChangeLog, result: ImportResult) -> None:
    counts = result.counts.setdefault(spec.sheet, SheetCounts())
    if not rows:
        return
    expected, with_version = headers(spec), sheet_headers(spec)
    found = [_cell_text(cell) for cell in rows[0]]
    while found and not found[-1]:
        found.pop()
    if found == with_version and with_version != expected:
        version_column = len(with_version)
    elif found == expected:  # a workbook of before versions, or a hand-made one: compared field by field
        version_column = None
    else:
        expected = with_version
        missing = [h for h in expected if h not in found]
        unknown = [h for h in found if h and h not in expected]
        detail = "; ".join(filter(None, [
            str(_l("missing: %(columns)s", columns=", ".join(missing))) if missing else "",
            str(_l("unknown: %(columns)s", columns=", ".join(unknown))) if unknown else "",
            str(_l("columns out of order")) if not missing and not unknown else "",
        ]))
        result.problems.append(Problem(spec.sheet, 1, 0, str(_l(
            "The header row does not match the layout (%(detail)s). Expected: %(expected)s.",
            detail=detail, expected=" | ".join(expected)))))
        result.well_formed = False
        return
    if len(rows) == 1:  # the header alone: no record to look up (an empty template reads no index)
        return
    attrs = [f.attr for f in spec.form_fields]
    index = workspace.index_for_rows(spec, [
        (_cell_text(cells[0]) if cells else "",
         {attr: (cell.value if cell is not None else None) for attr, cell in zip(attrs, cells[1:], strict=False)})
        for cells in rows[1:]])
    seen_keys: dict[str, int] = {}
    for row_number, cells in enumerate(rows[1:], start=2):
        cells = list(cells) + [None] * (len(expected) - len(cells))
        if all(cell is None or is_blank(cell.value) for cell in cells[:len(expected)]):
            continue
        formulas = [column for column, cell in enumerate(cells[:len(expected)], start=1) if cell and cell.is_formula]
        for column in formulas:
            result.problems.append(Problem(spec.sheet, row_number, column, str(_l(
                "A formula where a value belongs: type the value itself."))))
        if formulas:
            continue
        key = _cell_text(cells[0])
        if key:
            if key in seen_keys:
                result.problems.append(Problem(spec.sheet, row_number, 1, str(_l(
                    "Duplicate key %(key)s: row %(row)d has it too.", key=key, row=seen_keys[key]))))
                continue
            seen_keys[key] = row_number
        raw = {attr: (cell.value if cell is not None else None) for attr, cell in zip(attrs, cells[1:], strict=False)}
        existing = index.get(key) if key else None
        version = None
        if version_column and existing is not None:
            version = _version(cells[version_column - 1] if version_column <= len(cells) else None)
            if version is False:
                result.problems.append(Problem(spec.sheet, row_number, version_column, str(_l(
                    "The version must stay the whole number the workbook was downloaded with (or be empty)."))))
                continue
        try:
            if existing is not None:
                changed_fields: list = []
                changed = update_record(spec, existing, raw, workspace, changes, expected_version=version,
                                        changed_fields=changed_fields)
                counts.updated += changed
                counts.unchanged += not changed
                result.changes.extend(FieldChange(spec.sheet, key, str(field_spec.label), now, in_file)
                                      for field_spec, now, in_file in changed_fields)
            else:
                record = create_record(spec, raw, workspace, changes)
                if key and record_key(spec, record) != key:
                    raise ValidationError({FORM_ERROR: "key differs"})
                counts.created += 1
        except ValidationError as error:
            if key and existing is None:  # a key the database does not know, and not the row's own
                result.problems.append(Problem(spec.sheet, row_number, 1, str(_l(
                    "Unknown key %(key)s: no such record. Leave the key empty to add a new record.", key=key))))
                continue
            for attr, message in error.errors.items():
                column = 0 if attr in (FORM_ERROR, "reason") else 2 + attrs.index(attr)
                result.problems.append(Problem(spec.sheet, row_number, column, str(message)))
        except ConflictError as conflict:
            if not conflict.differences:  # changed since, but the file agrees with what is saved now
                counts.unchanged += 1
                continue
            what = "; ".join(str(_l("%(field)s is now %(now)s, the file has %(in_file)s", field=field_spec.label,
                                    now=now or "—", in_file=in_file or "—"))
                             for field_spec, now, in_file in conflict.differences)
            result.problems.append(Problem(spec.sheet, row_number, 0, str(_l(
                "%(key)s was changed in the database after this workbook was downloaded (version %(file)d, now "
                "%(now)d): %(what)s. Download the workbook again and redo this row, or delete its version "
                "to overwrite it.", key=key, file=version, now=existing.version, what=what))))
        except PermissionError:
            result.problems.append(Problem(spec.sheet, row_number, 0, str(_l(
                "Your role may not change %(records)s.", records=spec.plural))))
            return



def _version(cell: Cell | None):
    """The version a row was downloaded with: None when empty, False when not a whole number."""
    if cell is None or is_blank(cell.value):
        return None
    try:
        number = Decimal(str(cell.value).strip())
    except InvalidOperation:
        return False
    return int(number) if number == number.to_integral_value() and number > 0 else False
