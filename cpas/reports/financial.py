"""Financial resources as UN budget documents print them, and the headline comparison.

Pure builders: figures, settings and a translator in, ``Table`` and figures out; no database,
no Flask.
"""

from dataclasses import dataclass
from decimal import Decimal

from cpas.models import BudgetPeriod, BudgetStage, ExpenditureGroup
from cpas.money import percent
from cpas.reports.translator import Translator
from cpas.reports.units import units_caption
from cpas.tables import CellKind, Column, Row, RowKind, Table

STAGE_COLUMNS = {
    BudgetStage.PROPOSED: "proposed",
    BudgetStage.RECOMMENDED: "recommended",
    BudgetStage.APPROVED: "approved",
    BudgetStage.REVISED: "revised",
    BudgetStage.EXPENDITURE: "expenditure",
}
BUDGET_VARIANCE = "{proposed}-{previous_approved}"
BUDGET_VARIANCE_PERCENT = 'IF(N({previous_approved})=0,"",{budget_variance}/{previous_approved})'
PERFORMANCE_VARIANCE = "{approved}-{expenditure}"
PERFORMANCE_VARIANCE_PERCENT = 'IF(N({approved})=0,"",{performance_variance}/{approved})'


def difference(minuend: Decimal | None, subtrahend: Decimal | None) -> Decimal | None:
    """``minuend - subtrahend`` with a missing figure counted as nil (as a blank cell in Excel);
    None when both are missing."""
    if minuend is None and subtrahend is None:
        return None
    return (minuend or Decimal(0)) - (subtrahend or Decimal(0))


def variance_percent(variance: Decimal | None, base: Decimal | None) -> Decimal | None:
    """The variance as a percentage of its base; None without a variance or with a nil base."""
    if variance is None or not base:
        return None
    return percent(variance, base)


def _fill_variances(row: Row) -> None:
    cells = row.cells
    cells["budget_variance"] = difference(cells.get("proposed"), cells.get("previous_approved"))
    cells["budget_variance_percent"] = variance_percent(cells["budget_variance"], cells.get("previous_approved"))
    cells["performance_variance"] = difference(cells.get("approved"), cells.get("expenditure"))
    cells["performance_variance_percent"] = variance_percent(cells["performance_variance"], cells.get("approved"))


def financial_columns(period: BudgetPeriod, previous: BudgetPeriod | None, translator: Translator) -> list[Column]:
    """The columns of both UN forms, headed with their periods."""
    _ = translator.gettext
    before = previous.label if previous else "—"
    now = period.label
    money = CellKind.MONEY
    return [
        Column("class", _("Category"), width=42),
        Column("previous_approved", _("Apportionment (%(period)s)", period=before), money),
        Column("previous_expenditure", _("Expenditure (%(period)s)", period=before), money),
        Column("proposed", _("Cost estimates (%(period)s)", period=now), money),
        Column("recommended", _("ACABQ recommendation (%(period)s)", period=now), money),
        Column("approved", _("Apportionment (%(period)s)", period=now), money),
        Column("revised", _("Revised (%(period)s)", period=now), money),
        Column("expenditure", _("Expenditure (%(period)s)", period=now), money),
        Column("budget_variance", _("Variance: cost estimates − apportionment"), money, formula=BUDGET_VARIANCE),
        Column("budget_variance_percent", _("Variance (%)"), CellKind.PERCENT, formula=BUDGET_VARIANCE_PERCENT),
        Column("performance_variance", _("Variance: apportionment − expenditure"), money,
               formula=PERFORMANCE_VARIANCE),
        Column("performance_variance_percent", _("Variance (%)"), CellKind.PERCENT,
               formula=PERFORMANCE_VARIANCE_PERCENT),
    ]


