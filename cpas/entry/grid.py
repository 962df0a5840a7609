"""Saving a grid of values: each cell becomes a create, an update or a delete of one record,
and all of them are applied through the record services together, or none is. A domain builds
the cell changes of its grid (a budget line's stages, an indicator's regions and dates)."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from cpas.audit import ChangeLog
from cpas.entry.context import EntryContext
from cpas.entry.errors import FORM_ERROR, ConflictError, ValidationError
from cpas.entry.fields import is_blank
from cpas.entry.keys import Workspace
from cpas.entry.records import create_record, delete_record, update_record, write_changes
from cpas.entry.spec import RecordSpec


@dataclass(frozen=True)
class CellChange:
    spec: RecordSpec
    existing: object  # the record the cell shows, or None
    raw: dict  # the record's values as typed
    typed: str  # what the cell holds: empty means delete
    cell: str  # where a refusal is shown


def cell_change(spec: RecordSpec, existing, raw: dict, typed: str, cell: str) -> CellChange | None:
    """An empty cell deletes what it showed; a filled one creates or updates."""
    if is_blank(typed) and existing is None:
        return None
    return CellChange(spec, existing, raw, typed, cell)


def apply_changes(context: EntryContext, changes: list[CellChange], reason: str = "") -> None:
    """Apply every change and flush them together. Raises ValidationError with the refusals by
    cell (or ``reason``) when any change is refused: the request then must not commit, and the
    unit of work rolls back what the others did."""
    workspace, log, errors = Workspace(context), ChangeLog(context.user_id), {}
    for change in changes:
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
    if errors:
        raise ValidationError(errors)
    try:
        write_changes(context.session, log)
    except ConflictError as error:
        raise ValidationError({FORM_ERROR: _l(
            "Not saved: someone else changed these values while you were editing them. Reload the page.")}) from error
