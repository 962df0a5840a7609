"""Reads of CPAS results: outcomes, their indicators, targets and data points."""

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from cpas.models import ImpactAssessment, ImpactIndicator, Outcome


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


def assessments_by_outcome(session: Session, mission_id: int) -> dict[int, list[ImpactAssessment]]:
    """{outcome id: its impact assessments, round after round, with their ratings and
    recommendations} of one mission (three queries)."""
    assessments = session.scalars(
        select(ImpactAssessment).where(ImpactAssessment.mission_id == mission_id)
        .order_by(ImpactAssessment.covers_to, ImpactAssessment.id)
        .options(selectinload(ImpactAssessment.rating), selectinload(ImpactAssessment.recommendations))
    ).all()
    by_outcome: dict[int, list[ImpactAssessment]] = {}
    for assessment in assessments:
        by_outcome.setdefault(assessment.outcome_id, []).append(assessment)
    return by_outcome
