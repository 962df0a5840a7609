"""WTForms forms built from a record spec: one field per FieldSpec, plus the version the user
started from (edit conflicts) and a reason for changes that need one."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import ValidationError as InputError

from cpas.entry.context import EntryContext
from cpas.entry.fields import (
    MAX_REASON_LENGTH,
    FieldError,
    FieldSpec,
    Kind,
    check_length,
    chosen_parts,
    display_value,
    offered_choices,
)
from cpas.entry.keys import describe, reference_choices, reference_index, reference_key
from cpas.entry.spec import SPECS, RecordSpec
from cpas.labels import label

EMPTY_CHOICE = SelectChoice("", "—")


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, str(text)) for value, text in pairs]


def _choice_field(field_spec: FieldSpec, offered: list, current, options: dict):
    """A select of a text field's choices; what the record holds and is no longer offered stays
    offered to it (a region since renamed), so that saving the form does not drop it."""
    values = [value for value, _shown in offered]
    several = field_spec.choice_separator is not None
    held = current if isinstance(current, list) else chosen_parts(field_spec, current)
    pairs = offered + [(value, value) for value in held if value not in values]
    if several:
        return SelectMultipleField(choices=_choices(pairs), validate_choice=False,
                                   render_kw={"size": min(max(len(pairs), 3), 8)}, **options)
    return SelectField(choices=[EMPTY_CHOICE] + _choices(pairs), validate_choice=False, **options)


def _form_field(field_spec: FieldSpec, context: EntryContext, current=None):
    options = {"label": field_spec.label, "description": field_spec.help}
    kind = field_spec.kind
    offered = offered_choices(field_spec, context)
    if offered:
        return _choice_field(field_spec, offered, current, options)
    if kind is Kind.LONG_TEXT:
        return TextAreaField(render_kw={"rows": 3, "maxlength": field_spec.max_length}, **options)
    if kind.is_numeric:
        return StringField(render_kw={"inputmode": "decimal", "class": "text-end", "autocomplete": "off"}, **options)
    if kind is Kind.DATE:
        return StringField(render_kw={"type": "date"}, **options)
    if kind is Kind.ENUM:
        choices = [EMPTY_CHOICE] + _choices((member.value, label(member)) for member in field_spec.enum_class)
        return SelectField(choices=choices, validate_choice=False, **options)
    if kind is Kind.REFERENCE:
        offered = reference_choices(field_spec, context)
        # What the record points to stays offered to it although no longer offered to a new record
        # (a class of expenditure not used in the period), so that the form shows what it holds.
        if current and current not in {key for key, _shown in offered}:
            held = reference_index(field_spec, context).get(current)
            offered.append((current, describe(SPECS[field_spec.reference], held) if held is not None else current))
        return SelectField(choices=[EMPTY_CHOICE] + _choices(offered), validate_choice=False, **options)
    if kind is Kind.MULTI_REFERENCE:
        choices = _choices(reference_choices(field_spec, context))
        return SelectMultipleField(choices=choices, validate_choice=False,
                                   render_kw={"size": min(max(len(choices), 3), 8)}, **options)
    return StringField(render_kw={"maxlength": field_spec.max_length}, **options)


def _at_most(limit: int):
    """A WTForms validator of a free text outside the record's fields (the reason for a change)."""
    def validate_length(form, field):
        try:
            check_length(field.data or "", limit)
        except FieldError as error:
            raise InputError(str(error.message)) from None
    return validate_length


def initial_data(spec: RecordSpec, record, locale: str | None = None) -> dict:
    """The record's values as the form shows them (numbers in ``locale``'s language)."""
    data = {}
    for field_spec in spec.form_fields:
        value = getattr(record, field_spec.attr)
        if field_spec.kind is Kind.REFERENCE:
            data[field_spec.attr] = reference_key(field_spec, value)
        elif field_spec.kind is Kind.MULTI_REFERENCE:
            data[field_spec.attr] = [reference_key(field_spec, item) for item in value]
        elif field_spec.choice_separator is not None:
            data[field_spec.attr] = chosen_parts(field_spec, value)
        else:
            data[field_spec.attr] = display_value(field_spec, value, locale)
    data["version"] = record.version
    return data


def build_form(spec: RecordSpec, context: EntryContext, data: dict | None = None) -> FlaskForm:
    class RecordForm(FlaskForm):
        version = HiddenField()
        reason = TextAreaField(_l("Reason for the change"), validators=[_at_most(MAX_REASON_LENGTH)],
                               render_kw={"rows": 2, "maxlength": MAX_REASON_LENGTH},
                               description=spec.reason_rule.help if spec.reason_rule else "")

    data = dict(data or {})
    for field_spec in spec.form_fields:
        form_field = _form_field(field_spec, context, data.get(field_spec.attr))
        if form_field.field_class is SelectMultipleField and isinstance(data.get(field_spec.attr), str):
            data[field_spec.attr] = chosen_parts(field_spec, data[field_spec.attr])  # ?region=Mopti
        setattr(RecordForm, field_spec.attr, form_field)
    return RecordForm(data=data)


def raw_values(spec: RecordSpec, form: FlaskForm) -> dict:
    """What the user typed, field by field, for the service to parse."""
    raw = {}
    for field_spec in spec.form_fields:
        value = form[field_spec.attr].data
        if field_spec.kind is Kind.MULTI_REFERENCE:
            value = ";".join(value or [])
        elif isinstance(value, list):  # several choices of a text field
            value = (field_spec.choice_separator or "").join(value)
        raw[field_spec.attr] = value
    return raw
