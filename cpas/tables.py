"""The one shape of a report table: builders make it, HTML templates and Excel exports render it,
so that what the screen shows and what the workbook holds cannot disagree.

A builder computes every figure (in Decimal). It also says how a figure is derived, so that the
Excel writer can put a live formula in its place: a subtotal row lists the rows it sums, a
column may carry a formula over other columns of the same row, and a cell may be a ``CellLink``
to a figure of another table. A table may ask for a chart of its figures (``ColumnChart``), or
for line charts of some of its rows (``LineChart``); a figure may carry a footnote mark
(``CellMark``) saying where it comes from.

On screen a cell naming a record links to the record's page (``RecordLink``), and a gap offers
the action that closes it (``NewRecordLink``: a new record's form, prefilled); both are named by
record type and id, so builders stay free of Flask, and workbooks ignore them.
"""

import enum
from dataclasses import dataclass, field
from decimal import Decimal


class CellKind(enum.Enum):
    TEXT = "text"
    MONEY = "money"  # a Decimal in dollars; shown in the table's money unit
    PERCENT = "percent"  # a Decimal such as 0.98 meaning 0.98 %
    INTEGER = "integer"
    QUANTITY = "quantity"
    DATE = "date"  # a datetime.date
    AVERAGE = "average"  # a Decimal mean, shown with one decimal: 3.5
    ORDINAL = "ordinal"  # a whole number that names rather than counts (a year, a month): 2019, not 2,019


class RowKind(enum.Enum):
    HEADING = "heading"  # a group title, no figures
    DETAIL = "detail"
    SUBTOTAL = "subtotal"
    TOTAL = "total"


@dataclass(frozen=True)
class Column:
    key: str
    heading: str
    kind: CellKind = CellKind.TEXT
    # An Excel formula over other columns of the same row, e.g. "{proposed}-{previous_approved}";
    # for a PERCENT column the formula gives a fraction (0.0098), shown as 0.98 %.
    formula: str | None = None
    width: int | None = None
    wrap: bool = False  # long text (an analysis, a justification): wrapped in its cell

    @property
    def is_numeric(self) -> bool:
        return self.kind is not CellKind.TEXT


@dataclass(frozen=True)
class CellMark:
    """A footnote mark on one figure, e.g. an actual that was not entered but taken from CPAS
    data: pages print ``symbol`` after the figure; workbooks show it after the number (the cell
    stays a number) with ``note`` as the cell's comment. The table's notes explain the symbol."""

    symbol: str
    note: str


@dataclass(frozen=True)
class RecordLink:
    """The record a cell names, by its record type's name and its id: the page links the cell to
    the record's page; a workbook shows the text alone."""

    spec: str
    record_id: int


@dataclass(frozen=True)
class RecordListLink:
    """A cell standing for some records, linked to their list filtered so (a class of expenditure
    to its budget lines): the record type's name and (filter, key) pairs."""

    spec: str
    filters: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class NewRecordLink:
    """The action that closes a gap, shown after a cell: the form of a new record of type
    ``spec`` with some fields filled in, each with a text (``("report_kind", "budget")``) or the
    record a reference names (``("tasks", RecordLink("mandated-tasks", 7))``). Offered only to
    who may create such a record; a workbook ignores it."""

    label: str
    spec: str
    prefill: tuple[tuple[str, "str | RecordLink"], ...] = ()


@dataclass
class Row:
    cells: dict
    kind: RowKind = RowKind.DETAIL
    level: int = 0  # indentation in the first column
    sums: list[int] = field(default_factory=list)  # for subtotals and totals: indexes of the rows summed
    marks: dict[str, CellMark] = field(default_factory=dict)  # column key -> the mark on that figure
    # Formula columns left blank in this row: a figure that cannot honestly be computed here (a
    # subtotal's variance over a stage not yet recorded for every class it sums).
    withheld: set[str] = field(default_factory=set)
    # column key -> the record (or the list of records) the cell names
    links: dict[str, "RecordLink | RecordListLink"] = field(default_factory=dict)
    actions: dict[str, list[NewRecordLink]] = field(default_factory=dict)  # column key -> gaps' actions
    # column key -> the live formula a workbook writes in place of the cell's figure, where the
    # figure is derived from cells elsewhere but is no sum of rows above it: a link to another
    # table's cell (a summary's approved budget) or a formula over such links (net requirements:
    # gross less staff assessment); ``cells`` keeps the figure the builder computed, which pages show.
    formulas: dict[str, "CellFormula | CellLink"] = field(default_factory=dict)

    def get(self, key: str):
        return self.cells.get(key)


