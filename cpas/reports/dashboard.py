"""The leadership dashboard of a mission and period: the money from the request to the spending,
the mandate with its means, the impact indicators' status and the outcomes' ratings, and what
awaits a decision.

A pure builder: the financial table, the variance analyses, the mandate's tasks, the assessment
round and the decisions' records in, plain figures and ``Table``s out (the chart's table view);
no database, no Flask. Money stays ``Decimal``; the chart gets floats only for drawing
(``cpas.reports.dashboard_charts``).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from cpas.assessments.rounds import AssessmentRound, IndicatorInRound
from cpas.models import (
    ExpenditureClass,
    ImpactAssessment,
    MandatedTask,
    RatingLevel,
    Recommendation,
    ReportKind,
    TaskPriority,
)
from cpas.money import percent
from cpas.reports.financial import BudgetHeadline, gross_requirements
from cpas.reports.indicator_trends import IndicatorTrend
from cpas.reports.threat_calendar import MonthsAhead
from cpas.reports.translator import Translator
from cpas.reports.variances import VarianceAnalysis
from cpas.results.progress import Band
from cpas.tables import CellKind, Column, Row, Table

# How many items each list of the dashboard shows; the page each list links to shows them all.
LIST_LIMIT = 10


@dataclass(frozen=True)
class MoneyStep:
    """One bar of the waterfall: a stage's amount (``key`` a stage) or the change between two
    stages (``key`` "cut_…")."""

    key: str
    label: str
    amount: Decimal
    is_total: bool  # a stage's amount, drawn from zero; else a change from the previous stage
    percent: Decimal | None = None  # a change as a percentage of the stage before it
    note: str = ""  # the approved budget's gap from the proposal, in words


@dataclass(frozen=True)
class UnexplainedVariance:
    expenditure_class: ExpenditureClass
    class_name: str  # in the reader's language
    report_kind: str  # "budget" or "performance": which report's form asks for it
    amount: Decimal
    percent: Decimal | None


@dataclass
class TaskMeans:
    task: MandatedTask
    approved: Decimal
    activities: int
    rating: RatingLevel | None = None  # of its outcomes' latest assessment in the round
    assessment_id: int | None = None


@dataclass
class PriorityMeans:
    priority: TaskPriority
    label: str
    tasks: list[TaskMeans] = field(default_factory=list)
    approved: Decimal = Decimal(0)  # each activity's money once, whatever the number of its tasks here


@dataclass(frozen=True)
class IndicatorStatus:
    indicator: IndicatorInRound
    outcome_code: str


@dataclass(frozen=True)
class OutcomeRating:
    outcome_id: int
    code: str
    title: str
    current: ImpactAssessment | None
    previous: ImpactAssessment | None

    @property
    def change(self) -> str:
        """"better", "worse", "same" or "" (not comparable): positions run most favourable first."""
        if self.current is None or self.previous is None or self.current.rating is None:
            return ""
        now, before = self.current.rating.position, self.previous.rating.position
        return "better" if now < before else "worse" if now > before else "same"


@dataclass(kw_only=True)
class Dashboard:
    headline: BudgetHeadline
    headline_sentences: list[str]
    steps: list[MoneyStep]
    money: Table  # the waterfall's table view
    expenditure: Decimal | None
    execution_percent: Decimal | None  # expenditure as a share of the approved budget
    unexplained: list[UnexplainedVariance]  # the largest first, at most LIST_LIMIT
    unexplained_count: int
    priorities: list[PriorityMeans]
    tasks_without_activity: list[TaskMeans]
    indicators: list[IndicatorStatus]  # off track first
    off_track: int
    outcomes: list[OutcomeRating]
    awaiting_approval: list[ImpactAssessment]
    overdue: list[Recommendation]
    awaiting_decision: list[Recommendation]  # open, before leadership, not yet due
    stale: list[IndicatorStatus]
    # Filled in by the assembly from what the lists above chose: the charted indicators' last
    # values, and the threat calendar's months ahead.
    trends: list[IndicatorTrend] = field(default_factory=list)
    trend_table: Table | None = None
    months_ahead: MonthsAhead | None = None

    @property
    def decisions(self) -> int:
        """What awaits leadership's decision: assessments to approve and recommendations to act on.
        Indicators without fresh data are listed beside them, but await the data, not a decision."""
        return len(self.awaiting_approval) + len(self.overdue) + len(self.awaiting_decision)


def money_steps(headline: BudgetHeadline, expenditure: Decimal | None, translator: Translator) -> list[MoneyStep]:
    """The waterfall from the request to the spending: each recorded stage, and between two
    stages the change, with its percentage of the stage before. Stages not recorded are left out."""
    _ = translator.gettext
    stages = [("proposed", _("Proposed (Secretary-General)"), headline.proposed),
              ("recommended", _("Recommended (ACABQ)"), headline.recommended),
              ("approved", _("Approved (General Assembly)"), headline.approved),
              ("expenditure", _("Expenditure"), expenditure)]
    cuts = {"recommended": _("ACABQ change"), "approved": _("General Assembly change"),
            "expenditure": _("Unspent")}
    steps: list[MoneyStep] = []
    before: Decimal | None = None
    for key, label, amount in stages:
        if amount is None:
            continue
        if before is not None:
            change = amount - before
            steps.append(MoneyStep(f"cut_{key}", cuts[key], change, False, percent(change, before)))
        note = ""
        if key == "approved" and headline.below_proposal and before is not None and headline.proposed != before:
            note = _("Approved: %(amount)s (%(percent)s) below the proposal",
                     amount=translator.dollars(headline.below_proposal),
                     percent=translator.percent(headline.below_proposal_percent))
        steps.append(MoneyStep(key, label, amount, True, note=note))
        before = amount
    return steps


def _money_table(steps: list[MoneyStep], translator: Translator) -> Table:
    _ = translator.gettext
    table = Table(_("From the request to the spending"), [
        Column("step", _("Stage or change"), width=40),
        Column("amount", _("Amount (US$)"), CellKind.MONEY),
        Column("percent", _("Change (per cent of the stage before)"), CellKind.PERCENT),
    ], money_unit=Decimal(1), sheet_name="Budget stages")
    for step in steps:
        table.rows.append(Row({"step": step.label, "amount": step.amount, "percent": step.percent,
                               "key": step.key, "is_total": step.is_total}))
    return table


def stale_indicators(statuses: list[IndicatorStatus]) -> list[IndicatorStatus]:
    """The first LIST_LIMIT indicators without fresh data, in the outcomes' order."""
    return [status for status in statuses if status.indicator.progress.stale][:LIST_LIMIT]


