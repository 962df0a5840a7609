"""Turning what a user typed (or a workbook held) into a record's typed values, or refusing it
with every problem found, field by field."""

import re

from flask_babel import lazy_gettext as _l

from cpas.entry.errors import ValidationError
from cpas.entry.fields import (
    MAX_REASON_LENGTH,
    FieldError,
    Kind,
    check_length,
    check_writable,
    choose,
    chosen_parts,
    parse_value,
)
from cpas.entry.keys import Workspace, record_key, shown_key
from cpas.entry.spec import RecordSpec


def validate(spec: RecordSpec, raw: dict, workspace: Workspace, record=None) -> dict:
    """Parse and check ``raw`` (attr → typed text or workbook value) for ``spec``; returns the
    typed values or raises ValidationError with every problem found."""
    errors, values = {}, {}
    for field_spec in spec.form_fields:
        if field_spec.attr not in raw:
            continue
        references = workspace.reference_index(field_spec) if field_spec.reference else None
        try:
            value = parse_value(field_spec, raw[field_spec.attr], references, workspace.context.locale)
            if field_spec.choices is not None and value:
                kept = chosen_parts(field_spec, getattr(record, field_spec.attr)) if record is not None else ()
                value = choose(field_spec, value, workspace.choices(field_spec), kept)
            values[field_spec.attr] = value
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
    if record is not None and _unchanged(spec, record, values):
        # A row left as it was (a workbook downloaded and uploaded again) changes nothing, and is
        # not judged by rules that read other data: an assessment rated before its indicators'
        # data moved is not refused on its own unchanged row.
        return values
    for check in spec.checks:
        errors.update(check(values, workspace.context))
    if spec.ref_prefix and not values.get("ref"):
        values["ref"] = record.ref if record is not None else next_ref(spec, workspace)
    key = record_key(spec, values)
    existing = workspace.index(spec.name).get(key)
    if existing is not None and existing is not record:
        errors[spec.key_fields[-1]] = _l("%(record)s %(key)s exists already.", record=spec.label,
                                              key=shown_key(spec, values))
    if errors:
        raise ValidationError(errors)
    return values


def _unchanged(spec: RecordSpec, record, values: dict) -> bool:
    for field_spec in spec.form_fields:
        current, value = getattr(record, field_spec.attr), values[field_spec.attr]
        if field_spec.kind is Kind.MULTI_REFERENCE:
            if list(current) != list(value):
                return False
        elif current != value:
            return False
    return True


def check_reason(reason: str, key: str = "reason") -> None:
    """ValidationError on ``key`` for a reason for a change (or a comment) longer than
    MAX_REASON_LENGTH: the audit trail keeps it whole."""
    try:
        check_length(reason.strip(), MAX_REASON_LENGTH)
        check_writable(reason)
    except FieldError as error:
        raise ValidationError({key: error.message}) from None


def next_ref(spec: RecordSpec, workspace: Workspace) -> str:
    """The next free generated key, e.g. A-004 after A-003."""
    numbers = [int(match.group(1)) for key in workspace.index(spec.name)
               if (match := re.fullmatch(rf"{spec.ref_prefix}-(\d+)", key))]
    return f"{spec.ref_prefix}-{max(numbers, default=0) + 1:03d}"
