"""Reads of CPAS results: outcomes, their indicators, targets and data points."""

from datetime import date
from decimal import Decimal

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased, selectinload

from cpas.models import DataPoint, ImpactAssessment, ImpactIndicator, Outcome, RegionalAggregation
from cpas.results.progress import TREND_POINTS, Observation


def outcomes_with_indicators(session: Session, mission_id: int, *, with_data_points: bool = True,
                             page: int | None = None, per_page: int = 20) -> list[Outcome]:
    """The mission's outcomes with indicators and targets (three queries), and their data points
    (one more) unless ``with_data_points`` is False; one page of outcomes if ``page`` is given."""
    indicators = selectinload(Outcome.indicators)
    options = [indicators.selectinload(ImpactIndicator.targets)]
    if with_data_points:
        options.append(indicators.selectinload(ImpactIndicator.data_points))
    query = select(Outcome).where(Outcome.mission_id == mission_id).order_by(Outcome.code).options(*options)
    if page is not None:
        query = query.limit(per_page).offset((page - 1) * per_page)
    return list(session.scalars(query))


def outcome_count(session: Session, mission_id: int) -> int:
    return session.scalar(select(func.count()).select_from(Outcome).where(Outcome.mission_id == mission_id))


def progress_values(session: Session, outcome_ids: list[int], as_of: date,
                    points: int = TREND_POINTS) -> tuple[dict[int, list[Observation]], dict[int, dict[date, Decimal]]]:
    """What progress needs of the data points of these outcomes' indicators, up to a date, in two
    queries whatever their number: {indicator id: its latest ``points`` whole-mission values and
    those on dates with regional values}, and {indicator id: {date: the regions' values added up}}
    for the indicators whose regions add up. The other values are not read."""
    if not outcome_ids:
        return {}, {}
    in_scope = and_(DataPoint.observed_on <= as_of, ImpactIndicator.outcome_id.in_(outcome_ids))
    regional = aliased(DataPoint)
    has_regions = (select(regional.id).where(regional.indicator_id == DataPoint.indicator_id,
                                             regional.observed_on == DataPoint.observed_on, regional.region != "")
                   .exists())
    newest_first = func.row_number().over(partition_by=DataPoint.indicator_id,
                                          order_by=DataPoint.observed_on.desc()).label("newest_first")
    ranked = (select(DataPoint.indicator_id, DataPoint.observed_on, DataPoint.value, newest_first,
                     has_regions.label("has_regions"))
              .join(ImpactIndicator, ImpactIndicator.id == DataPoint.indicator_id)
              .where(in_scope, DataPoint.region == "").subquery())
    whole: dict[int, list[Observation]] = {}
    for indicator_id, observed_on, value in session.execute(
            select(ranked.c.indicator_id, ranked.c.observed_on, ranked.c.value)
            .where((ranked.c.newest_first <= points) | ranked.c.has_regions)):
        whole.setdefault(indicator_id, []).append(Observation(observed_on, value))
    totals: dict[int, dict[date, Decimal]] = {}
    for indicator_id, observed_on, total in session.execute(
            select(DataPoint.indicator_id, DataPoint.observed_on, func.sum(DataPoint.value))
            .join(ImpactIndicator, ImpactIndicator.id == DataPoint.indicator_id)
            .where(in_scope, DataPoint.region != "", ImpactIndicator.regional_aggregation == RegionalAggregation.SUM)
            .group_by(DataPoint.indicator_id, DataPoint.observed_on)):
        totals.setdefault(indicator_id, {})[observed_on] = total
    return whole, totals


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
