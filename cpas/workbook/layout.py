"""The Excel data workbook's layout: an instructions sheet, then one sheet per record type with
a Key column and one column per field, headed in English whatever the user's language, so that
a workbook made by one officer can be read back by another."""

from flask_babel import force_locale

from cpas.entry.fields import Kind
from cpas.entry.spec import SPECS, RecordSpec, names_its_period

INSTRUCTIONS_SHEET = "Instructions"
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


def describe_column(field) -> str:
    with force_locale("en"):
        kind = {
            Kind.MONEY: "US dollars, up to two decimals",
            Kind.QUANTITY: "number, up to four decimals",
            Kind.INTEGER: "whole number",
            Kind.DATE: "date (YYYY-MM-DD)",
            Kind.ENUM: "one of: " + ", ".join(m.value for m in field.enum_class) if field.enum_class else "",
        }.get(field.kind, "text")
        if field.reference:
            kind = _reference_text(field)
        required = "required; " if field.required else ""
        return f"{required}{kind}" + (f". {field.help}" if field.help else "")
