"""How record values show on entry pages (registered as Jinja globals)."""

import enum
from datetime import date
from decimal import Decimal

from babel.numbers import format_decimal
from flask import g, url_for
from flask_babel import get_locale
from sqlalchemy import inspect

from cpas.entry.fields import FieldSpec, Kind
from cpas.entry.keys import TITLE_ATTRS, reference_key
from cpas.entry.spec import SPECS, Child, RecordSpec, spec_for_model
from cpas.formatting import format_day, format_quantity
from cpas.labels import label


def show_value(field_spec: FieldSpec, value) -> str:
    if value is None or value == "":
        return "—"
    if field_spec.kind is Kind.MONEY:
        return format_decimal(value, format="#,##0.00", locale=get_locale())
    if field_spec.kind is Kind.QUANTITY:
        return format_quantity(value)
    if field_spec.kind is Kind.DATE or isinstance(value, date):
        return format_day(value)
    if field_spec.kind is Kind.MULTI_REFERENCE:
        return "; ".join(reference_key(field_spec, item) for item in value) or "—"
    if isinstance(value, enum.Enum):
        return label(value)
    if isinstance(value, Decimal):
        return format_quantity(value)
    if field_spec.kind is Kind.REFERENCE:
        return reference_key(field_spec, value)
    return str(value)


def record_url(record) -> str | None:
    spec = spec_for_model(type(record))
    if spec is None or not spec.entered:  # reference data has no page
        return None
    return url_for("records.show_record", spec_name=spec.name, record_id=record.id)


ID_PREFILL_SUFFIX = ".id"  # ?tasks.id=7: a new record's reference prefilled with the record of id 7


def link_url(link) -> str | None:
    """The address of the page of the record a ``cpas.tables.RecordLink`` names, or of the list a
    ``RecordListLink`` names (None: it has none)."""
    # Kept for the request: a report names the same task or class in many of its rows.
    known = g.setdefault("link_urls", {})
    if link not in known:
        known[link] = _link_url(link)
    return known[link]


def _link_url(link) -> str | None:
    spec = SPECS.get(link.spec)
    if spec is None or not spec.entered:
        return None
    if hasattr(link, "filters"):
        return url_for("records.list_records", spec_name=spec.name, **dict(link.filters))
    return url_for("records.show_record", spec_name=spec.name, record_id=link.record_id)


def may_create(spec_name: str) -> bool:
    """Whether the signed-in user may create records of this type in the page's mission and
    period now (its role there, and the period's lock): gaps' actions are offered to them only."""
    spec = SPECS.get(spec_name)
    if spec is None or not spec.entered or "mission" not in g:
        return False
    if "entry_context" not in g:
        from cpas.entry.views import entry_context  # the request's: user, mission, period, lock

        g.entry_context = entry_context()
    return g.entry_context.may_change(spec)


def new_record_url(spec_name: str, prefill=()) -> str | None:
    """The form of a new record of ``spec_name`` with fields filled in, for who may create one
    (None for anyone else). ``prefill``: (attr, text), (attr, RecordLink) or (attr, record)
    pairs; a reference is sent by the record's id (``tasks.id=7``), which the form turns into the
    record's key."""
    if not may_create(spec_name):
        return None
    arguments = {}
    for attr, value in prefill:
        record_id = getattr(value, "record_id", None)
        if record_id is None and spec_for_model(type(value)) is not None:
            record_id = value.id
        if record_id is not None:
            arguments.setdefault(attr + ID_PREFILL_SUFFIX, []).append(record_id)
        else:
            arguments[attr] = value
    return url_for("records.new_record", spec_name=spec_name, **arguments)


def action_url(action) -> str | None:
    """The address of a ``cpas.tables.NewRecordLink`` for the signed-in user, or None."""
    return new_record_url(action.spec, action.prefill)


def title_column(spec: RecordSpec) -> str | None:
    """The list column that names a record beside its key (an activity's title, a budget line's
    description): linked to the record's page, as the key is."""
    return next((attr for attr in spec.list_columns[1:] if attr in TITLE_ATTRS and attr not in spec.key_fields),
                None)


def child_add_url(parent: RecordSpec, record, child: Child) -> str | None:
    """The form of a new child of ``record`` naming it (an activity's new budget line, its
    activity filled in; a task's new activity, serving it), for who may create one; None where
    the child names no parent."""
    child_spec = SPECS[child.spec]
    attr = child_spec.parent_field or next(
        (f.attr for f in child_spec.form_fields
         if f.kind in (Kind.REFERENCE, Kind.MULTI_REFERENCE) and f.reference == parent.name), None)
    return new_record_url(child_spec.name, [(attr, record)]) if attr else None


def child_columns(parent: RecordSpec, child: Child) -> tuple[str, ...]:
    """The columns of the table of a record's children on its page: the child's list columns but
    the one naming the parent the page is about, so that each row (and its link, on the first
    column) shows the child's own key: a budget line's amounts by stage, not each by the line."""
    child_spec = SPECS[child.spec]
    back = inspect(parent.model).relationships[child.relationship].back_populates
    columns = tuple(attr for attr in child_spec.list_columns
                    if not (attr == back and child_spec.field(attr).kind is Kind.REFERENCE))
    return columns or child_spec.list_columns
