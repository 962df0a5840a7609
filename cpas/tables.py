"""The one shape of a report table: builders make it, HTML templates and Excel exports render it,
so that what the screen shows and what the workbook holds cannot disagree."""

import enum
from dataclasses import dataclass, field
from decimal import Decimal


class CellKind(enum.Enum):
    TEXT = "text"
    MONEY = "money"  # a Decimal in dollars; shown in the table's money unit
    PERCENT = "percent"  # a Decimal such as 0.98 meaning 0.98 %
    INTEGER = "integer"
    QUANTITY = "quantity"


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

    @property
    def is_numeric(self) -> bool:
        return self.kind is not CellKind.TEXT


@dataclass
class Row:
    cells: dict
    kind: RowKind = RowKind.DETAIL
    level: int = 0  # indentation in the first column

    def get(self, key: str):
        return self.cells.get(key)


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[Row] = field(default_factory=list)
    money_unit: Decimal = Decimal(1)  # 1: whole dollars; 1000: thousands, as UN tables print
    notes: list[str] = field(default_factory=list)

    def column(self, key: str) -> Column:
        return next(column for column in self.columns if column.key == key)

    def rows_of_kind(self, kind: RowKind) -> list[Row]:
        return [row for row in self.rows if row.kind is kind]
