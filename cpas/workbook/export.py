"""Writing the Excel data workbook of a mission and period, filled or as an empty template."""

from flask_babel import force_locale
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from cpas.entry.context import EntryContext
from cpas.entry.fields import Kind
from cpas.entry.keys import record_key, reference_key
from cpas.entry.scoping import key_options, scoped_select
from cpas.entry.spec import RecordSpec
from cpas.exports.xlsx import HEADER_FONT, set_widths, workbook_bytes, write_header, write_text, write_value
from cpas.record_types import workbook_specs
from cpas.workbook.layout import (
    INSTRUCTIONS_SHEET,
    LISTS_SHEET,
    VERSION_HEADER,
    ColumnList,
    column_list,
    describe_column,
    headers,
    is_versioned,
    sheet_headers,
)

NUMBER_FORMATS = {Kind.MONEY: "#,##0.00", Kind.DATE: "yyyy-mm-dd", Kind.INTEGER: "0"}
LAST_ROW = 1_048_576  # a drop-down list covers its whole column, below the header, in any spreadsheet


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
        ("Lists", f"Columns holding codes offer them in a drop-down list: stages, statuses and other codes, "
                  f"classes of expenditure, ratings, the mission's regions. The lists are on the hidden sheet "
                  f"'{LISTS_SHEET}', which the import passes over."),
        ("Import", "Upload the workbook on the 'Excel data workbook' page: the app checks every row and shows "
                   "what would be created and changed before anything is saved."),
        ("", ""),
        ("Sheet", "Column: what it holds"),
    ]
    for spec in workbook_specs():
        for field, heading in zip(spec.form_fields, headers(spec)[1:], strict=True):
            lines.append((spec.sheet, f"{heading}: {describe_column(field, context)}"))
    for row, (label, text) in enumerate(lines, start=1):
        write_text(sheet, row, 1, label)
        write_text(sheet, row, 2, text)
    sheet["A1"].font = Font(bold=True, size=14)
    set_widths(sheet, [28, 120])


class _Lists:
    """The hidden sheet of drop-down lists: one column per distinct list, headed by the first
    column that offers it, and the range each list is read from."""

    def __init__(self, book: Workbook):
        self.sheet = book.create_sheet(LISTS_SHEET)
        self.sheet.sheet_state = "hidden"
        self.ranges: dict[tuple[str, ...], str] = {}

    def range_of(self, offered: ColumnList, heading: str) -> str:
        if offered.values not in self.ranges:
            column = len(self.ranges) + 1
            write_text(self.sheet, 1, column, heading)
            self.sheet.cell(row=1, column=column).font = HEADER_FONT
            for row, value in enumerate(offered.values, start=2):
                write_text(self.sheet, row, column, value)
            letter = get_column_letter(column)
            self.ranges[offered.values] = (f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:"
                                           f"${letter}${len(offered.values) + 1}")
        return self.ranges[offered.values]


def _add_drop_downs(sheet: Worksheet, spec: RecordSpec, context: EntryContext, lists: _Lists) -> None:
    """A drop-down list on each coded column of a record type's sheet."""
    for column, field in enumerate(spec.form_fields, start=2):
        offered = column_list(field, context)
        if offered is None:
            continue
        letter, heading = get_column_letter(column), headers(spec)[column - 1]
        validation = DataValidation(type="list", formula1=lists.range_of(offered, f"{spec.sheet}: {heading}"),
                                    allow_blank=True)
        if offered.several:  # "Mopti, Ségou": the list helps, the import checks each value
            validation.showErrorMessage = False
            validation.promptTitle, validation.prompt = heading, "One or more from the list, separated by commas."
            validation.showInputMessage = True
        else:
            validation.errorTitle, validation.error = heading, "Choose a value from the drop-down list."
            validation.showErrorMessage = True
        validation.add(f"{letter}2:{letter}{LAST_ROW}")
        sheet.add_data_validation(validation)


def build_data_workbook(context: EntryContext, empty: bool = False) -> bytes:
    """The workbook as bytes: an instructions sheet, one sheet per record type (coded columns with
    a drop-down list) and the hidden sheet of those lists."""
    book = Workbook()
    with force_locale("en"):
        _instructions(book, context, empty)
        record_sheets = [(spec, book.create_sheet(spec.sheet)) for spec in workbook_specs()]
        lists = _Lists(book)
        for spec, sheet in record_sheets:
            _add_drop_downs(sheet, spec, context, lists)
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
