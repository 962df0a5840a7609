"""Writing the Excel data workbook of a mission and period, filled or as an empty template.

The workbook is written with XlsxWriter in its ``constant_memory`` mode from streamed query
results: each sheet is written top to bottom, a row going to a temporary file as soon as the next
one is begun, so that memory does not grow with the records, and every sheet is bounded by the
rows an import reads back (``MAX_RECORDS_PER_SHEET``). XlsxWriter rather than openpyxl's write-only
mode, for time: the scale benchmark's biggest mission (176,000 cells) took 6.9 s, half of it
openpyxl making, styling and serialising each cell. Every look is one format, made once; text is
written only by ``write_string``, which never makes a formula of it, with the rules of
``cpas.exports.xlsx`` (``clean_text``, the quote prefix, ``spreadsheet_number``). Uploads are read,
and the marked copy written, with openpyxl. XlsxWriter spells a carriage return, and any text
shaped like such a spelling, in the escapes of the file format (``_x000D_``, ``_x005F_x0041_``), as
Excel does; the reader undoes them (``cpas.workbook.reader``), so that text reads back as it was
written."""

import tempfile
from datetime import date, datetime
from io import BytesIO

import xlsxwriter
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from openpyxl.utils import get_column_letter, quote_sheetname

from cpas.entry.context import EntryContext
from cpas.entry.fields import Kind
from cpas.entry.keys import record_key, reference_key
from cpas.entry.scoping import key_options
from cpas.entry.spec import RecordSpec
from cpas.exports.xlsx import ISO_DATE_FORMAT, clean_text, excel_day, needs_quote_prefix, spreadsheet_number
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
DATE_TIME_FORMAT = "yyyy-mm-dd h:mm:ss"  # openpyxl's, for a date and time
LAST_ROW = 1_048_576  # a drop-down list covers its whole column, below the header, in any spreadsheet
HEADER_FILL = "#DCE6F1"
TITLE_SIZE = 14
MAX_TITLE = 32  # characters of a drop-down's prompt or error title, in Excel (XlsxWriter refuses more)
# Columns whose few values recur row after row (a code, a reference to one of the sheet's few
# components or indicators): each value's text is made once a sheet.
RECURRING_KINDS = (Kind.ENUM, Kind.REFERENCE)


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


class _Formats:
    """The workbook's formats, each made once: a sheet of 20,000 rows has a handful of looks."""

    def __init__(self, book: xlsxwriter.Workbook):
        self.title = book.add_format({"bold": True, "font_size": TITLE_SIZE})
        self.heading = book.add_format({"bold": True})
        self.header = book.add_format({"bold": True, "pattern": 1, "bg_color": HEADER_FILL, "text_wrap": True,
                                       "valign": "top"})
        self.quoted = book.add_format({"quote_prefix": True})
        self.number = {kind: book.add_format({"num_format": number_format})
                       for kind, number_format in NUMBER_FORMATS.items()}
        self.date_time = book.add_format({"num_format": DATE_TIME_FORMAT})


class _Sheet:
    """One sheet being written, row after row: its XlsxWriter worksheet, whose rows and columns
    count from 0, and the workbook's formats."""

    def __init__(self, book: xlsxwriter.Workbook, name: str, formats: _Formats):
        self.worksheet = book.add_worksheet(name)
        self.formats = formats

    def text(self, row: int, column: int, text, cell_format=None) -> None:
        """A user's string, written as a string whatever it starts with (nothing for no text)."""
        text = clean_text(text)
        if text:
            quoted = needs_quote_prefix(text)
            self.worksheet.write_string(row, column, text, self.formats.quoted if quoted else cell_format)

    def value(self, row: int, column: int, value, number_format=None) -> None:
        """A number or date of ours, exactly as ``decimal_of_double`` will read it back, else
        ValueError; a date in its format (by default ISO), a date and time in openpyxl's."""
        worksheet = self.worksheet
        if isinstance(value, bool):
            worksheet.write_boolean(row, column, value, number_format)
        elif isinstance(value, date):
            day = excel_day(value)
            if day is not None:
                worksheet.write_number(row, column, day, number_format or self.formats.number[Kind.DATE])
            else:
                default = self.formats.date_time if isinstance(value, datetime) else self.formats.number[Kind.DATE]
                worksheet.write_datetime(row, column, value, number_format or default)
        else:
            worksheet.write_number(row, column, spreadsheet_number(value), number_format)

    def widths(self, widths: list[int]) -> None:
        for column, width in enumerate(widths):
            self.worksheet.set_column(column, column, width)


def _instructions(sheet: _Sheet, context: EntryContext, empty: bool, selection: DataPointSelection) -> None:
    sheet.widths([28, 120])
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
    for row, (label, text) in enumerate(lines):
        sheet.text(row, 0, label, sheet.formats.title if row == 0 else None)
        sheet.text(row, 1, text)


class _Lists:
    """The hidden sheet of drop-down lists: one column per distinct list, headed by the first
    column that offers it, and the range each list is read from. Its columns are gathered first,
    then written row by row (a sheet is written once, top to bottom)."""

    def __init__(self):
        self.columns: dict[tuple[str, ...], str] = {}  # the values of a list: its heading

    def range_of(self, offered: ColumnList, heading: str) -> str:
        self.columns.setdefault(offered.values, heading)
        letter = get_column_letter(list(self.columns).index(offered.values) + 1)
        return f"{quote_sheetname(LISTS_SHEET)}!${letter}$2:${letter}${len(offered.values) + 1}"

    def write(self, book: xlsxwriter.Workbook, formats: _Formats) -> None:
        sheet = _Sheet(book, LISTS_SHEET, formats)
        sheet.worksheet.hide()
        lists = list(self.columns)
        for column, values in enumerate(lists):
            sheet.worksheet.write_string(0, column, clean_text(self.columns[values]), formats.heading)  # ours
        for row in range(max((len(values) for values in lists), default=0)):
            for column, values in enumerate(lists):
                if row < len(values):
                    sheet.text(row + 1, column, values[row])