@dataclass(frozen=True, kw_only=True)
class ColumnChart:
    """A native column chart of a table's figures: one bar per row (of its first ``rows`` rows)."""

    title: str
    categories: str  # the key of the column that names the bars
    values: str  # the key of the column the bars measure
    axis_title: str = ""
    rows: int | None = None  # the rows charted, from the first; None: all of them


@dataclass(frozen=True, kw_only=True)
class LineChart:
    """A native line chart of the rows ``first_row`` to ``last_row`` of a table: one line per
    column of ``series`` over the dates of column ``categories`` (a date axis: values far apart
    in time lie far apart), e.g. an indicator's values and its target path. Blank cells are
    bridged, so a series given only at some dates is drawn as straight lines between them."""

    title: str
    categories: str
    series: tuple[str, ...]
    first_row: int
    last_row: int
    axis_title: str = ""


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    money_unit: Decimal = Decimal(1)  # 1: whole dollars; 1000: thousands, as UN tables print
    caption: str = ""  # printed above the figures, as UN tables state their unit
    notes: list[str] = field(default_factory=list)
    sheet_name: str = ""  # the Excel sheet's title (31 characters at most)
    introduction: list[str] = field(default_factory=list)  # lines between the title and the figures
    chart: ColumnChart | None = None
    line_charts: list[LineChart] = field(default_factory=list)
    # Columns shaded light to dark by their value on one shared scale (a heat map, in Excel too).
    colour_scale: list[str] = field(default_factory=list)
    # A short sheet such as a summary: printed on one page, its header row neither frozen nor
    # repeated; other tables print one page wide and as many pages long as they need.
    fits_on_one_page: bool = False

    def rows_of_kind(self, kind: RowKind) -> list[Row]:
        return [row for row in self.rows if row.kind is kind]

    def add_sum_row(self, cells: dict, kind: RowKind, summed: list[int]) -> Row:
        """A subtotal or total: every money column not computed by a formula is the sum of
        ``summed`` rows (blank when none of them has a figure)."""
        row = Row(dict(cells), kind, sums=list(summed))
        for column in self.columns:
            if column.kind is CellKind.MONEY and column.formula is None:
                values = [self.rows[index].get(column.key) for index in summed]
                present = [value for value in values if value is not None]
                row.cells[column.key] = sum(present, Decimal(0)) if present else None
        self.rows.append(row)
        return row


@dataclass(frozen=True, kw_only=True, eq=False)
class CellLink:
    """A figure of another table, e.g. a summary's approved budget, which is the financial
    table's gross requirements: as a row's formula (``Row.formulas``), Excel gets a live
    reference to that table's cell, so the two cannot disagree."""

    table: Table
    row_index: int
    column_key: str

    @property
    def value(self):
        return self.table.rows[self.row_index].get(self.column_key)


@dataclass(frozen=True, kw_only=True, eq=False)
class CellFormula:
    """A figure computed from figures of tables, e.g. a summary's ACABQ adjustment, the
    recommendation less the proposal: as a row's formula (``Row.formulas``), Excel gets
    ``expression`` as a live formula, each ``{name}`` a reference to the cell ``links[name]``
    names, so that the figure recalculates when a reviewer changes one it is made of; a page
    shows ``value``, the same figure computed by the builder. For a PERCENT column the
    expression gives a fraction (0.0098), as a column's formula does."""

    expression: str
    links: dict[str, CellLink]
    value: Decimal | None
