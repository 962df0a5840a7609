"""Writing the Excel data workbook of a mission and period, filled or as an empty template.

The workbook is written in openpyxl's write-only mode from streamed query results: its memory
does not grow with the records (a sheet's rows go to a temporary file as they are read), and every
sheet is bounded by the rows an import reads back (``MAX_RECORDS_PER_SHEET``)."""

from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter, quote_sheetname
from openpyxl.worksheet.datavalidation import DataValidation

from cpas.entry.context import EntryContext
from cpas.entry.fields import Kind
from cpas.entry.keys import record_key, reference_key
from cpas.entry.scoping import key_options
from cpas.entry.spec import RecordSpec
from cpas.exports.xlsx import (
    HEADER_FONT,
    ISO_DATE_FORMAT,
    header_cells,
    set_widths,
    text_cell,
    value_cell,
    workbook_bytes,
)
from cpas.formatting import format_count
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
from cpas.workbook.selection import (
    MAX_RECORDS_PER_SHEET,
    DataPointSelection,
    default_selection,
    period_selection,
    selected,
)

NUMBER_FORMATS = {Kind.MONEY: "#,##0.00", Kind.DATE: ISO_DATE_FORMAT, Kind.INTEGER: "0"}
LAST_ROW = 1_048_576  # a drop-down list covers its whole column, below the header, in any spreadsheet


class TooManyRecords(ValueError):
    """A sheet would hold more rows than an import reads back, with the message the user reads."""

    def __init__(self, spec: RecordSpec):
        super().__init__(spec.name)
        self.spec = spec
        self.message = _l("The sheet %(sheet)s would hold more than %(limit)s rows, more than an import reads back: "
                          "choose fewer data points (a shorter date range, one impact indicator or one region).",
                          sheet=spec.sheet, limit=format_count(MAX_RECORDS_PER_SHEET))


def records_for_workbook(spec: RecordSpec, context: EntryContext, selection: DataPointSelection | None = None):
    """The sheet's records in its order with the references their cells name, streamed to the
    sheet; TooManyRecords past ``MAX_RECORDS_PER_SHEET``. The rows are fetched as one batch (the
    sheet's limit bounds its memory): each reference is then loaded in one query for the whole
    sheet, where batches would load it again for each batch, and a bigger mission would make
    more queries."""
    statement = selected(spec, context, selection or period_selection(context))
    references = [f.attr for f in spec.form_fields if f.kind in (Kind.REFERENCE, Kind.MULTI_REFERENCE)]
    order = [getattr(spec.model, attr) for attr in spec.order_by] + [spec.model.id]
    statement = (statement.options(*key_options(spec, references, most_records=MAX_RECORDS_PER_SHEET)).order_by(*order)
                 .limit(MAX_RECORDS_PER_SHEET + 1).execution_options(yield_per=MAX_RECORDS_PER_SHEET + 1))
    for number, record in enumerate(context.session.scalars(statement), start=1):
        if number > MAX_RECORDS_PER_SHEET:
            raise TooManyRecords(spec)
        yield record


def _cell_value(field, value):
    if field.kind is Kind.REFERENCE:
        return reference_key(field, value)
    if field.kind is Kind.MULTI_REFERENCE:
        return "; ".join(reference_key(field, item) for item in value)
    if field.kind is Kind.ENUM:
        return value.value if value is not None else ""
    return value


def _instructions(book: Workbook, context: EntryContext, empty: bool, selection: DataPointSelection) -> None:
    sheet = book.create_sheet(INSTRUCTIONS_SHEET)
    set_widths(sheet, [28, 120])
    contents = "empty template" if empty else f"all records of the mission and period; {selection.describe()}"
    lines = [
        ("CPAS tracker: data workbook", ""),
        ("", ""),
        ("Mission", context.mission.code),  # MISSION_CELL: read back on import
        ("Budget period", context.period.label),  # PERIOD_CELL
        ("Contents", contents),
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
        ("Limits", f"A sheet holds at most {MAX_RECORDS_PER_SHEET:,} rows, as many as an import reads. The data "
                   f"points sheet holds those observed in the budget period unless other dates, an impact "
                   f"indicator or a region were chosen on the download page."),
        ("Import", "Upload the workbook on the 'Excel data workbook' page: the app checks every row and shows "
                   "what would be created and changed before anything is saved."),
        ("", ""),
        ("Sheet", "Column: what it holds"),
    ]
    for spec in workbook_specs():
        for field, heading in zip(spec.form_fields, headers(spec)[1:], strict=True):
            lines.append((spec.sheet, f"{heading}: {describe_column(field, context)}"))
    for number, (label, text) in enumerate(lines):
        first = text_cell(sheet, label)
        if number == 0:
            first = WriteOnlyCell(sheet, value=label)
            first.font = Font(bold=True, size=14)
        sheet.append([first, text_cell(sheet, text)])


