"""Reads of the RBB framework of one mission and period."""

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpas.models import BudgetPeriod, Component, ExpectedAccomplishment, IndicatorOfAchievement


def framework(session: Session, mission_id: int, period_id: int) -> list[Component]:
    """Components with their accomplishments, indicators and values, outputs, external factors
    and posts: a fixed number of queries however large the framework."""
    accomplishments = selectinload(Component.expected_accomplishments)
    return list(
        session.scalars(
            select(Component)
            .where(Component.mission_id == mission_id, Component.period_id == period_id)
            .order_by(Component.number)
            .options(
                accomplishments.selectinload(ExpectedAccomplishment.indicators)
                .selectinload(IndicatorOfAchievement.values),
                accomplishments.selectinload(ExpectedAccomplishment.outputs),
                selectinload(Component.external_factors),
                selectinload(Component.posts),
            )
        )
    )


def periods_before(session: Session, period: BudgetPeriod, count: int) -> list[BudgetPeriod]:
    """The ``count`` periods just before ``period``, nearest first."""
    return list(
        session.scalars(
            select(BudgetPeriod)
            .where(BudgetPeriod.starts_on < period.starts_on)
            .order_by(BudgetPeriod.starts_on.desc())
            .limit(count)
        )
    )
