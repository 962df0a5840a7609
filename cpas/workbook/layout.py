"""The Excel data workbook's layout: an instructions sheet, then one sheet per record type with
a Key column and one column per field, headed in English whatever the user's language, so that
a workbook made by one officer can be read back by another."""

from flask_babel import force_locale

from cpas.entry.fields import Kind
from cpas.entry.specs import SPECS, WORKBOOK_ORDER, RecordSpec

INSTRUCTIONS_SHEET = "Instructions"
KEY_HEADER = "Key"
MISSION_CELL, PERIOD_CELL = "B3", "B4"


def headers(spec: RecordSpec) -> list[str]:
    with force_locale("en"):
        return [KEY_HEADER] + [str(field.label) for field in spec.form_fields]


def column_of(spec: RecordSpec, attr: str) -> int:
    """1-based column of a field (the Key is column 1)."""
    return 2 + [field.attr for field in spec.form_fields].index(attr)


def workbook_specs() -> list[RecordSpec]:
    return [SPECS[name] for name in WORKBOOK_ORDER]


def describe_column(field) -> str:
    with force_locale("en"):
        kind = {
            Kind.MONEY: "US dollars, up to two decimals",
            Kind.QUANTITY: "number, up to four decimals",
            Kind.INTEGER: "whole number",
            Kind.DATE: "date (YYYY-MM-DD)",
            Kind.ENUM: "one of: " + ", ".join(m.value for m in field.enum_class) if field.enum_class else "",
            Kind.REFERENCE: f"key of a row of sheet '{SPECS[field.reference].sheet}'" if field.reference in SPECS
            else "name of a class of expenditure",
            Kind.MULTI_REFERENCE: f"keys of sheet '{SPECS[field.reference].sheet}', separated by ';'"
            if field.reference in SPECS else "",
        }.get(field.kind, "text")
        required = "required; " if field.required else ""
        return f"{required}{kind}" + (f". {field.help}" if field.help else "")
