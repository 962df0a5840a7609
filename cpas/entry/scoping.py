"""The SQL that keeps a record type to one mission (and period), and the eager loads that show
records with their keys in a fixed number of queries."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from cpas.entry.context import EntryContext
from cpas.entry.fields import Kind
from cpas.entry.spec import SPECS, RecordSpec, Scope, names_its_period
from cpas.models import AuditAction, AuditEntry


def scope_holder(spec: RecordSpec) -> type:
    """The model at the end of the spec's scope path: the one that carries mission_id/period_id."""
    target = spec.model
    for relationship_name in spec.scope_path:
        target = getattr(target, relationship_name).property.mapper.class_
    return target


def scoped_select(spec: RecordSpec, context: EntryContext, every_period: bool = False):
    """The records of ``spec`` that belong to the context's mission (and period, unless
    ``every_period``), and that the context's user may see."""
    statement = select(spec.model)
    target = spec.model
    for relationship_name in spec.scope_path:
        relationship = getattr(target, relationship_name)
        statement = statement.join(relationship)
        target = relationship.property.mapper.class_
    if spec.scope in (Scope.MISSION, Scope.PERIOD):
        statement = statement.where(target.mission_id == context.mission.id)
    if spec.scope is Scope.PERIOD and not every_period:
        statement = statement.where(target.period_id == context.period.id)
    visible = spec.visible(context) if spec.visible is not None else None
    if visible is not None:
        statement = statement.where(visible)
    return statement


def children_loader(relationship, child_spec: RecordSpec, context: EntryContext):
    """An eager load of a record's children of ``child_spec``, kept to the context's period when
    they belong to one: a mandated task of the mission has activities in every period, its page
    in 2018/19 shows those of 2018/19."""
    if child_spec.scope is Scope.PERIOD and not child_spec.scope_path:
        return selectinload(relationship.and_(child_spec.model.period_id == context.period.id))
    return selectinload(relationship)


def scope_path_loader(spec: RecordSpec, loader=None):
    """Eager loads of the records along the spec's scope path (an indicator of achievement's
    accomplishment and component), under ``loader`` if given."""
    target = spec.model
    for relationship_name in spec.scope_path:
        attribute = getattr(target, relationship_name)
        loader = selectinload(attribute) if loader is None else loader.selectinload(attribute)
        target = attribute.property.mapper.class_
    return loader


def key_options(spec: RecordSpec, attrs=None, depth: int = 0, most_records: int | None = None) -> list:
    """Eager loads for the references among ``attrs`` (default: the key) and for their own keys,
    so that showing records with their keys takes a fixed number of queries. A reference that
    names its period also loads the way to that period. For more than a page of records, give
    ``most_records``, the most that are shown at once: each reference is then loaded in one
    query for them all (SQLAlchemy's default is a query for every 500 records referenced)."""
    options = []
    for attr in spec.key_fields if attrs is None else attrs:
        field_spec = spec.field(attr)
        if field_spec.kind in (Kind.REFERENCE, Kind.MULTI_REFERENCE) and depth < 3:
            referenced = SPECS[field_spec.reference]
            loader = selectinload(getattr(spec.model, attr), chunksize=most_records)
            inner = key_options(referenced, depth=depth + 1, most_records=most_records)
            if names_its_period(field_spec) and referenced.scope_path:
                options.append(scope_path_loader(referenced, loader))
            options.append(loader.options(*inner) if inner else loader)
    return options


def scope_new_record(spec: RecordSpec, record, context: EntryContext) -> None:
    """A new record at the top of its scope path belongs to the context's mission (and period)."""
    if not spec.scope_path and spec.scope in (Scope.MISSION, Scope.PERIOD):
        record.mission_id = context.mission.id
    if not spec.scope_path and spec.scope is Scope.PERIOD:
        record.period_id = context.period.id


def deleted_in_scope(spec: RecordSpec, context: EntryContext, record_id: int) -> bool:
    """Whether ``record_id`` names a deleted record of ``spec`` that belonged to the context's
    mission (and period): its deletion's snapshot says where it was, directly or through its
    parent, which must still be in scope or have been deleted from it. A record that still
    exists elsewhere, or whose place cannot be told, is not."""
    session = context.session
    if session.get(spec.model, record_id) is not None:
        return False  # it exists, but not in this mission or period
    deletion = session.scalar(select(AuditEntry).where(
        AuditEntry.table_name == spec.model.__tablename__, AuditEntry.record_id == record_id,
        AuditEntry.action == AuditAction.DELETE).order_by(AuditEntry.id.desc()).limit(1))
    if deletion is None or not deletion.before:
        return False
    if spec.scope is Scope.GLOBAL:
        return True
    if not spec.scope_path:
        same_mission = deletion.before.get("mission_id") == context.mission.id
        same_period = spec.scope is not Scope.PERIOD or deletion.before.get("period_id") == context.period.id
        return same_mission and same_period
    parent_spec = SPECS[spec.field(spec.parent_field).reference] if spec.parent_field else None
    if parent_spec is None:
        return False
    (parent_column,) = getattr(spec.model, spec.parent_field).property.local_columns
    parent_id = deletion.before.get(parent_column.key)
    if parent_id is None:
        return False
    # A parent deleted with it (the cascade of a deletion) tells in turn where it was.
    return session.scalar(scoped_select(parent_spec, context).where(parent_spec.model.id == parent_id)) is not None \
        or deleted_in_scope(parent_spec, context, parent_id)
