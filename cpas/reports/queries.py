"""The database reads of reports: each a fixed number of queries, whatever the data size."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from sqlalchemy import func, literal, select
from sqlalchemy.orm import Bundle, Session, aliased, contains_eager, selectinload

from cpas.mandates.queries import mandates_in_force, period_activities
from cpas.models import (
    Activity,
    BudgetAmount,
    BudgetLine,
    BudgetPeriod,
    BudgetStage,
    Component,
    DataPoint,
    ExpectedAccomplishment,
    ExpenditureClass,
    ExpenditureGroup,
    ImpactIndicator,
    Incident,
    IncidentMonth,
    IndicatorOfAchievement,
    Mandate,
    MandatedTask,
    Mission,
    Outcome,
    Output,
    VarianceExplanation,
    activity_tasks,
)


def expenditure_groups(session: Session) -> list[ExpenditureGroup]:
    """The groups of expenditure with their classes and each class's successors, in print order
    (two queries: the successors are joined to the classes' own query)."""
    return list(
        session.scalars(
            select(ExpenditureGroup)
            .options(selectinload(ExpenditureGroup.classes).joinedload(ExpenditureClass.successors))
            .order_by(ExpenditureGroup.position)
        )
    )


@dataclass(frozen=True)
class ClassTotals:
    """A mission's budget of one period by class of expenditure."""

    stages: dict[int, dict[BudgetStage, Decimal]]  # {class id: {stage: total}}: only what is recorded
    # {class id: the approved amount of its lines that have no revised amount}: what each class
    # carries into the revised estimates, a revised budget being the approved one with the revisions applied
    approved_unrevised: dict[int, Decimal]


def budget_totals_by_class(session: Session, mission_id: int, period_id: int) -> ClassTotals:
    """The totals of one mission and period by class and stage, summed in SQL over integer cents,
    and the approved amount of the lines without a revision (one query)."""
    revised = aliased(BudgetAmount)
    unrevised = revised.id.is_(None)
    statement = (
        select(BudgetLine.class_id, BudgetAmount.stage, unrevised, func.sum(BudgetAmount.amount))
        .join(BudgetAmount.line)
        .outerjoin(revised, (revised.line_id == BudgetLine.id) & (revised.stage == BudgetStage.REVISED))
        .where(BudgetLine.mission_id == mission_id, BudgetLine.period_id == period_id)
        .group_by(BudgetLine.class_id, BudgetAmount.stage, unrevised)
    )
    totals: dict[int, dict[BudgetStage, Decimal]] = defaultdict(dict)
    approved_unrevised: dict[int, Decimal] = {}
    for class_id, stage, line_unrevised, total in session.execute(statement):
        totals[class_id][stage] = totals[class_id].get(stage, Decimal(0)) + total
        if stage is BudgetStage.APPROVED and line_unrevised:
            approved_unrevised[class_id] = total
    return ClassTotals(stages=dict(totals), approved_unrevised=approved_unrevised)


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


def variance_explanations(session: Session, mission_id: int, period_id: int) -> list[VarianceExplanation]:
    """The explanations written for a mission's period, both report kinds (one query)."""
    return list(session.scalars(select(VarianceExplanation).where(
        VarianceExplanation.mission_id == mission_id, VarianceExplanation.period_id == period_id)))


def tasks_with_means(session: Session, mission: Mission, period: BudgetPeriod) -> list[MandatedTask]:
    """Tasks of the resolutions in force, with their activities, outputs and indicators loaded
    (a fixed number of queries). Each activity's output and its accomplishment are joined to the
    activities' own query: a selectin load asks 500 ids at a time, so the mission's 539 outputs at
    ten times the UN's CPAS took two queries, one more with each 500."""
    activities = selectinload(period_activities(period))
    in_force = mandates_in_force(mission, period).with_only_columns(Mandate.id).scalar_subquery()
    return list(session.scalars(
        select(MandatedTask).join(MandatedTask.mandate)
        .where(MandatedTask.mandate_id.in_(in_force))
        .order_by(Mandate.adopted_on, MandatedTask.position, MandatedTask.paragraph_ref)
        .options(selectinload(MandatedTask.mandate),
                 activities.joinedload(Activity.output).joinedload(Output.expected_accomplishment)
                 .selectinload(ExpectedAccomplishment.indicators))
    ))


def outcome_codes(session: Session, mission_id: int) -> list[tuple[int, str]]:
    """(id, code) of the mission's outcomes, by code (one query)."""
    return [tuple(row) for row in session.execute(
        select(Outcome.id, Outcome.code).where(Outcome.mission_id == mission_id).order_by(Outcome.code))]


def tasks_in_force(session: Session, mission: Mission, period: BudgetPeriod) -> list[MandatedTask]:
    """The tasks of the resolutions in force during the period, in the mandate's order, each with
    its resolution (which its key names) but without their activities (one query;
    ``activity_ids_by_task`` reads those). The resolution is read with the task because the report
    cache keeps the tasks past the session that read them."""
    in_force = mandates_in_force(mission, period).with_only_columns(Mandate.id).scalar_subquery()
    return list(session.scalars(
        select(MandatedTask).join(MandatedTask.mandate).options(contains_eager(MandatedTask.mandate))
        .where(MandatedTask.mandate_id.in_(in_force))
        .order_by(Mandate.adopted_on, MandatedTask.position, MandatedTask.paragraph_ref)))


def activity_ids_by_task(session: Session, mission_id: int, period_id: int) -> dict[int, list[int]]:
    """{mandated task id: the ids of the period's activities that serve it} (one query of id pairs,
    not of activities: the dashboard counts them and adds up their money)."""
    served: dict[int, list[int]] = {}
    for task_id, activity_id in session.execute(
        select(activity_tasks.c.task_id, activity_tasks.c.activity_id)
        .join(Activity, Activity.id == activity_tasks.c.activity_id)
        .where(Activity.mission_id == mission_id, Activity.period_id == period_id)
        .order_by(activity_tasks.c.task_id, activity_tasks.c.activity_id)
    ):
        served.setdefault(task_id, []).append(activity_id)
    return served


def approved_by_activity(session: Session, mission_id: int, period_id: int) -> dict[int, Decimal]:
    """{activity id: approved amount of the budget lines attributed to it} (one query), not
    counting the items below gross requirements."""
    statement = (
        select(BudgetLine.activity_id, func.sum(BudgetAmount.amount))
        .join(BudgetAmount.line)
        .where(BudgetLine.mission_id == mission_id, BudgetLine.period_id == period_id,
               BudgetLine.activity_id.is_not(None), BudgetAmount.stage == BudgetStage.APPROVED,
               BudgetLine.class_id.in_(ExpenditureClass.requirement_ids()))
        .group_by(BudgetLine.activity_id)
    )
    return {activity_id: total for activity_id, total in session.execute(statement)}


def impact_indicators_by_task(session: Session, mission_id: int) -> dict[int, int]:
    """{mandated task id: number of CPAS impact indicators of the outcomes linked to it} (one query)."""
    statement = (
        select(Outcome.mandated_task_id, func.count(ImpactIndicator.id))
        .join(ImpactIndicator.outcome)
        .where(Outcome.mission_id == mission_id, Outcome.mandated_task_id.is_not(None))
        .group_by(Outcome.mandated_task_id)
    )
    return {task_id: count for task_id, count in session.execute(statement)}


@dataclass(frozen=True)
class CpasActual:
    """A value of a CPAS impact indicator that can stand for the actual of the indicator of
    achievement it maps to."""

    value: Decimal
    observed_on: date
    impact_indicator_code: str
    impact_indicator_name: str


def cpas_actuals(session: Session, mission_id: int, framework_period_id: int,
                 periods: list[BudgetPeriod]) -> dict[tuple[int, int], CpasActual]:
    """{(indicator of achievement id, period id): the latest whole-mission value observed within
    that period of a CPAS impact indicator mapped to it}, for the indicators of achievement of a
    mission's framework of one period and the given periods (one query)."""
    if not periods:
        return {}
    framework_indicators = (
        select(IndicatorOfAchievement.id).join(IndicatorOfAchievement.expected_accomplishment)
        .join(ExpectedAccomplishment.component)
        .where(Component.mission_id == mission_id, Component.period_id == framework_period_id)
    )
    statement = (
        select(ImpactIndicator.rbb_indicator_id, BudgetPeriod.id, DataPoint.observed_on, DataPoint.value,
               ImpactIndicator.code, ImpactIndicator.name)
        .join(DataPoint.indicator)
        .join(BudgetPeriod, DataPoint.observed_on.between(BudgetPeriod.starts_on, BudgetPeriod.ends_on))
        .where(ImpactIndicator.rbb_indicator_id.in_(framework_indicators), DataPoint.region == "",
               BudgetPeriod.id.in_([period.id for period in periods]))
        .order_by(DataPoint.observed_on, ImpactIndicator.code)
    )
    actuals = {}
    for rbb_indicator_id, period_id, observed_on, value, code, name in session.execute(statement):
        actuals[(rbb_indicator_id, period_id)] = CpasActual(value, observed_on, code, name)  # the latest stays
    return actuals


def periods_before(session: Session, period: BudgetPeriod, count: int) -> list[BudgetPeriod]:
    """The ``count`` periods just before ``period``, nearest first (one query)."""
    return list(
        session.scalars(
            select(BudgetPeriod)
            .where(BudgetPeriod.starts_on < period.starts_on)
            .order_by(BudgetPeriod.starts_on.desc())
            .limit(count)
        )
    )


def rbb_framework(session: Session, mission_id: int, period_id: int) -> list[Component]:
    """The RBB framework of one mission and period: components with their accomplishments,
    indicators and values, outputs, external factors and posts, in a fixed number of queries
    however large the framework."""
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


def incidents_by_region_and_month(session: Session, mission_id: int) -> list[tuple]:
    """(region, year, month, event type, events, fatalities) of a mission's incidents (one query),
    from the counts each import keeps: a few thousand rows, however many incidents there are. The
    region is the incident's admin1 ("" where the file gave none)."""
    statement = (select(IncidentMonth.region, IncidentMonth.year, IncidentMonth.month, IncidentMonth.event_type,
                        IncidentMonth.events, IncidentMonth.fatalities)
                 .where(IncidentMonth.mission_id == mission_id))
    return [tuple(row) for row in session.execute(statement)]


def incidents_by_region_and_month_all_types(session: Session, mission_id: int) -> list[tuple]:
    """The rows of ``incidents_by_region_and_month`` with the event types added up in SQL (their
    event type ""): what the seasons of the dashboard's months ahead need, a tenth of the rows."""
    statement = (select(IncidentMonth.region, IncidentMonth.year, IncidentMonth.month, literal(""),
                        func.sum(IncidentMonth.events), func.sum(IncidentMonth.fatalities))
                 .where(IncidentMonth.mission_id == mission_id)
                 .group_by(IncidentMonth.region, IncidentMonth.year, IncidentMonth.month))
    return [tuple(row) for row in session.execute(statement)]


def incident_dates(session: Session, mission_id: int) -> tuple[date | None, date | None]:
    """The dates of a mission's first and last incidents (one query, on the mission-and-date index)."""
    first, last = session.execute(select(func.min(Incident.event_date), func.max(Incident.event_date))
                                  .where(Incident.mission_id == mission_id)).one()
    return first, last


# What the threat calendar and the months ahead read of an activity (``_lay_over_activities``,
# ``build_months_ahead``), without loading the record: a mission's thousands of activities are
# read as plain rows, not as ORM objects.
ACTIVITY_ON_CALENDAR = Bundle("activity", Activity.id, Activity.ref, Activity.title, Activity.region,
                              Activity.status, Activity.operation_name, Activity.starts_on, Activity.ends_on)


def activities_running_between(session: Session, mission_id: int, first_day: date, last_day: date) -> list[tuple]:
    """(activity, its period's start, its period's end) of the mission's activities that run on
    some day from ``first_day`` to ``last_day`` (by their own dates, else their period's, as the
    threat calendar lays them), each activity the few columns the months ahead read (one query)."""
    starts = func.coalesce(Activity.starts_on, BudgetPeriod.starts_on)
    ends = func.coalesce(Activity.ends_on, BudgetPeriod.ends_on)
    statement = (
        select(ACTIVITY_ON_CALENDAR, BudgetPeriod.starts_on, BudgetPeriod.ends_on)
        .join(BudgetPeriod, BudgetPeriod.id == Activity.period_id)
        .where(Activity.mission_id == mission_id, starts <= last_day, ends >= first_day)
        .order_by(BudgetPeriod.starts_on, Activity.starts_on, Activity.ref)
    )
    return [tuple(row) for row in session.execute(statement)]


def activities_with_period_dates(session: Session, mission_id: int) -> list[tuple]:
    """(activity, its period's start, its period's end) of every activity of a mission, of every
    budget period, each activity the columns the threat calendar reads (one query): it lays them
    over the incidents of all the years."""
    statement = (
        select(ACTIVITY_ON_CALENDAR, BudgetPeriod.starts_on, BudgetPeriod.ends_on)
        .join(BudgetPeriod, BudgetPeriod.id == Activity.period_id)
        .where(Activity.mission_id == mission_id)
        .order_by(BudgetPeriod.starts_on, Activity.starts_on, Activity.ref)
    )
    return [tuple(row) for row in session.execute(statement)]


def missions_by_code(session: Session, mission_ids: list[int] | None = None) -> list[Mission]:
    """The missions, by code: all of them, or those of ``mission_ids`` (one query)."""
    statement = select(Mission).order_by(Mission.code)
    if mission_ids is not None:
        statement = statement.where(Mission.id.in_(mission_ids))
    return list(session.scalars(statement))


def budget_periods_newest_first(session: Session) -> list[BudgetPeriod]:
    """Every budget period, the latest first (one query)."""
    return list(session.scalars(select(BudgetPeriod).order_by(BudgetPeriod.starts_on.desc())))


def groups_in_order(session: Session) -> list[ExpenditureGroup]:
    """The groups of expenditure (I, II, III) in print order, without their classes (one query);
    not the items below gross requirements, which are no requirements."""
    return list(session.scalars(select(ExpenditureGroup).where(ExpenditureGroup.below_gross.is_(False))
                                .order_by(ExpenditureGroup.position)))


def budget_totals_by_mission_and_group(session: Session, period_id: int,
                                       mission_ids: list[int]) -> dict[int, dict[tuple[int, BudgetStage], Decimal]]:
    """{mission id: {(group id, stage): total}} of one period for the given missions, summed in
    SQL over integer cents (one query, whatever the number of missions and lines): a mission's
    total of a stage, the gross requirements of its financial resources, is the sum of its groups'
    (``all_missions.stage_totals``). Only what is recorded is there: not the items below gross
    requirements (staff assessment income, voluntary contributions in kind)."""
    if not mission_ids:
        return {}
    statement = (
        select(BudgetLine.mission_id, ExpenditureClass.group_id, BudgetAmount.stage, func.sum(BudgetAmount.amount))
        .join(BudgetAmount.line)
        .join(ExpenditureClass, ExpenditureClass.id == BudgetLine.class_id)
        .where(BudgetLine.period_id == period_id, BudgetLine.mission_id.in_(mission_ids),
               ExpenditureClass.id.in_(ExpenditureClass.requirement_ids()))
        .group_by(BudgetLine.mission_id, ExpenditureClass.group_id, BudgetAmount.stage)
    )
    totals: dict[int, dict[tuple[int, BudgetStage], Decimal]] = defaultdict(dict)
    for mission_id, group_id, stage, total in session.execute(statement):
        totals[mission_id][(group_id, stage)] = total
    return dict(totals)
