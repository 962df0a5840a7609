"""Saving a grid of values: each cell becomes a create, an update or a delete of one record,
and all of them are applied through the record services together, or none is. Never commits."""

from dataclasses import dataclass
from datetime import date

from cpas.audit import ChangeLog
from cpas.entry.fields import is_blank, parse_value
from cpas.entry.services import (
    FORM_ERROR,
    EntryContext,
    ValidationError,
    Workspace,
    create_record,
    delete_record,
    record_key,
    update_record,
    write_changes,
)
from cpas.entry.specs import SPECS, RecordSpec
from cpas.models import BudgetStage, Provenance

AMOUNT_COLUMNS = ("amount", "source_symbol", "source_date", "provenance", "source_note")


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


def apply_changes(context: EntryContext, changes: list[CellChange], reason: str = "") -> dict:
    """Apply every change; returns the refusals by cell ({} when all were written and flushed).
    On any refusal the session is rolled back, so nothing is half-saved."""
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
        context.session.rollback()
        return errors
    write_changes(context.session, log)
    return {}


def budget_line_changes(line, values: dict[str, str]) -> list[CellChange]:
    """One change per stage of the line's grid; ``values`` are the form's "<column>-<stage>" fields."""
    amount_spec, line_key = SPECS["budget-amounts"], record_key(SPECS["budget-lines"], line)
    by_stage = {amount.stage: amount for amount in line.amounts}
    changes = []
    for stage in BudgetStage:
        raw = {attr: values.get(f"{attr}-{stage.value}", "") for attr in AMOUNT_COLUMNS}
        raw.update(line=line_key, stage=stage.value, provenance=raw["provenance"] or Provenance.VERIFIED.value)
        change = cell_change(amount_spec, by_stage.get(stage), raw, raw["amount"], f"amount-{stage.value}")
        if change:
            changes.append(change)
    return changes


def parse_new_date(text: str) -> date | None:
    """The date of the grid's extra column, if one was typed (FieldError if it is not a date)."""
    return parse_value(SPECS["data-points"].field("observed_on"), text) if text else None


def indicator_changes(indicator, regions: list[str], dates: list[date], cells: dict[str, str],
                      source: str) -> list[CellChange]:
    """One change per cell "cell-<row>-<column>" of the region × date grid; new values take
    ``source``."""
    point_spec, indicator_key = SPECS["data-points"], record_key(SPECS["impact-indicators"], indicator)
    points = {(point.region, point.observed_on): point for point in indicator.data_points}
    changes = []
    for row, region in enumerate(regions):
        for column, day in enumerate(dates):
            name = f"cell-{row}-{column}"
            typed, existing = cells.get(name, ""), points.get((region, day))
            raw = {"indicator": indicator_key, "observed_on": day.isoformat(), "region": region, "value": typed}
            if existing is None:
                raw.update(source=source, provenance=Provenance.VERIFIED.value)
            change = cell_change(point_spec, existing, raw, typed, name)
            if change:
                changes.append(change)
    return changes


