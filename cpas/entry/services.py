"""Creating, changing and deleting any record type of ``specs``: validation, keys, period locks,
edit conflicts and the audit trail. Plain functions over a session: they never commit."""

import enum
import re
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload
from sqlalchemy.orm.exc import StaleDataError

from cpas.audit import ChangeLog, snapshot
from cpas.entry.fields import FieldError, Kind, display_value, parse_value
from cpas.entry.specs import REFERENCE_ONLY, SPECS, RecordSpec, Scope
from cpas.models import (
    AssessmentStatus,
    BudgetAmount,
    BudgetPeriod,
    BudgetStage,
    ExpenditureClass,
    ImpactAssessment,
    Mission,
    PeriodLock,
    RatingLevel,
    Role,
    User,
)

KEY_SEPARATOR = " · "
FORM_ERROR = "__all__"


@dataclass
class EntryContext:
    """Who is entering data, for which mission and period."""

    session: Session
    mission: Mission
    period: BudgetPeriod
    user: User | None  # None: a command-line import, acting as an administrator
    _locked: bool | None = None

    @property
    def user_id(self) -> int | None:
        return self.user.id if self.user else None

    @property
    def is_admin(self) -> bool:
        return self.user is None or self.user.role is Role.ADMIN

    def may_write(self, spec: RecordSpec) -> bool:
        return self.user is None or self.user.role in spec.writers

    @property
    def period_locked(self) -> bool:
        if self._locked is None:
            self._locked = period_lock(self.session, self.mission, self.period) is not None
        return self._locked


class ValidationError(ValueError):
    """Refusals keyed by field (``FORM_ERROR`` for the record as a whole)."""

    def __init__(self, errors: dict):
        super().__init__("; ".join(f"{key}: {message}" for key, message in errors.items()))
        self.errors = errors


class ConflictError(ValueError):
    """Someone else saved the record since this user opened it."""

    def __init__(self, differences: list[tuple]):
        super().__init__("edit conflict")
        self.differences = differences


class DependentsError(ValueError):
    """The record cannot go: others depend on it."""

    def __init__(self, dependents: list[tuple]):
        super().__init__("has dependents")
        self.dependents = dependents


# ---------------------------------------------------------------- scope and keys


def period_lock(session: Session, mission: Mission, period: BudgetPeriod) -> PeriodLock | None:
    return session.scalar(select(PeriodLock).where(PeriodLock.mission_id == mission.id,
                                                   PeriodLock.period_id == period.id))


def scoped_select(spec: RecordSpec, context: EntryContext):
    """The records of ``spec`` that belong to the context's mission (and period)."""
    statement = select(spec.model)
    target = spec.model
    for relationship_name in spec.scope_path:
        relationship = getattr(target, relationship_name)
        statement = statement.join(relationship)
        target = relationship.property.mapper.class_
    if spec.scope in (Scope.MISSION, Scope.PERIOD):
        statement = statement.where(target.mission_id == context.mission.id)
    if spec.scope is Scope.PERIOD:
        statement = statement.where(target.period_id == context.period.id)
    return statement


def key_options(spec: RecordSpec, attrs=None, depth: int = 0) -> list:
    """Eager loads for the references among ``attrs`` (default: the key) and for their own keys,
    so that showing records with their keys takes a fixed number of queries."""
    options = []
    for attr in spec.key_fields if attrs is None else attrs:
        field_spec = spec.field(attr)
        if field_spec.kind in (Kind.REFERENCE, Kind.MULTI_REFERENCE) and depth < 3:
            loader = selectinload(getattr(spec.model, attr))
            nested = SPECS.get(field_spec.reference)
            inner = key_options(nested, depth=depth + 1) if nested else []
            options.append(loader.options(*inner) if inner else loader)
    return options


def key_part(value) -> str:
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, ExpenditureClass):
        return value.name
    if isinstance(value, RatingLevel):
        return value.label
    if isinstance(value, BudgetPeriod):
        return value.label
    spec = spec_for_model(type(value))
    if spec is not None:
        return record_key(spec, value)
    return str(value)


def record_key(spec: RecordSpec, record_or_values) -> str:
    """The record's natural key as workbooks show it, e.g. ``S/RES/2480 (2019) · OP 20``."""
    if isinstance(record_or_values, dict):
        parts = [record_or_values.get(attr) for attr in spec.key_fields]
    else:
        parts = [getattr(record_or_values, attr) for attr in spec.key_fields]
    texts = [key_part(part) for part in parts]
    while len(texts) > 1 and not texts[-1]:  # an empty last part (the whole-mission region) is left out
        texts.pop()
    return KEY_SEPARATOR.join(texts)


def spec_for_model(model: type) -> RecordSpec | None:
    return next((spec for spec in SPECS.values() if spec.model is model), None)


