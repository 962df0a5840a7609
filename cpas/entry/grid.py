"""Saving a grid of values: each cell becomes a create, an update or a delete of one record,
and all of them are applied through the record services together, or none is. A domain builds
the cell changes of its grid (a budget line's stages, an indicator's regions and dates).

A grid page carries what each of its cells showed when it was opened (``ShownCell``: the record's
version, or none for an empty cell, and the text of each of its inputs). A cell the user left as
shown is not written at all, so a change someone else saved meanwhile is never reverted; a cell
the user changed whose record someone else changed, created or deleted meanwhile is refused,
with what changed (``GridConflictError``), exactly as a record form refuses a save based on an
outdated copy."""

import json
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from cpas.audit import ChangeLog
from cpas.entry.context import EntryContext
from cpas.entry.errors import FORM_ERROR, ConflictError, ValidationError
from cpas.entry.fields import Kind, display_value, is_blank
from cpas.entry.keys import Workspace, reference_key
from cpas.entry.records import create_record, delete_record, differences, update_record, write_changes
from cpas.entry.spec import RecordSpec
from cpas.entry.validation import check_reason, validate

# The name of the grid form's hidden input that carries what its cells showed.
SHOWN_INPUT = "shown"


@dataclass(frozen=True)
class ShownCell:
    """What a cell showed when the page was opened: its record's version (None: no record) and the
    text of each of its inputs, by input name."""

    version: int | None
    inputs: dict[str, str]

    def edited(self, form) -> bool:
        """Whether the user typed anything else than what the cell showed."""
        return any((form.get(name) or "").strip() != (text or "").strip() for name, text in self.inputs.items())


def shown_cells_json(cells: dict[str, ShownCell]) -> str:
    """What the cells of a grid show, for its hidden ``SHOWN_INPUT``."""
    return json.dumps({cell: [shown.version, shown.inputs] for cell, shown in cells.items()},
                      separators=(",", ":"), sort_keys=True)


def read_shown_cells(text: str | None) -> dict[str, ShownCell] | None:
    """The cells as the page showed them, or None when the form did not say (an outdated page)."""
    try:
        data = json.loads(text or "")
        return {str(cell): ShownCell(None if version is None else int(version),
                                     {str(name): str(value) for name, value in inputs.items()})
                for cell, (version, inputs) in data.items()}
    except (ValueError, TypeError, AttributeError):
        return None


@dataclass(frozen=True)
class CellChange:
    spec: RecordSpec
    existing: object  # the record the cell shows now, or None
    raw: dict  # the record's values as typed
    typed: str  # what the cell holds: empty means delete
    cell: str  # where a refusal is shown
    shown: ShownCell | None = None  # what the cell showed when the page was opened
    edited: bool = True  # whether the user changed what the cell showed
    label: str = ""  # the cell as the user knows it: a stage, a region and date
    fields: tuple[str, ...] = ()  # the attributes the cell edits, for what changed


@dataclass(frozen=True)
class CellConflict:
    """A cell the user changed whose record someone else changed since: (field, now saved, yours)."""

    cell: str
    label: str
    differences: list[tuple] = field(default_factory=list)


class GridConflictError(ConflictError):
    """Cells based on an outdated copy of their record: nothing was saved."""

    def __init__(self, conflicts: list[CellConflict]):
        super().__init__([difference for conflict in conflicts for difference in conflict.differences])
        self.conflicts = conflicts


def cell_change(spec: RecordSpec, existing, raw: dict, typed: str, cell: str, *,
                shown: ShownCell | None = None, form=None, label: str = "",
                fields: tuple[str, ...] = ()) -> CellChange | None:
    """An empty cell deletes what it showed; a filled one creates or updates. With ``shown`` (and
    the ``form`` it was sent in) the change knows whether the user edited the cell."""
    edited = shown.edited(form) if shown is not None and form is not None else True
    if is_blank(typed) and existing is None:  # nothing to delete: what the user wants holds already
        return None
    return CellChange(spec, existing, raw, typed, cell, shown, edited, label, fields)


def _shown_text(field_spec, value) -> str:
    if field_spec.kind is Kind.REFERENCE:
        return reference_key(field_spec, value) if value is not None else ""
    return display_value(field_spec, value)


def _conflict(change: CellChange, workspace: Workspace) -> CellConflict:
    """What differs between the cell's record as saved now and what the user typed."""
    spec, record = change.spec, change.existing
    attrs = change.fields or tuple(change.raw)
    if record is None:  # deleted meanwhile
        rows = [(spec.field(attr), "", str(change.raw.get(attr) or "")) for attr in attrs
                if not is_blank(change.raw.get(attr))]
    elif is_blank(change.typed):  # the user deletes what someone changed meanwhile
        rows = [(spec.field(attr), _shown_text(spec.field(attr), getattr(record, attr)), "") for attr in attrs
                if not is_blank(getattr(record, attr))]
    else:
        try:
            values = validate(spec, {attr: change.raw[attr] for attr in change.raw}, workspace, record=record)
            rows = [row for row in differences(spec, record, values) if row[0].attr in attrs]
        except ValidationError:
            rows = [(spec.field(attr), _shown_text(spec.field(attr), getattr(record, attr)),
                     str(change.raw.get(attr) or "")) for attr in attrs]
    return CellConflict(change.cell, change.label, rows)


def _outdated(change: CellChange) -> bool:
    current = change.existing.version if change.existing is not None else None
    return change.shown is not None and change.shown.version != current


def apply_changes(context: EntryContext, changes: list[CellChange], reason: str = "") -> None:
    """Apply every change the user made and flush them together. A cell the user did not edit is
    left as it is saved now. Raises GridConflictError when a cell the user edited is based on an
    outdated copy of its record, and ValidationError with the refusals by cell (or ``reason``)
    when any change is refused: the request then must not commit, and the unit of work rolls
    back what the others did."""
    check_reason(reason)
    workspace, log, errors, conflicts = Workspace(context), ChangeLog(context.user_id), {}, []
    for change in changes:
        if not change.edited:
            continue
        if _outdated(change):
            conflicts.append(_conflict(change, workspace))
            continue
        try:
            if change.existing is None:
                create_record(change.spec, change.raw, workspace, log)
            elif is_blank(change.typed):
                delete_record(change.spec, change.existing, workspace, log, reason=reason)
            else:
                update_record(change.spec, change.existing, change.raw, workspace, log, reason=reason)
        except ValidationError as error:
            for attr, message in error.errors.items():
                errors[attr if attr in ("reason", FORM_ERROR) else change.cell] = message
    if conflicts:
        raise GridConflictError(conflicts)
    if errors:
        raise ValidationError(errors)
    try:
        write_changes(context.session, log)
    except ConflictError as error:
        raise ValidationError({FORM_ERROR: _l(
            "Not saved: someone else changed these values while you were editing them. Reload the page.")}) from error


def outdated_page_error() -> ValidationError:
    """A grid form that does not say what its cells showed: it comes from a page opened before."""
    return ValidationError({FORM_ERROR: _l("Not saved: this page is out of date. Reload it and enter your changes "
                                           "again.")})
