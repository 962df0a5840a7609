"""Writing the Excel data workbook of a mission and period, filled or as an empty template."""

from flask_babel import force_locale
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cpas.entry.context import EntryContext
from cpas.entry.fields import Kind
from cpas.entry.keys import record_key, reference_key
from cpas.entry.scoping import key_options, scoped_select
from cpas.entry.spec import RecordSpec
from cpas.exports.xlsx import set_widths, workbook_bytes, write_header, write_text, write_value
from cpas.record_types import workbook_specs
from cpas.workbook.layout import (
    INSTRUCTIONS_SHEET,
    VERSION_HEADER,
    describe_column,
    headers,
    is_versioned,
    sheet_headers,
)

NUMBER_FORMATS = {Kind.MONEY: "#,##0.00", Kind.DATE: "yyyy-mm-dd", Kind.INTEGER: "0"}


def records_for_workbook(spec: RecordSpec, context: EntryContext) -> list:
    statement = scoped_select(spec, context)
    if spec.workbook_filter is not None:
        statement = statement.where(spec.workbook_filter(context))
    references = [f.attr for f in spec.form_fields if f.kind in (Kind.REFERENCE, Kind.MULTI_REFERENCE)]
    order = [getattr(spec.model, attr) for attr in spec.order_by] + [spec.model.id]
    return list(context.session.scalars(statement.options(*key_options(spec, references)).order_by(*order)))


def _cell_value(field, value):
    if field.kind is Kind.REFERENCE:
        return reference_key(field, value)
    if field.kind is Kind.MULTI_REFERENCE:
        return "; ".join(reference_key(field, item) for item in value)
    if field.kind is Kind.ENUM:
        return value.value if value is not None else ""
    return value


def _instructions(book: Workbook, context: EntryContext, empty: bool) -> None:
    sheet = book.active
    sheet.title = INSTRUCTIONS_SHEET
    lines = [
        ("CPAS tracker: data workbook", ""),
        ("", ""),
        ("Mission", context.mission.code),  # MISSION_CELL: read back on import
        ("Budget period", context.period.label),  # PERIOD_CELL
        ("Contents", "empty template" if empty else "all records of the mission and period"),
        ("", ""),
        ("How to use", "Each sheet holds one type of record, one per row, under the header row. Do not rename "
                       "sheets or headers."),
        ("Key", "The first column identifies a row's record. Keep it to change that record; leave it empty for "
                "a new record. Rows are matched on import by this key; records absent from the workbook are "
                "left alone (nothing is deleted by an import)."),
        ("Values", "Type values, not formulas. Amounts are US dollars with at most two decimals. Dates are "
                   "YYYY-MM-DD. References name another sheet's Key."),
        (VERSION_HEADER, "The last column, hidden, holds the version each record had when the workbook was "
                         "downloaded. Leave it as it is: a row whose record was changed in the app since then is "
                         "shown as a problem instead of overwriting that change. A row without a version is "
                         "compared field by field."),
        ("Import", "Upload the workbook on the 'Excel data workbook' page: the app checks every row and shows "
                   "what would be created and changed before anything is saved."),
        ("", ""),
        ("Sheet", "Column: what it holds"),
    ]
    for spec in workbook_specs():
        for field, heading in zip(spec.form_fields, headers(spec)[1:], strict=True):
            lines.append((spec.sheet, f"{heading}: {describe_column(field)}"))
    for row, (label, text) in enumerate(lines, start=1):
        write_text(sheet, row, 1, label)
        write_text(sheet, row, 2, text)
    sheet["A1"].font = Font(bold=True, size=14)
    set_widths(sheet, [28, 120])


def build_data_workbook(context: EntryContext, empty: bool = False) -> bytes:
    """The workbook as bytes: an instructions sheet and one sheet per record type."""
    book = Workbook()
    with force_locale("en"):
        _instructions(book, context, empty)
        for spec in workbook_specs():
            sheet = book.create_sheet(spec.sheet)
            write_header(sheet, sheet_headers(spec))
            set_widths(sheet, [28] + [40 if f.kind in (Kind.LONG_TEXT, Kind.MULTI_REFERENCE) else 18
                                      for f in spec.form_fields])
            version_column = len(headers(spec)) + 1 if is_versioned(spec) else None
            if version_column:
                sheet.column_dimensions[get_column_letter(version_column)].hidden = True
            if empty:
                continue
            for row, record in enumerate(records_for_workbook(spec, context), start=2):
                write_text(sheet, row, 1, record_key(spec, record))
                for column, field in enumerate(spec.form_fields, start=2):
                    value = _cell_value(field, getattr(record, field.attr))
                    if value is None or value == "":
                        continue
                    if isinstance(value, str):
                        write_text(sheet, row, column, value)
                    else:
                        write_value(sheet, row, column, value, NUMBER_FORMATS.get(field.kind))
                if version_column:
                    write_value(sheet, row, version_column, record.version, NUMBER_FORMATS[Kind.INTEGER])
    return workbook_bytes(book)
