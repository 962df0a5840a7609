"""Natural keys: how a record is named in workbooks, references and choice lists, e.g.
``S/RES/2480 (2019) · OP 20``, and the indexes that look records up by them."""

import enum
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import and_
from sqlalchemy.orm import object_session

from cpas.entry.context import EntryContext
from cpas.entry.fields import FieldSpec, offered_choices
from cpas.entry.scoping import key_options, scope_holder, scoped_select
from cpas.entry.spec import SPECS, RecordSpec, names_its_period, spec_for_model
from cpas.labels import label
from cpas.models import BudgetPeriod

KEY_SEPARATOR = " · "
TITLE_ATTRS = ("title", "name", "text", "description")  # what names a record beside its key, if it has one


def key_part(value) -> str:
    """One part of a key: an enum by its code, a date in ISO form, a record by its own key."""
    if value is None:
        return ""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, date):
        return value.isoformat()
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


def shown_key(spec: RecordSpec, record_or_values) -> str:
    """The record's key as pages show it: like ``record_key``, but a code by its label in the
    user's language (``BL-022 · Revised``, ``P-5–P-4``) and reference data by its name."""
    if isinstance(record_or_values, dict):
        parts = [record_or_values.get(attr) for attr in spec.key_fields]
    else:
        parts = [getattr(record_or_values, attr) for attr in spec.key_fields]
    texts = [_shown_part(part) for part in parts]
    while len(texts) > 1 and not texts[-1]:
        texts.pop()
    return KEY_SEPARATOR.join(texts)


def _shown_part(value) -> str:
    if isinstance(value, enum.Enum):
        return label(value)
    spec = spec_for_model(type(value)) if value is not None else None
    if spec is not None:
        return label(value) if spec.choice_label is not None and not spec.entered else shown_key(spec, value)
    return key_part(value)


def _period_label(spec: RecordSpec, record) -> str:
    holder = record
    for relationship_name in spec.scope_path:
        holder = getattr(holder, relationship_name)
    return object_session(record).get(BudgetPeriod, holder.period_id).label


def reference_key(field_spec: FieldSpec, record) -> str:
    """How a reference field names the record it points to: by its key, with its budget period
    where the reference names its period (``2019/20 · 2.1.1``)."""
    if record is None:
        return ""
    if names_its_period(field_spec):
        spec = SPECS[field_spec.reference]
        return f"{_period_label(spec, record)}{KEY_SEPARATOR}{record_key(spec, record)}"
    return key_part(record)


def shortened(text: str, limit: int = 70) -> str:
    """A text cut to ``limit`` characters for a choice list, marked where it was cut."""
    return text if len(text) <= limit else text[:limit - 3] + "…"


def describe(spec: RecordSpec, record, key: str | None = None) -> str:
    """A short human title: the key, and a title or name where the record has one."""
    if spec.choice_label is not None:
        return spec.choice_label(record)
    key = key or record_key(spec, record)
    for attr in TITLE_ATTRS:
        text = getattr(record, attr, None)
        if isinstance(text, str) and text and text != key:
            return f"{key} — {shortened(text)}"
    return key


def _records_in_scope(spec: RecordSpec, context: EntryContext, *options, condition=None) -> list:
    order = [getattr(spec.model, attr) for attr in spec.order_by]
    statement = scoped_select(spec, context).options(*key_options(spec), *options).order_by(*order, spec.model.id)
    if condition is not None:
        statement = statement.where(condition)
    return list(context.session.scalars(statement))


def load_index(spec: RecordSpec, context: EntryContext, condition=None) -> dict[str, object]:
    """{key: record} of every record of ``spec`` in scope (and meeting ``condition``, if given);
    a record also answers to its alternate keys (a class of expenditure to its code)."""
    index = {}
    for record in _records_in_scope(spec, context, condition=condition):
        for attr in spec.alternate_keys:
            index[getattr(record, attr)] = record
        index[record_key(spec, record)] = record
    return index


