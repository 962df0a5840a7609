"""A record's history as people read it: from the audit log's before/after snapshots, the
record's fields by their labels, referenced records by their key or name, codes by their
labels, figures and dates formatted; internal columns (ids, version, scope) left out. A record's
history includes the changes of its owned children (a budget line's amounts)."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy import inspect, or_, select
from sqlalchemy.orm import Session, selectinload

from cpas.entry.display import show_value
from cpas.entry.fields import FieldSpec, Kind
from cpas.entry.keys import KEY_SEPARATOR, reference_key, shown_key
from cpas.entry.scoping import key_options
from cpas.entry.spec import SPECS, RecordSpec, names_its_period
from cpas.labels import label
from cpas.models import AuditEntry


@dataclass(frozen=True)
class FieldChange:
    label: str
    before: str
    after: str


@dataclass
class HistoryEntry:
    entry: AuditEntry
    spec: RecordSpec
    subject: str = ""  # "" for the record itself; e.g. "Budget amount · Approved" for a child
    changes: list[FieldChange] = field(default_factory=list)


def snapshot_key(spec: RecordSpec, field_spec: FieldSpec) -> str | None:
    """The key under which the audit snapshot keeps a field: its column, a reference's foreign
    key column, or a many-to-many reference's own name (the ids it points to)."""
    mapper = inspect(spec.model)
    prop = mapper.attrs[field_spec.attr]
    if field_spec.kind is Kind.REFERENCE:
        (column,) = prop.local_columns
        return mapper.get_property_by_column(column).key
    return field_spec.attr


def _owned_children(spec: RecordSpec) -> list[tuple[RecordSpec, str]]:
    """Each owned child record type with the snapshot key that holds its parent's id."""
    owned = []
    for child in spec.children:
        child_spec = SPECS[child.spec]
        if child.owned and child_spec.parent_field is not None:
            owned.append((child_spec, snapshot_key(child_spec, child_spec.field(child_spec.parent_field))))
    return owned


def _entries(session: Session, spec: RecordSpec, record_id: int) -> list[tuple[AuditEntry, RecordSpec]]:
    conditions = [(AuditEntry.table_name == spec.model.__tablename__) & (AuditEntry.record_id == record_id)]
    by_table = {spec.model.__tablename__: spec}
    for child_spec, parent_key in _owned_children(spec):
        table = child_spec.model.__tablename__
        by_table[table] = child_spec
        conditions.append((AuditEntry.table_name == table) & or_(
            AuditEntry.after[parent_key].as_integer() == record_id,
            AuditEntry.before[parent_key].as_integer() == record_id))
    entries = session.scalars(
        select(AuditEntry).where(or_(*conditions)).options(selectinload(AuditEntry.user))
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    ).all()
    return [(entry, by_table[entry.table_name]) for entry in entries]


def _typed(field_spec: FieldSpec, value):
    """A snapshot's plain value back in its type, for the page's formats."""
    if value is None or value == "":
        return None
    if field_spec.kind in (Kind.MONEY, Kind.QUANTITY):
        return Decimal(str(value))
    if field_spec.kind is Kind.DATE:
        return date.fromisoformat(str(value)[:10])
    if field_spec.kind is Kind.ENUM and field_spec.enum_class is not None:
        try:
            return field_spec.enum_class(value)
        except ValueError:
            return value
    return value


class _References:
    """The records the snapshots point to, loaded in one query per referenced record type."""

    def __init__(self, session: Session):
        self.session = session
        self.wanted: dict[str, set[int]] = {}
        self.loaded: dict[str, dict[int, object]] = {}

    def want(self, field_spec: FieldSpec, record_ids) -> None:
        """The record (or, for a many-to-many reference, the list of records) a snapshot names."""
        for record_id in record_ids if isinstance(record_ids, list) else [record_ids]:
            if isinstance(record_id, int):
                self.wanted.setdefault(field_spec.reference, set()).add(record_id)

    def load(self) -> None:
        for name, ids in self.wanted.items():
            spec = SPECS[name]
            records = self.session.scalars(
                select(spec.model).where(spec.model.id.in_(ids)).options(*key_options(spec))).all()
            self.loaded[name] = {record.id: record for record in records}

    def name(self, field_spec: FieldSpec, record_id) -> str:
        if record_id is None:
            return "—"
        record = self.loaded.get(field_spec.reference, {}).get(record_id)
        if record is None:
            return f"#{record_id}"  # deleted since
        if names_its_period(field_spec):
            return reference_key(field_spec, record)  # 2019/20 · 2.1.1
        return shown_key(SPECS[field_spec.reference], record) if SPECS[field_spec.reference].entered \
            else label(record)  # reference data by its name in the user's language


def _shown_fields(spec: RecordSpec, skip: str | None) -> list[tuple[FieldSpec, str]]:
    shown = []
    for field_spec in spec.fields:
        key = snapshot_key(spec, field_spec)
        if key is not None and field_spec.attr != skip:
            shown.append((field_spec, key))
    return shown


def build_history(session: Session, spec: RecordSpec, record_id: int) -> list[HistoryEntry]:
    """The record's history and its owned children's, newest first, in a fixed number of queries."""
    loaded = _entries(session, spec, record_id)
    references = _References(session)
    for entry, entry_spec in loaded:
        for field_spec, key in _shown_fields(entry_spec, None):
            if field_spec.kind in (Kind.REFERENCE, Kind.MULTI_REFERENCE):
                for snapshot in (entry.before or {}, entry.after or {}):
                    references.want(field_spec, snapshot.get(key))
    references.load()

    def show(field_spec: FieldSpec, value) -> str:
        if field_spec.kind is Kind.REFERENCE:
            return references.name(field_spec, value)
        if field_spec.kind is Kind.MULTI_REFERENCE:
            return "; ".join(references.name(field_spec, record_id) for record_id in value or []) or "—"
        typed = _typed(field_spec, value)
        return show_value(field_spec, typed)

    history = []
    for entry, entry_spec in loaded:
        child = entry_spec is not spec
        before, after = entry.before or {}, entry.after or {}
        item = HistoryEntry(entry, entry_spec)
        if child:
            latest = after or before
            parts = [show(entry_spec.field(attr), latest.get(snapshot_key(entry_spec, entry_spec.field(attr))))
                     for attr in entry_spec.key_fields if attr != entry_spec.parent_field]
            item.subject = KEY_SEPARATOR.join([str(entry_spec.label), *parts])
        for field_spec, key in _shown_fields(entry_spec, entry_spec.parent_field if child else None):
            old, new = before.get(key), after.get(key)
            if old == new or (old in (None, "", []) and new in (None, "", [])):
                continue
            item.changes.append(FieldChange(str(field_spec.label), show(field_spec, old), show(field_spec, new)))
        history.append(item)
    return history
