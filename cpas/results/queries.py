"""Reads of CPAS results: outcomes, their indicators, targets and data points, and the approved
money of the activities that serve the outcomes' mandated tasks."""

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from sqlalchemy import Date, and_, case, false, func, literal, select
from sqlalchemy.orm import Session, aliased, selectinload

from cpas.models import (
    Activity,
    BudgetAmount,
    BudgetLine,
    BudgetStage,
    DataPoint,
    Direction,
    ExpenditureClass,
    ImpactAssessment,
    ImpactIndicator,
    IndicatorTarget,
    MandatedTask,
    Outcome,
    RegionalAggregation,
    activity_tasks,
)
from cpas.results.attribution import ActivityServingTask
from cpas.results.progress import TREND_POINTS, Observation


def outcomes_with_indicators(session: Session, mission_id: int, *, with_data_points: bool = True,
                             outcome_ids: list[int] | None = None) -> list[Outcome]:
    """The mission's outcomes (those of ``outcome_ids`` if given) with indicators and targets
    (three queries), and their data points (one more) unless ``with_data_points`` is False."""
    indicators = selectinload(Outcome.indicators)
    options = [indicators.selectinload(ImpactIndicator.targets)]
    if with_data_points:
        options.append(indicators.selectinload(ImpactIndicator.data_points))
    query = select(Outcome).where(Outcome.mission_id == mission_id).order_by(Outcome.code).options(*options)
    if outcome_ids is not None:
        query = query.where(Outcome.id.in_(outcome_ids))
    return list(session.scalars(query))


def outcome_tasks(session: Session, mission_id: int) -> dict[int, int | None]:
    """{outcome id: its mandated task id or None} of every outcome of the mission, in the order of
    their codes (one query of two small columns): what dividing a task's money among its outcomes
    needs, and what a page of outcomes is cut from without an OFFSET."""
    return dict(session.execute(select(Outcome.id, Outcome.mandated_task_id)
                                .where(Outcome.mission_id == mission_id).order_by(Outcome.code, Outcome.id)).all())


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


def assessments_by_outcome(session: Session, mission_id: int,
                           outcome_ids: list[int] | None = None) -> dict[int, list[ImpactAssessment]]:
    """{outcome id: its impact assessments, round after round, with their ratings and
    recommendations} of one mission, or of its outcomes ``outcome_ids`` (three queries)."""
    statement = select(ImpactAssessment).where(ImpactAssessment.mission_id == mission_id)
    if outcome_ids is not None:
        statement = statement.where(ImpactAssessment.outcome_id.in_(outcome_ids))
    assessments = session.scalars(
        statement.order_by(ImpactAssessment.covers_to, ImpactAssessment.id)
        .options(selectinload(ImpactAssessment.rating), selectinload(ImpactAssessment.recommendations))
    ).all()
    by_outcome: dict[int, list[ImpactAssessment]] = {}
    for assessment in assessments:
        by_outcome.setdefault(assessment.outcome_id, []).append(assessment)
    return by_outcome


def activities_serving_tasks(session: Session, mission_id: int, period_id: int) -> list[ActivityServingTask]:
    """Each activity of the period with each mandated task it serves and the approved money of
    its budget lines of the period, summed in SQL (one query)."""
    approved = (
        select(BudgetLine.activity_id, func.sum(BudgetAmount.amount).label("approved"))
        .join(BudgetAmount.line)
        .where(BudgetLine.mission_id == mission_id, BudgetLine.period_id == period_id,
               BudgetLine.activity_id.is_not(None), BudgetAmount.stage == BudgetStage.APPROVED,
               # Staff assessment income and voluntary contributions in kind are no requirements:
               # none of their money is attributed to an outcome.
               BudgetLine.class_id.in_(ExpenditureClass.requirement_ids()))
        .group_by(BudgetLine.activity_id)
        .subquery()
    )
    statement = (
        select(Activity.id, Activity.ref, Activity.title, activity_tasks.c.task_id, approved.c.approved)
        .join(activity_tasks, activity_tasks.c.activity_id == Activity.id)
        .outerjoin(approved, approved.c.activity_id == Activity.id)
        .where(Activity.mission_id == mission_id, Activity.period_id == period_id)
        .order_by(Activity.ref, activity_tasks.c.task_id)
    )
    return [ActivityServingTask(activity_id, ref, title, task_id, total if total is not None else Decimal("0.00"))
            for activity_id, ref, title, task_id, total in session.execute(statement)]


