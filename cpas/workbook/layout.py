"""The Excel data workbook's layout: an instructions sheet, then one sheet per record type with
a Key column and one column per field, headed in English whatever the user's language, so that
a workbook made by one officer can be read back by another."""

from dataclasses import dataclass

from flask_babel import force_locale

from cpas.entry.context import EntryContext
from cpas.entry.fields import FieldSpec, Kind, offered_choices
from cpas.entry.keys import reference_choices
from cpas.entry.spec import SPECS, RecordSpec, names_its_period
from cpas.labels import label

INSTRUCTIONS_SHEET = "Instructions"
# A hidden sheet holding the values of the drop-down lists of coded columns (a list of more than
# 255 characters cannot be written into the validation itself); an import passes over it.
LISTS_SHEET = "Lists"
# The sheet listing an upload's problems in the workbook handed back with them marked: the officer
# fixes the cells and uploads that workbook again, which the import reads past it.
PROBLEMS_SHEET = "Problems"
KEY_HEADER = "Key"
# The last column of a sheet whose records keep an edit counter: the version each row had when the
# workbook was downloaded, so that an import never overwrites a change saved since (hidden).
VERSION_HEADER = "Version"
MISSION_CELL, PERIOD_CELL = "B3", "B4"


def headers(spec: RecordSpec) -> list[str]:
    with force_locale("en"):
        return [KEY_HEADER] + [str(field.label) for field in spec.form_fields]


def is_versioned(spec: RecordSpec) -> bool:
    return hasattr(spec.model, "version")


def sheet_headers(spec: RecordSpec) -> list[str]:
    """The header row of a record type's sheet: Key, its fields, and Version where it keeps one."""
    return headers(spec) + ([VERSION_HEADER] if is_versioned(spec) else [])


def _reference_text(field) -> str:
    target = SPECS[field.reference]
    if not target.entered:
        return f"name or code of a {str(target.label).lower()}"
    if field.kind is Kind.MULTI_REFERENCE:
        return f"keys of sheet '{target.sheet}', separated by ';'"
    if names_its_period(field):
        return (f"budget period and key of a row of sheet '{target.sheet}' of that period's workbook, "
                f"e.g. 2019/20 · 2.1.1")
    return f"key of a row of sheet '{target.sheet}'"


@dataclass(frozen=True)
class ColumnList:
    """The values a coded column offers in a drop-down list: the codes of an enum, the names of
    reference data, a text field's choices (the mission's regions) — each as the workbook writes
    it and the import reads it. A column holding several of them (an activity's regions) offers
    the list without refusing what is not in it: the import checks each one."""

    values: tuple[str, ...]
    several: bool = False


def column_list(field: FieldSpec, context: EntryContext) -> ColumnList | None:
    """The drop-down list of a column, or None for a column of free values (and for references to
    other sheets' rows, whose keys the workbook itself may add to)."""
    if field.kind is Kind.ENUM and field.enum_class is not None:
        return ColumnList(tuple(member.value for member in field.enum_class))
    if field.kind is Kind.REFERENCE and not SPECS[field.reference].entered:
        return ColumnList(tuple(key for key, _shown in reference_choices(field, context)))
    offered = offered_choices(field, context) if field.choices is not None else []
    if offered:
        return ColumnList(tuple(value for value, _shown in offered), several=field.choice_separator is not None)
    return None


def _enum_text(field) -> str:
    """"one of: p5_p4 (P-5–P-4), …": each code, and its name where the code alone does not say it."""
    named = [member.value if label(member).lower() == member.value.replace("_", " ") else
             f"{member.value} ({label(member)})" for member in field.enum_class]
    return "one of: " + ", ".join(named)


def _choices_text(field, context) -> str:
    offered = offered_choices(field, context) if context is not None else []
    if not offered:
        return "text"
    values = ", ".join(value for value, _shown in offered)
    if field.choice_separator is not None:
        return f"one or more of: {values}, separated by '{field.choice_separator.strip()}'"
    return f"one of: {values}"


def describe_column(field, context: EntryContext | None = None) -> str:
    """What a column holds, for the Instructions sheet (in English, as the headers are)."""
    with force_locale("en"):
        kind = {
            Kind.MONEY: "US dollars, up to two decimals",
            Kind.QUANTITY: "number, up to four decimals",
            Kind.INTEGER: "whole number",
            Kind.DATE: "date (YYYY-MM-DD)",
            Kind.ENUM: _enum_text(field) if field.enum_class else "",
        }.get(field.kind, f"text, at most {field.max_length:,} characters")
        if field.reference:
            kind = _reference_text(field)
        elif field.choices is not None:
            kind = _choices_text(field, context)
        required = "required; " if field.required else ""
        return f"{required}{kind}" + (f". {field.help}" if field.help else "")
