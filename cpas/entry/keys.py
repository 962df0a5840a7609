"""Natural keys: how a record is named in workbooks, references and choice lists, e.g.
``S/RES/2480 (2019) · OP 20``, and the indexes that look records up by them."""

import enum
from dataclasses import dataclass, field
from datetime import date

from cpas.entry.context import EntryContext
from cpas.entry.scoping import key_options, scoped_select
from cpas.entry.spec import SPECS, RecordSpec, spec_for_model

KEY_SEPARATOR = " · "


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


def describe(spec: RecordSpec, record, key: str | None = None) -> str:
    """A short human title: the key, and a title or name where the record has one."""
    if spec.choice_label is not None:
        return spec.choice_label(record)
    key = key or record_key(spec, record)
    for attr in ("title", "name", "text", "description"):
        text = getattr(record, attr, None)
        if isinstance(text, str) and text and text != key:
            short = text if len(text) <= 70 else text[:67] + "…"
            return f"{key} — {short}"
    return key


def _records_in_scope(spec: RecordSpec, context: EntryContext) -> list:
    order = [getattr(spec.model, attr) for attr in spec.order_by]
    statement = scoped_select(spec, context).options(*key_options(spec)).order_by(*order, spec.model.id)
    return list(context.session.scalars(statement))


def load_index(spec: RecordSpec, context: EntryContext) -> dict[str, object]:
    """{key: record} of every record of ``spec`` in scope; a record also answers to its
    alternate keys (a class of expenditure to its code)."""
    index = {}
    for record in _records_in_scope(spec, context):
        for attr in spec.alternate_keys:
            index[getattr(record, attr)] = record
        index[record_key(spec, record)] = record
    return index


def reference_choices(name: str, context: EntryContext) -> list[tuple[str, str]]:
    """(key, what the user reads) for each record a reference field may point to."""
    spec = SPECS[name]
    return [(record_key(spec, record), describe(spec, record)) for record in _records_in_scope(spec, context)]


@dataclass
class Workspace:
    """Key indexes for a run of changes: loaded once, kept current as records are added, so that
    an import of thousands of rows makes a fixed number of queries."""

    context: EntryContext
    indexes: dict[str, dict] = field(default_factory=dict)

    def index(self, name: str) -> dict:
        if name not in self.indexes:
            self.indexes[name] = load_index(SPECS[name], self.context)
        return self.indexes[name]