def unexplained_variances(analyses: list[tuple[ReportKind, VarianceAnalysis]],
                 classes: dict[int, ExpenditureClass]) -> list[UnexplainedVariance]:
    found = []
    for kind, analysis in analyses:
        for row in analysis.table.rows:
            if not row.get("explanation"):
                found.append(UnexplainedVariance(classes[row.get("class_id")], row.get("class"), kind.value,
                                                 row.get("amount"), row.get("percent")))
    return sorted(found, key=lambda item: -abs(item.amount))


def _priorities(tasks: list[MandatedTask], activities_by_task: dict[int, list[int]],
                approved_by_activity: dict[int, Decimal], assessment_round: AssessmentRound,
                translator: Translator) -> list[PriorityMeans]:
    latest_by_task: dict[int, ImpactAssessment] = {}
    for outcome in assessment_round.outcomes:
        assessment, task_id = outcome.assessment, outcome.outcome.mandated_task_id
        if assessment is None or task_id is None or assessment.rating is None:
            continue
        known = latest_by_task.get(task_id)
        if known is None or known.covers_to < assessment.covers_to:
            latest_by_task[task_id] = assessment
    groups = {priority: PriorityMeans(priority, translator.label(priority)) for priority in TaskPriority}
    counted: dict[TaskPriority, set[int]] = {priority: set() for priority in TaskPriority}
    for task in tasks:
        activity_ids = activities_by_task.get(task.id, [])
        money = sum((approved_by_activity.get(activity_id, Decimal(0)) for activity_id in activity_ids), Decimal(0))
        means = TaskMeans(task=task, approved=money, activities=len(activity_ids))
        if (assessment := latest_by_task.get(task.id)) is not None:
            means.rating, means.assessment_id = assessment.rating, assessment.id
        group = groups[task.priority]
        group.tasks.append(means)
        for activity_id in activity_ids:
            if activity_id not in counted[task.priority]:
                counted[task.priority].add(activity_id)
                group.approved += approved_by_activity.get(activity_id, Decimal(0))
    return [group for group in groups.values() if group.tasks]


def build_dashboard(*, financial: Table, headline: BudgetHeadline, headline_sentences: list[str],
                    variances: list[tuple[ReportKind, VarianceAnalysis]], classes: dict[int, ExpenditureClass],
                    tasks: list[MandatedTask], activities_by_task: dict[int, list[int]],
                    approved_by_activity: dict[int, Decimal], assessment_round: AssessmentRound,
                    previous_ratings: dict[int, ImpactAssessment], awaiting_approval: list[ImpactAssessment],
                    overdue: list[Recommendation], awaiting_decision: list[Recommendation],
                    translator: Translator) -> Dashboard:
    """Everything the dashboard shows, from what the report queries read."""
    expenditure = gross_requirements(financial).get("expenditure")
    steps = money_steps(headline, expenditure, translator)
    unexplained = unexplained_variances(variances, classes)
    priorities = _priorities(tasks, activities_by_task, approved_by_activity, assessment_round, translator)
    statuses = [IndicatorStatus(indicator, outcome.outcome.code)
                for outcome in assessment_round.outcomes for indicator in outcome.indicators]
    off_track = [status for status in statuses if status.indicator.progress.band is Band.OFF_TRACK]
    others = [status for status in statuses if status.indicator.progress.band is not Band.OFF_TRACK]
    outcomes = [OutcomeRating(outcome.outcome.id, outcome.outcome.code, outcome.outcome.title,
                              outcome.assessment if outcome.assessment and outcome.assessment.rating else None,
                              previous_ratings.get(outcome.outcome.id))
                for outcome in assessment_round.outcomes]
    return Dashboard(
        headline=headline, headline_sentences=headline_sentences, steps=steps, money=_money_table(steps, translator),
        expenditure=expenditure,
        execution_percent=percent(expenditure, headline.approved) if expenditure is not None and headline.approved
        else None,
        unexplained=unexplained[:LIST_LIMIT], unexplained_count=len(unexplained), priorities=priorities,
        tasks_without_activity=[means for group in priorities for means in group.tasks if not means.activities],
        indicators=(off_track + others)[:LIST_LIMIT], off_track=len(off_track), outcomes=outcomes[:LIST_LIMIT],
        awaiting_approval=awaiting_approval, overdue=overdue, awaiting_decision=awaiting_decision,
        stale=stale_indicators(statuses),
    )