# Reads of a whole assessment round, in bulk: plain rows rather than loaded records, and the data
# points reduced in SQL to what progress needs, so that thousands of indicators with a hundred
# values each take a handful of queries and no more memory than the page shows.


def outcomes_of_mission(session: Session, mission_id: int) -> list[Outcome]:
    """The mission's outcomes with their mandated tasks and resolutions (three queries)."""
    return list(session.scalars(
        select(Outcome).where(Outcome.mission_id == mission_id).order_by(Outcome.code)
        .options(selectinload(Outcome.mandated_task).selectinload(MandatedTask.mandate))))


class IndicatorRow(NamedTuple):
    """What an impact indicator's progress and its report line are made of. A named tuple: a
    database row's attributes are looked up by name each time they are read, a round reads a
    dozen of each of a thousand indicators."""

    id: int
    outcome_id: int
    code: str
    name: str
    unit: str
    direction: Direction
    baseline_value: Decimal | None
    baseline_on: date | None
    frequency: str
    regional_aggregation: RegionalAggregation
    data_source: str
    responsible_section: str


def indicator_rows(session: Session, mission_id: int) -> list[IndicatorRow]:
    """One row per impact indicator of the mission's outcomes, by outcome and code (one query)."""
    columns = [getattr(ImpactIndicator, name) for name in IndicatorRow._fields]
    return [IndicatorRow._make(row) for row in session.execute(
        select(*columns).join(ImpactIndicator.outcome).where(Outcome.mission_id == mission_id)
        .order_by(ImpactIndicator.outcome_id, ImpactIndicator.code))]


def targets_by_indicator(session: Session, mission_id: int) -> dict[int, list[Observation]]:
    """{indicator id: its targets by date} of the mission's impact indicators (one query)."""
    targets: dict[int, list[Observation]] = defaultdict(list)
    for indicator_id, target_on, value in session.execute(
        select(IndicatorTarget.indicator_id, IndicatorTarget.target_on, IndicatorTarget.value)
        .join(IndicatorTarget.indicator).join(ImpactIndicator.outcome).where(Outcome.mission_id == mission_id)
        .order_by(IndicatorTarget.indicator_id, IndicatorTarget.target_on)
    ):
        targets[indicator_id].append(Observation(target_on, value))
    return dict(targets)


def no_cutoffs():
    """A cutoffs subquery (outcome_id, cutoff) of no rows: every indicator judged as of the date given."""
    return (select(Outcome.id.label("outcome_id"), literal(None, Date).label("cutoff")).where(false())
            .subquery("no_cutoffs"))


def _cutoff(cutoffs, as_of: date):
    """Each indicator's date of judgement: its outcome's in ``cutoffs`` (outcome_id, cutoff), else ``as_of``."""
    return func.coalesce(cutoffs.c.cutoff, as_of)


def _mission_points(mission_id: int, cutoffs, as_of: date, outcome_ids: list[int] | None, *columns):
    statement = (select(*columns).select_from(DataPoint).join(DataPoint.indicator).join(ImpactIndicator.outcome)
                 .outerjoin(cutoffs, cutoffs.c.outcome_id == ImpactIndicator.outcome_id)
                 .where(Outcome.mission_id == mission_id, DataPoint.observed_on <= _cutoff(cutoffs, as_of)))
    return statement if outcome_ids is None else statement.where(ImpactIndicator.outcome_id.in_(outcome_ids))