class _Lists:
    """The hidden sheet of drop-down lists: one column per distinct list, headed by the first
    column that offers it, and the range each list is read from. Its columns are gathered first,
    then written row by row (a write-only sheet is written once, top to bottom)."""

    def __init__(self):
        self.columns: dict[tuple[str, ...], str] = {}  # the values of a list: its heading

    def range_of(self, offered: ColumnList, heading: str) -> str:
        self.columns.setdefault(offered.values, heading)
        letter = get_column_letter(list(self.columns).index(offered.values) + 1)
        return f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(offered.values) + 1}"

    def write(self, book: Workbook) -> None:
        sheet = book.create_sheet(LISTS_SHEET)
        sheet.sheet_state = "hidden"
        lists = list(self.columns)
        headings = []
        for values in lists:
            cell = WriteOnlyCell(sheet, value=self.columns[values])  # our own heading
            cell.font = HEADER_FONT
            headings.append(cell)
        sheet.append(headings)
        for row in range(max((len(values) for values in lists), default=0)):
            sheet.append([text_cell(sheet, values[row]) if row < len(values) else None for values in lists])


def _drop_downs(spec: RecordSpec, context: EntryContext, lists: _Lists) -> list[DataValidation]:
    """A drop-down list for each coded column of a record type's sheet."""
    validations = []
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
        validations.append(validation)
    return validations


def _record_row(sheet, spec: RecordSpec, record, versioned: bool) -> list:
    row = [text_cell(sheet, record_key(spec, record))]
    for field in spec.form_fields:
        value = _cell_value(field, getattr(record, field.attr))
        if value is None or value == "":
            row.append(None)
        elif isinstance(value, str):
            row.append(text_cell(sheet, value))
        else:
            row.append(value_cell(sheet, value, NUMBER_FORMATS.get(field.kind)))
    if versioned:
        row.append(record.version)
    return row


def _abandon(book: Workbook) -> None:
    """Ends the sheets of a workbook not to be saved, so that their temporary files close now."""
    for sheet in book.worksheets:
        if not sheet.closed:
            sheet.close()


def build_data_workbook(context: EntryContext, empty: bool = False,
                        selection: DataPointSelection | None = None) -> bytes:
    """The workbook as bytes: an instructions sheet, one sheet per record type (coded columns with
    a drop-down list) and the hidden sheet of those lists. The data points are those of
    ``selection`` (default: observed up to the period's end, the latest dates where they are
    more than a sheet holds); TooManyRecords if a sheet would hold more
    rows than an import reads back."""
    selection = selection or (period_selection(context) if empty else default_selection(context))
    book = Workbook(write_only=True)
    try:
        with force_locale("en"):
            _instructions(book, context, empty, selection)
            lists = _Lists()
            for spec in workbook_specs():
                sheet = book.create_sheet(spec.sheet)
                for validation in _drop_downs(spec, context, lists):
                    sheet.data_validations.append(validation)
                set_widths(sheet, [28] + [40 if f.kind in (Kind.LONG_TEXT, Kind.MULTI_REFERENCE) else 18
                                          for f in spec.form_fields])
                versioned = is_versioned(spec)
                if versioned:
                    sheet.column_dimensions[get_column_letter(len(headers(spec)) + 1)].hidden = True
                sheet.append(header_cells(sheet, sheet_headers(spec)))
                if empty:
                    continue
                for record in records_for_workbook(spec, context, selection):
                    sheet.append(_record_row(sheet, spec, record, versioned))
            lists.write(book)
    except Exception:
        _abandon(book)
        raise
    return workbook_bytes(book)