def _add_drop_downs(sheet: _Sheet, spec: RecordSpec, context: EntryContext, lists: _Lists) -> None:
    """A drop-down list for each coded column of a record type's sheet."""
    for column, field in enumerate(spec.form_fields, start=1):
        offered = column_list(field, context)
        if offered is None:
            continue
        heading = headers(spec)[column]
        title = heading[:MAX_TITLE]
        options = {"validate": "list", "source": "=" + lists.range_of(offered, f"{spec.sheet}: {heading}"),
                   "ignore_blank": True}
        if offered.several:  # "Mopti, Ségou": the list helps, the import checks each value
            options |= {"show_error": False, "show_input": True, "input_title": title,
                        "input_message": "One or more from the list, separated by commas."}
        else:
            options |= {"show_error": True, "show_input": False, "error_title": title,
                        "error_message": "Choose a value from the drop-down list."}
        if sheet.worksheet.data_validation(1, column, LAST_ROW - 1, column, options) != 0:
            raise ValueError(f"the drop-down list of {spec.sheet}: {heading} could not be written")


def _write_records(sheet: _Sheet, spec: RecordSpec, records, versioned: bool) -> None:
    """The records' rows below the header, each cell written once by the worksheet's own methods:
    the hottest loop of a big workbook (176,000 cells at scale). The text of a recurring value is
    made once a sheet, by the value (a record or an enum member, held by the sheet's records)."""
    quoted = sheet.formats.quoted
    write_string, write_number = sheet.worksheet.write_string, sheet.worksheet.write_number
    plans = [(column, field.attr, field, {} if field.kind in RECURRING_KINDS else None,
              sheet.formats.number.get(field.kind)) for column, field in enumerate(spec.form_fields, start=1)]
    version_column = len(plans) + 1
    for row, record in enumerate(records, start=1):
        sheet.text(row, 0, record_key(spec, record))
        for column, attr, field, texts, number_format in plans:
            value = getattr(record, attr)
            if value is None:
                continue
            if texts is not None:
                text = texts.get(value)
                if text is None:
                    text = texts[value] = _text_and_format(_cell_value(field, value), quoted)
                if text:
                    write_string(row, column, *text)
                continue
            value = _cell_value(field, value)
            if isinstance(value, str):
                text = clean_text(value)
                if text:
                    write_string(row, column, text, quoted if needs_quote_prefix(text) else None)
            else:
                sheet.value(row, column, value, number_format)
        if versioned and record.version is not None:
            write_number(row, version_column, record.version)


def _text_and_format(value: str, quoted) -> tuple:
    """A cell's text and its format (the quote prefix, or none); () for no text."""
    text = clean_text(value)
    return (text, quoted if needs_quote_prefix(text) else None) if text else ()


def build_data_workbook(context: EntryContext, empty: bool = False,
                        selection: DataPointSelection | None = None) -> bytes:
    """The workbook as bytes: an instructions sheet, one sheet per record type (coded columns with
    a drop-down list) and the hidden sheet of those lists. The data points are those of
    ``selection`` (default: observed up to the period's end, the latest dates where they are
    more than a sheet holds); TooManyRecords if a sheet would hold more
    rows than an import reads back."""
    selection = selection or (period_selection(context) if empty else default_selection(context))
    buffer = BytesIO()
    with tempfile.TemporaryDirectory(prefix="cpas-data-workbook-") as folder:
        # Cells are written by the typed methods only (write_string, write_number…); these options
        # keep the generic write() from turning text into a formula, a link or a number all the same.
        book = xlsxwriter.Workbook(buffer, {"constant_memory": True, "tmpdir": folder,
                                            "strings_to_formulas": False, "strings_to_urls": False,
                                            "strings_to_numbers": False})
        formats = _Formats(book)
        try:
            with force_locale("en"):
                _instructions(_Sheet(book, INSTRUCTIONS_SHEET, formats), context, empty, selection)
                lists = _Lists()
                for spec in workbook_specs():
                    sheet = _Sheet(book, spec.sheet, formats)
                    _add_drop_downs(sheet, spec, context, lists)
                    sheet.widths([28] + [40 if f.kind in (Kind.LONG_TEXT, Kind.MULTI_REFERENCE) else 18
                                         for f in spec.form_fields])
                    versioned = is_versioned(spec)
                    if versioned:
                        version_column = len(headers(spec))
                        sheet.worksheet.set_column(version_column, version_column, None, None, {"hidden": True})
                    for column, heading in enumerate(sheet_headers(spec)):
                        sheet.worksheet.write_string(0, column, clean_text(heading), formats.header)  # ours
                    sheet.worksheet.freeze_panes(1, 0)
                    if not empty:
                        _write_records(sheet, spec, records_for_workbook(spec, context, selection), versioned)
                lists.write(book, formats)
        except Exception:
            book.close()  # its sheets' temporary files closed; the bytes are dropped with the folder
            raise
        book.close()
    return buffer.getvalue()
