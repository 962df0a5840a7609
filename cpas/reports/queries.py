"""The database reads of reports: each a fixed number of queries, whatever the data size."""

from collections import defaultdict
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from cpas.models import BudgetAmount, BudgetLine, BudgetStage, ExpenditureGroup


def expenditure_groups(session: Session) -> list[ExpenditureGroup]:
    """The groups of expenditure with their classes, in print order (two queries)."""
    return list(
        session.scalars(
            select(ExpenditureGroup)
            .options(selectinload(ExpenditureGroup.classes))
            .order_by(ExpenditureGroup.position)
        )
    )


def budget_totals_by_class(session: Session, mission_id: int, period_id: int) -> dict[int, dict[BudgetStage, Decimal]]:
    """{class id: {stage: total}} of one mission and period, summed in SQL over integer cents."""
    statement = (
        select(BudgetLine.class_id, BudgetAmount.stage, func.sum(BudgetAmount.amount))
        .join(BudgetAmount.line)
        .where(BudgetLine.mission_id == mission_id, BudgetLine.period_id == period_id)
        .group_by(BudgetLine.class_id, BudgetAmount.stage)
    )
    totals: dict[int, dict[BudgetStage, Decimal]] = defaultdict(dict)
    for class_id, stage, total in session.execute(statement):
        totals[class_id][stage] = total
    return dict(totals)


def budget_totals_by_stage(session: Session, mission_id: int, period_id: int) -> dict[BudgetStage, Decimal]:
    """{stage: total} of one mission and period (one query)."""
    statement = (
        select(BudgetAmount.stage, func.sum(BudgetAmount.amount))
        .join(BudgetAmount.line)
        .where(BudgetLine.mission_id == mission_id, BudgetLine.period_id == period_id)
        .group_by(BudgetAmount.stage)
    )
    return {stage: total for stage, total in session.execute(statement)}


def budget_sources(session: Session, mission_id: int, period_id: int) -> list[tuple]:
    """The distinct (stage, document symbol, provenance, note) behind a period's figures (one query)."""
    statement = (
        select(BudgetAmount.stage, BudgetAmount.source_symbol, BudgetAmount.provenance, BudgetAmount.source_note)
        .join(BudgetAmount.line)
        .where(BudgetLine.mission_id == mission_id, BudgetLine.period_id == period_id)
        .distinct()
    )
    stage_order = list(BudgetStage)
    return sorted(session.execute(statement), key=lambda row: (stage_order.index(row[0]), row[1]))