def load_index(spec: RecordSpec, context: EntryContext) -> dict[str, object]:
    """{key: record} of every record of ``spec`` in scope."""
    records = context.session.scalars(scoped_select(spec, context).options(*key_options(spec))).all()
    return {record_key(spec, record): record for record in records}


def _reference_data(name: str, context: EntryContext) -> list:
    model = REFERENCE_ONLY[name]
    order = model.position if model is RatingLevel else model.id
    return list(context.session.scalars(select(model).order_by(order)))


def reference_index(name: str, context: EntryContext) -> dict[str, object]:
    """{key: record} of what a reference field may point to. Reference data (classes of
    expenditure, rating levels) answers to its name and its code."""
    if name in REFERENCE_ONLY:
        records = _reference_data(name, context)
        return {**{r.code: r for r in records}, **{key_part(r): r for r in records}}
    return load_index(SPECS[name], context)


def reference_choices(name: str, context: EntryContext) -> list[tuple[str, str]]:
    if name in REFERENCE_ONLY:
        from cpas.labels import label

        return [(key_part(r), label(r)) for r in _reference_data(name, context)]
    return [(key, describe(SPECS[name], record, key)) for key, record in load_index(SPECS[name], context).items()]


def describe(spec: RecordSpec, record, key: str | None = None) -> str:
    """A short human title: the key, and a title or name where the record has one."""
    key = key or record_key(spec, record)
    for attr in ("title", "name", "text", "description"):
        text = getattr(record, attr, None)
        if isinstance(text, str) and text and text != key:
            short = text if len(text) <= 70 else text[:67] + "…"
            return f"{key} — {short}"
    return key


# ---------------------------------------------------------------- validation


@dataclass
class Workspace:
    """Reference and key indexes for a run of changes: loaded once, kept current as records are
    added, so that an import of thousands of rows makes a fixed number of queries."""

    context: EntryContext
    indexes: dict[str, dict] = field(default_factory=dict)

    def index(self, name: str) -> dict:
        if name not in self.indexes:
            self.indexes[name] = reference_index(name, self.context)
        return self.indexes[name]


def validate(spec: RecordSpec, raw: dict, workspace: Workspace, record=None) -> dict:
    """Parse and check ``raw`` (attr → typed text or workbook value) for ``spec``; returns the
    typed values or raises ValidationError with every problem found."""
    errors, values = {}, {}
    for field_spec in spec.form_fields:
        if field_spec.attr not in raw:
            continue
        references = workspace.index(field_spec.reference) if field_spec.reference else None
        try:
            values[field_spec.attr] = parse_value(field_spec, raw[field_spec.attr], references)
        except FieldError as error:
            errors[field_spec.attr] = error.message
    if record is not None:  # fields not given keep their current values
        for field_spec in spec.form_fields:
            values.setdefault(field_spec.attr, getattr(record, field_spec.attr))
    else:
        for field_spec in spec.form_fields:
            if field_spec.attr not in values and field_spec.attr not in errors:
                try:
                    values[field_spec.attr] = parse_value(field_spec, None)
                except FieldError as error:
                    errors[field_spec.attr] = error.message
    if errors:
        raise ValidationError(errors)
    for check in spec.checks:
        errors.update(check(values, workspace.context))
    if spec.ref_prefix and not values.get("ref"):
        values["ref"] = record.ref if record is not None else _next_ref(spec, workspace)
    key = record_key(spec, values)
    existing = workspace.index(spec.name).get(key)
    if existing is not None and existing is not record:
        errors[spec.key_fields[-1]] = _l("%(record)s %(key)s exists already.", record=spec.label, key=key)
    if errors:
        raise ValidationError(errors)
    return values


def _next_ref(spec: RecordSpec, workspace: Workspace) -> str:
    numbers = [int(match.group(1)) for key in workspace.index(spec.name)
               if (match := re.fullmatch(rf"{spec.ref_prefix}-(\d+)", key))]
    return f"{spec.ref_prefix}-{max(numbers, default=0) + 1:03d}"


def _check_may_write(spec: RecordSpec, context: EntryContext) -> None:
    if not context.may_write(spec):
        raise PermissionError(f"{spec.name} is read-only for this role")
    if spec.locked_with_period and context.period_locked and not context.is_admin:
        raise ValidationError({FORM_ERROR: _l(
            "Budget period %(period)s is closed for %(mission)s: its figures can only be changed by an "
            "administrator.", period=context.period.label, mission=context.mission.code)})


# Record types some of whose changes must be explained (see needs_reason).
REASON_MODELS = (BudgetAmount, ImpactAssessment)