def latest_values(session: Session, mission_id: int, cutoffs, as_of: date, count: int,
                  outcome_ids: list[int] | None = None,
                  indicator_ids: list[int] | None = None, *, longer_for: list[int] | None = None,
                  longer_count: int = 0) -> dict[int, list[Observation]]:
    """{indicator id: its last ``count`` whole-mission values up to its date of judgement, oldest
    first}, of every outcome of the mission, of ``outcome_ids`` or of the indicators
    ``indicator_ids`` (one query); the last ``longer_count`` for the indicators of the outcomes
    ``longer_for`` (a page of a round: its own outcomes' trends, the others' last values, at once).

    Each indicator's ``count``-th latest date is found by a seek along the data points' index
    (indicator, date, region), and only the values from that date on are read: the database
    neither ranks nor reads an indicator's older values, however many it has."""
    cutoff = _cutoff(cutoffs, as_of)
    earlier = aliased(DataPoint)

    def nth_latest_date(nth: int):
        return (select(earlier.observed_on)
                .where(earlier.indicator_id == ImpactIndicator.id, earlier.region == "", earlier.observed_on <= cutoff)
                .order_by(earlier.observed_on.desc()).limit(1).offset(nth - 1).correlate_except(earlier)
                .scalar_subquery())

    since = nth_latest_date(count)
    if longer_for:
        since = case((ImpactIndicator.outcome_id.in_(longer_for), nth_latest_date(longer_count)), else_=since)
    bounds = (select(ImpactIndicator.id.label("indicator_id"), cutoff.label("until"), since.label("since"))
              .join(ImpactIndicator.outcome).outerjoin(cutoffs, cutoffs.c.outcome_id == ImpactIndicator.outcome_id)
              .where(Outcome.mission_id == mission_id))
    if outcome_ids is not None:
        bounds = bounds.where(ImpactIndicator.outcome_id.in_(outcome_ids))
    if indicator_ids is not None:
        bounds = bounds.where(ImpactIndicator.id.in_(indicator_ids))
    # Materialized, so that each indicator's dates are sought once rather than for each of its values.
    bounds = bounds.cte("bounds").prefix_with("MATERIALIZED")
    values: dict[int, list[Observation]] = defaultdict(list)
    for indicator_id, observed_on, value in session.execute(
        select(DataPoint.indicator_id, DataPoint.observed_on, DataPoint.value)
        .join(bounds, bounds.c.indicator_id == DataPoint.indicator_id)
        .where(DataPoint.region == "",
               DataPoint.observed_on.between(func.coalesce(bounds.c.since, date.min), bounds.c.until))
        .order_by(DataPoint.indicator_id, DataPoint.observed_on)
    ):
        values[indicator_id].append(Observation(observed_on, value))
    return dict(values)


Mismatch = tuple[date, Decimal, Decimal]  # a date, the whole-mission value, the sum of the regions


def regional_mismatches_by_indicator(session: Session, mission_id: int, cutoffs, as_of: date,
                                     outcome_ids: list[int] | None = None) -> dict[int, list[Mismatch]]:
    """{indicator id: [(date, whole-mission value, sum of the regions)]} of the dates, up to each
    indicator's date of judgement, where the regions of an indicator that adds up do not add up
    to the whole, for every outcome of the mission or ``outcome_ids``: summed and compared in SQL
    (one query)."""
    whole = func.sum(case((DataPoint.region == "", DataPoint.value)))
    regions = func.sum(case((DataPoint.region != "", DataPoint.value)))
    statement = (
        _mission_points(mission_id, cutoffs, as_of, outcome_ids, DataPoint.indicator_id, DataPoint.observed_on,
                        whole, regions)
        .where(ImpactIndicator.regional_aggregation == RegionalAggregation.SUM)
        .group_by(DataPoint.indicator_id, DataPoint.observed_on)
        .having(whole.is_not(None), regions.is_not(None), whole != regions)
        .order_by(DataPoint.indicator_id, DataPoint.observed_on)
    )
    mismatches: dict[int, list] = defaultdict(list)
    for indicator_id, observed_on, whole_value, regions_sum in session.execute(statement):
        mismatches[indicator_id].append((observed_on, whole_value, regions_sum))
    return dict(mismatches)