def _index_in_every_period(spec: RecordSpec, context: EntryContext) -> dict[str, object]:
    """{"2019/20 · 2.1.1": record} of every record of ``spec`` in the mission's periods, the most
    recent period first."""
    order = [getattr(spec.model, attr) for attr in spec.order_by]
    statement = (scoped_select(spec, context, every_period=True)
                 .join(BudgetPeriod, BudgetPeriod.id == scope_holder(spec).period_id)
                 .add_columns(BudgetPeriod.label).options(*key_options(spec))
                 .order_by(BudgetPeriod.starts_on.desc(), *order, spec.model.id))
    return {f"{label}{KEY_SEPARATOR}{record_key(spec, record)}": record
            for record, label in context.session.execute(statement)}


def reference_index(field_spec: FieldSpec, context: EntryContext) -> dict[str, object]:
    """{key: record} of every record a reference field may point to, by the keys the field names
    them with (``reference_key``)."""
    spec = SPECS[field_spec.reference]
    return _index_in_every_period(spec, context) if names_its_period(field_spec) else load_index(spec, context)


def reference_choices(field_spec: FieldSpec, context: EntryContext) -> list[tuple[str, str]]:
    """(key, what the user reads) for each record a reference field may point to."""
    spec = SPECS[field_spec.reference]
    if names_its_period(field_spec):
        return [(key, describe(spec, record, key)) for key, record in _index_in_every_period(spec, context).items()]
    conditions = [condition for condition in (spec.offered_when(context) if spec.offered_when else None,
                                              field_spec.offered_when(context) if field_spec.offered_when else None)
                  if condition is not None]
    offered = _records_in_scope(spec, context, *key_options(spec, spec.choice_references),
                                condition=and_(*conditions) if conditions else None)
    return [(record_key(spec, record), describe(spec, record)) for record in offered]


@dataclass
class Workspace:
    """Key indexes for a run of changes: loaded once, kept current as records are added, so that
    an import of thousands of rows makes a fixed number of queries."""

    context: EntryContext
    indexes: dict[str, dict] = field(default_factory=dict)
    choice_lists: dict[object, list] = field(default_factory=dict)  # by the fields' ``choices``

    def index(self, name: str) -> dict:
        if name not in self.indexes:
            self.indexes[name] = load_index(SPECS[name], self.context)
        return self.indexes[name]

    def index_for_rows(self, spec: RecordSpec, rows: list[tuple[str, dict]]) -> dict:
        """The index of ``spec`` for an import of ``rows`` ((key, raw values)): for a type of
        ``rows_may_name``, only the records those rows may name (a sheet of 20,000 data points
        does not read the mission's 180,000); else the whole index."""
        if spec.name in self.indexes or spec.rows_may_name is None:
            return self.index(spec.name)
        condition = spec.rows_may_name(rows)
        if condition is None:
            return self.index(spec.name)
        self.indexes[spec.name] = load_index(spec, self.context, condition)
        return self.indexes[spec.name]

    def forget(self, name: str, key: str) -> None:
        """A deleted record leaves the index of its type, if one was read."""
        if name in self.indexes:
            self.indexes[name].pop(key, None)

    def choices(self, field_spec: FieldSpec) -> list[tuple[str, str]]:
        """The choices a text field offers (``offered_choices``), read once for a run of changes."""
        if field_spec.choices not in self.choice_lists:
            self.choice_lists[field_spec.choices] = offered_choices(field_spec, self.context)
        return self.choice_lists[field_spec.choices]

    def reference_index(self, field_spec: FieldSpec) -> dict:
        """The index a reference field's keys are looked up in (``reference_index``)."""
        if not names_its_period(field_spec):
            return self.index(field_spec.reference)
        name = f"{field_spec.reference} in every period"
        if name not in self.indexes:
            self.indexes[name] = reference_index(field_spec, self.context)
        return self.indexes[name]


