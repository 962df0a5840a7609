"""Budget by class and stage, and the headline comparison of the approved budget.

Pure builders: rows in, ``Table`` and figures out; no database, no Flask request.
"""

from dataclasses import dataclass
from decimal import Decimal

from flask_babel import lazy_gettext as _l

from cpas.labels import label
from cpas.models import BudgetStage, ExpenditureGroup
from cpas.money import percent
from cpas.tables import CellKind, Column, Row, RowKind, Table

STAGES = list(BudgetStage)


@dataclass(frozen=True)
class BudgetHeadline:
    """How the approved budget compares with the request and the ACABQ recommendation."""

    proposed: Decimal | None
    recommended: Decimal | None
    approved: Decimal | None

    @property
    def below_proposal(self) -> Decimal | None:
        if self.proposed is None or self.approved is None:
            return None
        return self.proposed - self.approved

    @property
    def below_recommendation(self) -> Decimal | None:
        if self.recommended is None or self.approved is None:
            return None
        return self.recommended - self.approved

    @property
    def below_proposal_percent(self) -> Decimal | None:
        if self.below_proposal is None:
            return None
        return percent(self.below_proposal, self.proposed)


def build_budget_headline(totals_by_stage: dict[BudgetStage, Decimal]) -> BudgetHeadline:
    return BudgetHeadline(
        proposed=totals_by_stage.get(BudgetStage.PROPOSED),
        recommended=totals_by_stage.get(BudgetStage.RECOMMENDED),
        approved=totals_by_stage.get(BudgetStage.APPROVED),
    )


def gross_requirements(table: Table) -> dict[BudgetStage, Decimal]:
    """{stage: total} read off the gross requirements row of a budget-by-stage table."""
    (gross,) = table.rows_of_kind(RowKind.TOTAL)
    return {stage: gross.get(stage.value) for stage in STAGES if gross.get(stage.value) is not None}


def _sum(values) -> Decimal | None:
    present = [value for value in values if value is not None]
    return sum(present, Decimal(0)) if present else None


def build_budget_by_stage_table(
    groups: list[ExpenditureGroup],
    totals_by_class: dict[int, dict[BudgetStage, Decimal]],
    money_unit: Decimal = Decimal(1),
) -> Table:
    """Groups I–III with their classes, a subtotal per group and the gross requirements,
    one column per budget stage."""
    columns = [Column("class", str(_l("Category")))] + [
        Column(stage.value, label(stage), CellKind.MONEY) for stage in STAGES
    ]
    table = Table(title=str(_l("Financial resources by budget stage")), columns=columns, money_unit=money_unit)
    group_totals = []
    for group in groups:
        table.rows.append(Row({"class": f"{group.numeral}. {label(group)}"}, RowKind.HEADING))
        class_rows = []
        for expenditure_class in group.classes:
            amounts = totals_by_class.get(expenditure_class.id, {})
            class_rows.append(
                Row({"class": label(expenditure_class), **{s.value: amounts.get(s) for s in STAGES}}, level=1)
            )
        table.rows.extend(class_rows)
        subtotal = Row({"class": str(_l("Subtotal, %(group)s", group=label(group)))}, RowKind.SUBTOTAL)
        for stage in STAGES:
            subtotal.cells[stage.value] = _sum(row.get(stage.value) for row in class_rows)
        table.rows.append(subtotal)
        group_totals.append(subtotal)
    gross = Row({"class": str(_l("Gross requirements"))}, RowKind.TOTAL)
    for stage in STAGES:
        gross.cells[stage.value] = _sum(row.get(stage.value) for row in group_totals)
    table.rows.append(gross)
    return table