def build_financial_resources(
    *,
    groups: list[ExpenditureGroup],
    current: dict[int, dict[BudgetStage, Decimal]],
    previous_totals: dict[int, dict[BudgetStage, Decimal]],
    period: BudgetPeriod,
    previous: BudgetPeriod | None,
    money_unit: Decimal,
    translator: Translator,
) -> Table:
    """Groups I–III with their classes, a subtotal per group and the gross requirements; one
    column per stage, the previous period's apportionment and expenditure, and the variances of
    both UN forms (budget report and performance report).

    ``current`` and ``previous_totals`` are {class id: {stage: total}} of the period and of the
    one before it."""
    _ = translator.gettext
    table = Table(title=_("Financial resources"), columns=financial_columns(period, previous, translator),
                  money_unit=money_unit, caption=units_caption(money_unit, translator),
                  sheet_name="Financial resources")
    subtotal_indexes = []
    for group in groups:
        table.rows.append(Row({"class": f"{group.numeral}. {translator.label(group)}"}, RowKind.HEADING))
        detail_indexes = []
        for expenditure_class in group.classes:
            amounts = current.get(expenditure_class.id, {})
            before = previous_totals.get(expenditure_class.id, {})
            row = Row({"class": translator.label(expenditure_class), "class_id": expenditure_class.id,
                       "previous_approved": before.get(BudgetStage.APPROVED),
                       "previous_expenditure": before.get(BudgetStage.EXPENDITURE),
                       **{key: amounts.get(stage) for stage, key in STAGE_COLUMNS.items()}}, level=1)
            _fill_variances(row)
            detail_indexes.append(len(table.rows))
            table.rows.append(row)
        subtotal = table.add_sum_row({"class": _("Subtotal, %(group)s", group=translator.label(group))},
                                     RowKind.SUBTOTAL, detail_indexes)
        _fill_variances(subtotal)
        subtotal_indexes.append(len(table.rows) - 1)
    gross = table.add_sum_row({"class": _("Gross requirements")}, RowKind.TOTAL, subtotal_indexes)
    _fill_variances(gross)
    # A variance needs both of its figures: with no apportionment for the previous period, or no
    # expenditure yet for this one, the corresponding variance columns would only repeat a stage.
    dropped = set()
    if gross.get("previous_approved") is None:
        dropped |= {"budget_variance", "budget_variance_percent"}
    if gross.get("expenditure") is None:
        dropped |= {"performance_variance", "performance_variance_percent"}
    table.columns = [column for column in table.columns if column.key not in dropped]
    return table


def class_rows(table: Table) -> list[Row]:
    """The rows of the classes of expenditure, without headings, subtotals and total."""
    return [row for row in table.rows if row.kind is RowKind.DETAIL]


def gross_requirements_index(table: Table) -> int:
    """The position of the gross requirements, the one total row of a financial table."""
    (index,) = [index for index, row in enumerate(table.rows) if row.kind is RowKind.TOTAL]
    return index


def gross_requirements(table: Table) -> Row:
    """The gross requirements row of a financial table."""
    return table.rows[gross_requirements_index(table)]


@dataclass(frozen=True)
class BudgetHeadline:
    """How the approved budget compares with the request, the ACABQ recommendation and the
    previous period's apportionment."""

    proposed: Decimal | None
    recommended: Decimal | None
    approved: Decimal | None
    previous_approved: Decimal | None = None
    previous_label: str = ""

    @property
    def below_proposal(self) -> Decimal | None:
        return None if self.proposed is None or self.approved is None else self.proposed - self.approved

    @property
    def below_recommendation(self) -> Decimal | None:
        return None if self.recommended is None or self.approved is None else self.recommended - self.approved

    @property
    def below_proposal_percent(self) -> Decimal | None:
        return variance_percent(self.below_proposal, self.proposed)

    @property
    def change_from_previous(self) -> Decimal | None:
        if self.approved is None or self.previous_approved is None:
            return None
        return self.approved - self.previous_approved

    @property
    def change_from_previous_percent(self) -> Decimal | None:
        return variance_percent(self.change_from_previous, self.previous_approved)

    @property
    def has_stages(self) -> bool:
        return None not in (self.proposed, self.recommended, self.approved)


def build_budget_headline(financial: Table, previous: BudgetPeriod | None) -> BudgetHeadline:
    """The headline of a financial resources table, read from its gross requirements: the page,
    the overview and the workbook state the figures the table shows."""
    gross = gross_requirements(financial)
    return BudgetHeadline(
        proposed=gross.get("proposed"), recommended=gross.get("recommended"), approved=gross.get("approved"),
        previous_approved=gross.get("previous_approved"), previous_label=previous.label if previous else "",
    )