def needs_reason(spec: RecordSpec, record, values: dict | None) -> bool:
    """Changing or deleting an amount of the approved budget, or anything of an assessment that
    has been submitted to leadership, must be explained."""
    if record is None:
        return False
    if spec.model is ImpactAssessment:
        return record.status is not AssessmentStatus.DRAFT
    if spec.model is not BudgetAmount:
        return False
    approved = record.stage is BudgetStage.APPROVED or (values or {}).get("stage") is BudgetStage.APPROVED
    if values is None:  # deletion
        return record.stage is BudgetStage.APPROVED
    return approved and (values.get("amount") != record.amount or values.get("stage") is not record.stage)


def _assign(spec: RecordSpec, record, values: dict) -> None:
    for attr, value in values.items():
        if spec.field(attr).kind is Kind.MULTI_REFERENCE:
            current = getattr(record, attr)
            if list(current) != list(value):
                current[:] = value
        elif getattr(record, attr) != value:
            setattr(record, attr, value)


def _scope_record(spec: RecordSpec, record, context: EntryContext) -> None:
    if not spec.scope_path and spec.scope in (Scope.MISSION, Scope.PERIOD):
        record.mission_id = context.mission.id
    if not spec.scope_path and spec.scope is Scope.PERIOD:
        record.period_id = context.period.id


def create_record(spec: RecordSpec, raw: dict, workspace: Workspace, changes: ChangeLog):
    context = workspace.context
    _check_may_write(spec, context)
    values = validate(spec, raw, workspace)
    record = spec.model()
    _scope_record(spec, record, context)
    _assign(spec, record, values)
    context.session.add(record)
    workspace.index(spec.name)[record_key(spec, record)] = record
    changes.created(record, summary=record_key(spec, record))
    return record


def differences(spec: RecordSpec, record, values: dict) -> list[tuple]:
    """(field, current, new) for each field ``values`` would change."""
    changed = []
    for attr, value in values.items():
        current = getattr(record, attr)
        field_spec = spec.field(attr)
        if field_spec.kind is Kind.MULTI_REFERENCE:
            if list(current) != list(value):
                changed.append((field_spec, "; ".join(map(key_part, current)), "; ".join(map(key_part, value))))
        elif current != value:
            shown = key_part if field_spec.kind is Kind.REFERENCE else (lambda v, f=field_spec: display_value(f, v))
            changed.append((field_spec, shown(current), shown(value)))
    return changed


def update_record(spec: RecordSpec, record, raw: dict, workspace: Workspace, changes: ChangeLog, *,
                  expected_version: int | None = None, reason: str = "") -> bool:
    """Apply ``raw`` to ``record``; False when nothing changed. Refuses a save based on an older
    version of the record (ConflictError), never overwriting someone else's edit."""
    context = workspace.context
    _check_may_write(spec, context)
    old_key = record_key(spec, record)
    values = validate(spec, raw, workspace, record=record)
    if expected_version is not None and expected_version != record.version:
        raise ConflictError(differences(spec, record, values))
    if not differences(spec, record, values):
        return False
    if needs_reason(spec, record, values) and not reason.strip():
        raise ValidationError({"reason": _l("Changing a submitted assessment needs a reason.")
                               if spec.model is ImpactAssessment else
                               _l("Changing an amount of the approved budget needs a reason.")})
    before = snapshot(record)
    _assign(spec, record, values)
    index = workspace.index(spec.name)
    index.pop(old_key, None)
    index[record_key(spec, record)] = record
    changes.updated(record, before, reason=reason.strip(), summary=record_key(spec, record))
    return True


def dependents_of(spec: RecordSpec, record) -> list[tuple]:
    """(child spec, records) for each child collection that would block a deletion."""
    blocking = []
    for child in spec.children:
        if child.owned:
            continue
        items = list(getattr(record, child.relationship))
        if items:
            blocking.append((SPECS[child.spec], items))
    return blocking


def delete_record(spec: RecordSpec, record, workspace: Workspace, changes: ChangeLog, *, reason: str = "") -> None:
    context = workspace.context
    _check_may_write(spec, context)
    blocking = dependents_of(spec, record)
    if blocking:
        raise DependentsError(blocking)
    if needs_reason(spec, record, None) and not reason.strip():
        raise ValidationError({"reason": _l("Deleting a submitted assessment needs a reason.")
                               if spec.model is ImpactAssessment else
                               _l("Deleting an amount of the approved budget needs a reason.")})
    before = snapshot(record)
    workspace.index(spec.name).pop(record_key(spec, record), None)
    context.session.delete(record)
    changes.deleted(record, before, reason=reason.strip(), summary=record_key(spec, record))


def write_changes(session: Session, changes: ChangeLog) -> None:
    """Flush the changes and their audit entries; a concurrent save shows as a conflict."""
    try:
        changes.write(session)
    except StaleDataError as error:
        session.rollback()
        raise ConflictError([]) from error


def owned_children_count(spec: RecordSpec, record) -> list[tuple]:
    return [(SPECS[child.spec], len(getattr(record, child.relationship))) for child in spec.children
            if child.owned and getattr(record, child.relationship)]

