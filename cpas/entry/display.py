"""How record values show on entry pages (registered as Jinja globals)."""

import enum
from datetime import date
from decimal import Decimal

from babel.numbers import format_decimal
from flask import url_for
from flask_babel import get_locale
from sqlalchemy import inspect

from cpas.entry.fields import FieldSpec, Kind
from cpas.entry.keys import reference_key
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


def child_columns(parent: RecordSpec, child: Child) -> tuple[str, ...]:
    """The columns of the table of a record's children on its page: the child's list columns but
    the one naming the parent the page is about, so that each row (and its link, on the first
    column) shows the child's own key: a budget line's amounts by stage, not each by the line."""
    child_spec = SPECS[child.spec]
    back = inspect(parent.model).relationships[child.relationship].back_populates
    columns = tuple(attr for attr in child_spec.list_columns
                    if not (attr == back and child_spec.field(attr).kind is Kind.REFERENCE))
    return columns or child_spec.list_columns
