"""Creating, changing and deleting a record of any type: permissions, period locks, edit
conflicts, reasons and the audit trail. Plain functions over a session: they flush through
``write_changes`` and raise on refusal, but never commit or roll back; the request or command
that called them owns the transaction (``cpas.db``)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import inspect as sa_inspect
from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from cpas.audit import ChangeLog, snapshot
from cpas.entry.context import EntryContext
from cpas.entry.errors import FORM_ERROR, ConflictError, DependentsError, ValidationError
from cpas.entry.fields import Kind, display_value, is_blank
from cpas.entry.keys import Workspace, record_key, reference_key
from cpas.entry.scoping import scope_new_record
from cpas.entry.spec import SPECS, RecordSpec
from cpas.entry.validation import validate


def check_may_write(spec: RecordSpec, context: EntryContext) -> None:
    """Refuse a change the user's role may not make (PermissionError), or one to a closed period."""
    if not context.may_write(spec):
        raise PermissionError(f"{spec.name} is read-only for this role")
    if context.locked_for(spec):
        raise ValidationError({FORM_ERROR: _l(
            "Budget period %(period)s is closed for %(mission)s: its figures can only be changed by an "
            "administrator.", period=context.period.label, mission=context.mission.code)})


def _check_not_frozen(spec: RecordSpec, record) -> None:
    reason = spec.frozen_reason(record)
    if reason is not None:
        raise ValidationError({FORM_ERROR: reason})


def needs_reason(spec: RecordSpec, record, values: dict | None) -> bool:
    """Whether the spec's reason rule asks this change (``values``) or this deletion (None)
    to be explained."""
    return record is not None and spec.reason_rule is not None and spec.reason_rule.applies(record, values)


def _require_reason(spec: RecordSpec, record, values: dict | None, reason: str) -> None:
    if needs_reason(spec, record, values) and is_blank(reason):
        rule = spec.reason_rule
        raise ValidationError({"reason": rule.delete_message if values is None else rule.change_message})


def _assign(spec: RecordSpec, record, values: dict) -> None:
    for attr, value in values.items():
        if spec.field(attr).kind is Kind.MULTI_REFERENCE:
            current = getattr(record, attr)
            if list(current) != list(value):
                current[:] = value
        elif getattr(record, attr) != value:
            setattr(record, attr, value)


def create_record(spec: RecordSpec, raw: dict, workspace: Workspace, changes: ChangeLog):
    """A new record of ``spec`` from ``raw``, validated, scoped, added and logged (not yet flushed)."""
    context = workspace.context
    check_may_write(spec, context)
    values = validate(spec, raw, workspace)
    record = spec.model()
    scope_new_record(spec, record, context)
    _assign(spec, record, values)
    context.session.add(record)
    workspace.index(spec.name)[record_key(spec, record)] = record
    changes.created(record, summary=record_key(spec, record))
    spec.saved(context.session, record)
    return record


def differences(spec: RecordSpec, record, values: dict) -> list[tuple]:
    """(field, current, new) for each field ``values`` would change."""
    changed = []
    for attr, value in values.items():
        current = getattr(record, attr)
        field_spec = spec.field(attr)
        if field_spec.kind is Kind.MULTI_REFERENCE:
            if list(current) != list(value):
                changed.append((field_spec, "; ".join(reference_key(field_spec, item) for item in current),
                                "; ".join(reference_key(field_spec, item) for item in value)))
        elif current != value:
            shown = (lambda v, f=field_spec: reference_key(f, v)) if field_spec.kind is Kind.REFERENCE else (
                lambda v, f=field_spec: display_value(f, v))
            changed.append((field_spec, shown(current), shown(value)))
    return changed


def update_record(spec: RecordSpec, record, raw: dict, workspace: Workspace, changes: ChangeLog, *,
                  expected_version: int | None = None, reason: str = "", changed_fields: list | None = None) -> bool:
    """Apply ``raw`` to ``record``; False when nothing changed. Refuses a save based on an older
    version of the record (ConflictError), never overwriting someone else's edit. ``changed_fields``,
    if given, receives (field, current, new) for each field the change makes."""
    context = workspace.context
    old_key = record_key(spec, record)
    values = validate(spec, raw, workspace, record=record)
    changed = differences(spec, record, values)
    if expected_version is not None and expected_version != record.version:
        raise ConflictError(changed)
    if not changed:  # a workbook row left as it was: no permission or lock is at stake
        return False
    check_may_write(spec, context)
    _check_not_frozen(spec, record)
    if changed_fields is not None:
        changed_fields.extend(changed)
    _require_reason(spec, record, values, reason)
    before = snapshot(record)
    _assign(spec, record, values)
    index = workspace.index(spec.name)
    index.pop(old_key, None)
    index[record_key(spec, record)] = record
    changes.updated(record, before, reason=reason.strip(), summary=record_key(spec, record))
    spec.saved(context.session, record)
    return True


