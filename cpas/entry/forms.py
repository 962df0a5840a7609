"""WTForms forms built from a record spec: one field per FieldSpec, plus the version the user
started from (edit conflicts) and a reason for changes that need one."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, SelectField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice

from cpas.entry.context import EntryContext
from cpas.entry.fields import FieldSpec, Kind, display_value
from cpas.entry.keys import reference_choices, reference_key
from cpas.entry.spec import RecordSpec
from cpas.labels import label

EMPTY_CHOICE = SelectChoice("", "—")


def _choices(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, str(text)) for value, text in pairs]


def _form_field(field_spec: FieldSpec, context: EntryContext):
    options = {"label": field_spec.label, "description": field_spec.help}
    kind = field_spec.kind
    if kind is Kind.LONG_TEXT:
        return TextAreaField(render_kw={"rows": 3}, **options)
    if kind.is_numeric:
        return StringField(render_kw={"inputmode": "decimal", "class": "text-end", "autocomplete": "off"}, **options)
    if kind is Kind.DATE:
        return StringField(render_kw={"type": "date"}, **options)
    if kind is Kind.ENUM:
        choices = [EMPTY_CHOICE] + _choices((member.value, label(member)) for member in field_spec.enum_class)
        return SelectField(choices=choices, validate_choice=False, **options)
    if kind is Kind.REFERENCE:
        return SelectField(choices=[EMPTY_CHOICE] + _choices(reference_choices(field_spec, context)),
                           validate_choice=False, **options)
    if kind is Kind.MULTI_REFERENCE:
        choices = _choices(reference_choices(field_spec, context))
        return SelectMultipleField(choices=choices, validate_choice=False,
                                   render_kw={"size": min(max(len(choices), 3), 8)}, **options)
    max_length = {"maxlength": field_spec.max_length} if field_spec.max_length else {}
    return StringField(render_kw=max_length, **options)


def initial_data(spec: RecordSpec, record, locale: str | None = None) -> dict:
    """The record's values as the form shows them (numbers in ``locale``'s language)."""
    data = {}
    for field_spec in spec.form_fields:
        value = getattr(record, field_spec.attr)
        if field_spec.kind is Kind.REFERENCE:
            data[field_spec.attr] = reference_key(field_spec, value)
        elif field_spec.kind is Kind.MULTI_REFERENCE:
            data[field_spec.attr] = [reference_key(field_spec, item) for item in value]
        else:
            data[field_spec.attr] = display_value(field_spec, value, locale)
    data["version"] = record.version
    return data


def build_form(spec: RecordSpec, context: EntryContext, data: dict | None = None) -> FlaskForm:
    class RecordForm(FlaskForm):
        version = HiddenField()
        reason = TextAreaField(_l("Reason for the change"), render_kw={"rows": 2},
                               description=spec.reason_rule.help if spec.reason_rule else "")

    for field_spec in spec.form_fields:
        setattr(RecordForm, field_spec.attr, _form_field(field_spec, context))
    return RecordForm(data=data or {})


def raw_values(spec: RecordSpec, form: FlaskForm) -> dict:
    """What the user typed, field by field, for the service to parse."""
    raw = {}
    for field_spec in spec.form_fields:
        value = form[field_spec.attr].data
        raw[field_spec.attr] = ";".join(value or []) if field_spec.kind is Kind.MULTI_REFERENCE else value
    return raw
