"""Reads of CPAS results: outcomes, their indicators, targets and data points."""

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpas.models import ImpactIndicator, Outcome


def outcomes_with_indicators(session: Session, mission_id: int) -> list[Outcome]:
    """The mission's outcomes with indicators, targets and data points (four queries)."""
    return list(
        session.scalars(
            select(Outcome)
            .where(Outcome.mission_id == mission_id)
            .order_by(Outcome.code)
            .options(
                selectinload(Outcome.indicators).selectinload(ImpactIndicator.targets),
                selectinload(Outcome.indicators).selectinload(ImpactIndicator.data_points),
            )
        )
    )