def owned_records(spec: RecordSpec, record) -> list[tuple[RecordSpec, object]]:
    """(spec, record) for every record that goes with ``record`` when it is deleted: its owned
    children, each followed by what it owns in turn."""
    taken = []
    for child in spec.children:
        if child.owned:
            child_spec = SPECS[child.spec]
            for item in getattr(record, child.relationship):
                taken.append((child_spec, item))
                taken.extend(owned_records(child_spec, item))
    return taken


def dependents_of(spec: RecordSpec, record) -> list[tuple]:
    """(child spec, records) for each child collection that would block a deletion, of the
    record or of a record it owns."""
    blocking = []
    for owner_spec, owner in [(spec, record), *owned_records(spec, record)]:
        for child in owner_spec.children:
            if child.owned:
                continue
            items = list(getattr(owner, child.relationship))
            if items:
                blocking.append((SPECS[child.spec], items))
    return blocking


def records_held(spec: RecordSpec, session: Session, record) -> list[tuple]:
    """(what, count) of the other records that hold on to ``record`` (the spec's ``holds``) or
    to a record it owns."""
    return [held for owner_spec, owner in [(spec, record), *owned_records(spec, record)]
            if owner_spec.holds is not None for held in owner_spec.holds(session, owner)]


def owned_children_count(spec: RecordSpec, record) -> list[tuple]:
    """(child spec, count) of what goes with the record when it is deleted."""
    return [(SPECS[child.spec], len(getattr(record, child.relationship))) for child in spec.children
            if child.owned and getattr(record, child.relationship)]


def deletion_reasons(spec: RecordSpec, record) -> list[tuple[RecordSpec, object, object]]:
    """(spec, record, message) for the record and each record it owns whose reason rule asks
    its deletion to be explained (an approved amount of a budget line): deleting the record
    deletes them too, so it needs the same reason."""
    return [(each_spec, each, each_spec.reason_rule.delete_message)
            for each_spec, each in [(spec, record), *owned_records(spec, record)]
            if needs_reason(each_spec, each, None)]


def _clears_on_delete(model, attr: str) -> bool:
    """Whether the database empties the reference ``attr`` of ``model`` when what it points to
    is deleted (ON DELETE SET NULL), rather than refusing or deleting with it."""
    relationship = sa_inspect(model).relationships.get(attr)
    return relationship is not None and any(
        key.ondelete == "SET NULL" for column in relationship.local_columns for key in column.foreign_keys)


def references_cleared(session: Session, spec: RecordSpec, records: list) -> list[tuple]:
    """(spec, field, record) of the records of any type whose reference to one of ``records``
    the database would empty when they are deleted (a budget line's component): a change to
    those records too, audited as such. One query per such reference of the app."""
    cleared = []
    for other in SPECS.values():
        for field in other.fields:
            if field.kind is Kind.REFERENCE and field.reference == spec.name and \
                    _clears_on_delete(other.model, field.attr):
                relationship = sa_inspect(other.model).relationships[field.attr]
                column = next(iter(relationship.local_columns))
                query = select(other.model).where(column.in_([each.id for each in records]))
                cleared.extend((other, field, each) for each in session.scalars(query))
    return cleared


def delete_record(spec: RecordSpec, record, workspace: Workspace, changes: ChangeLog, *, reason: str = "") -> None:
    """Delete ``record`` with what it owns, each with its own audit entry and the same reason;
    refused while others depend on any of them (DependentsError), while any is frozen, and
    without a reason when any of them needs one."""
    context = workspace.context
    check_may_write(spec, context)
    taken = owned_records(spec, record)
    for each_spec, each in [(spec, record), *taken]:
        _check_not_frozen(each_spec, each)
    blocking, held = dependents_of(spec, record), records_held(spec, context.session, record)
    if blocking or held:
        raise DependentsError(blocking, held)
    reasons = deletion_reasons(spec, record)
    if reasons and is_blank(reason):
        raise ValidationError({"reason": reasons[0][2]})
    for other, field, each in references_cleared(context.session, spec, [record]):
        _require_reason(other, each, {field.attr: None}, reason)
        before = snapshot(each)
        setattr(each, field.attr, None)  # said outright: the database would do it unseen
        changes.updated(each, before, reason=reason.strip(), summary=record_key(other, each))
    # Children first: the record's own entry is the last written, the first its history shows.
    for each_spec, each in [*taken, (spec, record)]:
        key = record_key(each_spec, each)
        workspace.forget(each_spec.name, key)
        changes.deleted(each, snapshot(each), reason=reason.strip(), summary=key)
        context.session.delete(each)  # what the relationships' cascade would delete, said outright


def write_changes(session: Session, changes: ChangeLog) -> None:
    """Flush the changes and their audit entries; a concurrent save shows as a conflict."""
    try:
        changes.write(session)
    except StaleDataError as error:
        raise ConflictError([]) from error
