"""Loads a mission's report data (a fixed number of queries) and builds every table of a report,
for the pages, the workbooks and the command line alike.

Settings come in as a ``ReportSettings``: the pages and the command line make theirs with
``cpas.reports.app_settings.report_settings``; nothing here reads Flask.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.orm import Session

from cpas.assessments import queries as assessment_queries
from cpas.assessments.queries import round_cutoffs
from cpas.assessments.rounds import load_round, round_indicators
from cpas.models import BudgetPeriod, Component, ExpenditureGroup, Mission, ReportKind
from cpas.reports import queries
from cpas.reports.all_missions import AllMissions, build_all_missions, sorting
from cpas.reports.coverage import build_mandate_coverage
from cpas.reports.dashboard import (
    LIST_LIMIT,
    Dashboard,
    IndicatorStatus,
    UnexplainedVariance,
    build_dashboard,
    stale_indicators,
    unexplained_variances,
)
from cpas.reports.financial import BudgetHeadline, build_budget_headline, build_financial_resources
from cpas.reports.headline import headline_sentences
from cpas.reports.indicator_trends import TREND_CHART_VALUES, TREND_CHARTS, build_indicator_trends
from cpas.reports.rbb_framework import (
    build_external_factor_table,
    build_human_resources_table,
    build_indicator_table,
    build_output_table,
)
from cpas.reports.summary import build_report_summary
from cpas.reports.threat_calendar import (
    HighRiskRule,
    ThreatCalendar,
    build_months_ahead,
    build_seasons,
    build_threat_calendar,
    months_ahead_window,
    year_and_month,
)
from cpas.reports.translator import Translator
from cpas.reports.variances import VarianceAnalysis, VarianceRule, build_variance_analysis
from cpas.results import queries as results_queries
from cpas.tables import Table


@dataclass(frozen=True, kw_only=True)
class ReportSettings:
    """What reports are built with: the variance rule and the threat calendar's high-risk rule
    (from the configuration), the money unit of the tables (the reader's choice) and the reader's
    language."""

    variance_rule: VarianceRule
    money_unit: Decimal
    translator: Translator
    high_risk_rule: HighRiskRule = HighRiskRule()
    # The day the reports are read: whether a period's expenditure is to date or final.
    today: date = field(default_factory=date.today)


@dataclass(kw_only=True)
class FinancialReport:
    table: Table
    headline: BudgetHeadline
    headline_sentences: list[str]
    previous: BudgetPeriod | None
    groups: list[ExpenditureGroup] = field(default_factory=list)  # with their classes, in print order


def financial_report(session: Session, mission: Mission, period: BudgetPeriod,
                     settings: ReportSettings, adjustments: tuple[str, ...] = ()) -> FinancialReport:
    """Financial resources of the period beside the previous one, and the headline; with the
    adjustment columns the reader selected (``financial.selected_adjustments``), which change no
    query."""
    earlier = queries.periods_before(session, period, 1)
    previous = earlier[0] if earlier else None
    current = queries.budget_totals_by_class(session, mission.id, period.id)
    groups = queries.expenditure_groups(session)
    table = build_financial_resources(
        groups=groups, current=current.stages,
        approved_unrevised=current.approved_unrevised,
        previous_totals=queries.budget_totals_by_class(session, mission.id, previous.id).stages if previous else {},
        period=period, previous=previous, money_unit=settings.money_unit, translator=settings.translator,
        adjustments=adjustments,
    )
    headline = build_budget_headline(table, previous, period_over=settings.today > period.ends_on)
    return FinancialReport(table=table, headline=headline,
                           headline_sentences=headline_sentences(headline, settings.translator, period.label),
                           previous=previous,
                           groups=groups)


def variance_report(session: Session, mission: Mission, period: BudgetPeriod, kind: ReportKind,
                    financial: FinancialReport, settings: ReportSettings) -> VarianceAnalysis:
    """The analysis of variances of one form (budget or performance) of the financial report."""
    return build_variance_analysis(
        financial=financial.table, explanations=queries.variance_explanations(session, mission.id, period.id),
        kind=kind, rule=settings.variance_rule, translator=settings.translator)


@dataclass(kw_only=True)
class FrameworkReport:
    components: list[Component]  # those the report shows
    indicators: Table
    outputs: Table
    external_factors: Table
    human_resources: Table
    every_component: list[Component] = field(default_factory=list)
    component: Component | None = None  # the one shown, when not all are
    too_long_for_one_page: bool = False  # all were asked for: more rows than a page shows
    rows: int = 0  # indicators and outputs of every component


def _framework_rows(component: Component) -> int:
    return sum(len(each.indicators) + len(each.outputs) for each in component.expected_accomplishments)


def framework_report(session: Session, mission: Mission, period: BudgetPeriod, kind: ReportKind,
                     settings: ReportSettings, component_number: int | None = None,
                     most_rows: int | None = None) -> FrameworkReport:
    """The RBB framework of the period in the budget or performance form: every component, or
    the one numbered ``component_number``; a framework of more than ``most_rows`` indicators and
    outputs shows its first component unless another is asked for (``too_long_for_one_page``),
    and a report workbook holds them all."""
    every_component = queries.rbb_framework(session, mission.id, period.id)
    rows = sum(_framework_rows(each) for each in every_component)
    chosen = next((each for each in every_component if each.number == component_number), None)
    too_long = chosen is None and most_rows is not None and rows > most_rows and len(every_component) > 1
    if too_long:
        chosen = every_component[0]
    components = [chosen] if chosen is not None else every_component
    translator = settings.translator
    previous = queries.periods_before(session, period, 2)
    # The actuals of the report's form: of the period (performance) or of the period two before (budget).
    actual_periods = [period] if kind is ReportKind.PERFORMANCE else previous[1:2]
    return FrameworkReport(
        components=components,
        indicators=build_indicator_table(components=components, period=period, previous=previous, kind=kind,
                                         translator=translator,
                                         cpas_actuals=queries.cpas_actuals(session, mission.id, period.id,
                                                                           actual_periods)),
        outputs=build_output_table(components=components, translator=translator),
        external_factors=build_external_factor_table(components=components, translator=translator),
        human_resources=build_human_resources_table(components=components, translator=translator),
        every_component=every_component, component=chosen, too_long_for_one_page=too_long, rows=rows,
    )


def coverage_report(session: Session, mission: Mission, period: BudgetPeriod, settings: ReportSettings) -> Table:
    """Mandate coverage of the resolutions in force during the period."""
    return build_mandate_coverage(
        tasks=queries.tasks_with_means(session, mission, period),
        approved_by_activity=queries.approved_by_activity(session, mission.id, period.id),
        impact_indicators_by_task=queries.impact_indicators_by_task(session, mission.id),
        money_unit=settings.money_unit, translator=settings.translator,
    )


@dataclass(kw_only=True)
class ReportBundle:
    """Everything a report workbook holds."""

    kind: ReportKind
    mission: Mission
    period: BudgetPeriod
    financial: FinancialReport
    variances: VarianceAnalysis
    framework: FrameworkReport
    coverage: Table
    summary: Table

    @property
    def tables(self) -> list[Table]:
        """The report's tables, as the pages show them."""
        return [self.financial.table, self.variances.table, self.framework.indicators, self.framework.outputs,
                self.framework.human_resources, self.framework.external_factors, self.coverage]

    @property
    def sheets(self) -> list[Table]:
        """The workbook's sheets, in order: the summary, then the tables."""
        return [self.summary, *self.tables]


def report_bundle(session: Session, mission: Mission, period: BudgetPeriod, kind: ReportKind,
                  settings: ReportSettings, adjustments: tuple[str, ...] = ()) -> ReportBundle:
    """Every table of the budget or performance report of a mission and period, the financial
    table with the adjustment columns selected."""
    financial = financial_report(session, mission, period, settings, adjustments)
    variances = variance_report(session, mission, period, kind, financial, settings)
    summary = build_report_summary(kind=kind, mission=mission, period=period, financial=financial.table,
                                   headline=financial.headline,
                                   headline_sentences=financial.headline_sentences, variances=variances,
                                   translator=settings.translator)
    return ReportBundle(kind=kind, mission=mission, period=period, financial=financial, variances=variances,
                        framework=framework_report(session, mission, period, kind, settings),
                        coverage=coverage_report(session, mission, period, settings), summary=summary)


def threat_calendar_report(session: Session, mission: Mission, settings: ReportSettings) -> ThreatCalendar:
    """The threat calendar of a mission over all the years of its incidents, with the activities of
    every budget period laid over it (three queries, whatever the number of incidents; a fourth
    for the workbook's sheet by event type)."""
    first_date, last_date = queries.incident_dates(session, mission.id)
    return build_threat_calendar(
        aggregate=queries.incidents_by_region_and_month_all_types(session, mission.id) if first_date else [],
        by_event_type=lambda: queries.incidents_by_region_and_month(session, mission.id) if first_date else [],
        mission_regions=mission.region_list,
        activities=queries.activities_with_period_dates(session, mission.id),
        first_date=first_date, last_date=last_date, rule=settings.high_risk_rule, translator=settings.translator,
    )


def _variances(session: Session, mission: Mission, period: BudgetPeriod, settings: ReportSettings):
    """The financial report and both forms' variance analyses of the period."""
    financial = financial_report(session, mission, period, settings)
    explanations = queries.variance_explanations(session, mission.id, period.id)
    return financial, [(kind, build_variance_analysis(financial=financial.table, explanations=explanations, kind=kind,
                                                      rule=settings.variance_rule, translator=settings.translator))
                       for kind in (ReportKind.BUDGET, ReportKind.PERFORMANCE)]


def _classes(financial) -> dict:
    return {expenditure_class.id: expenditure_class for group in financial.groups
            for expenditure_class in group.classes}


@dataclass(kw_only=True)
class OpenWork:
    """What the dashboard lists for an officer to close: the variances without an explanation and
    the indicators without fresh data."""

    unexplained: list[UnexplainedVariance]  # the largest first, at most LIST_LIMIT
    unexplained_count: int
    stale: list[IndicatorStatus]  # at most LIST_LIMIT, in the outcomes' order


def open_work_report(session: Session, mission: Mission, period: BudgetPeriod, settings: ReportSettings,
                     today: date, tolerance_percent: Decimal) -> OpenWork:
    """The dashboard's variances without an explanation and indicators without fresh data, by the
    dashboard's own rules and builders, without the rest of the dashboard: the financial report,
    the explanations and every indicator as the round judges it (``round_indicators``), in a fixed
    number of queries whatever the data size."""
    financial, variances = _variances(session, mission, period, settings)
    unexplained = unexplained_variances(variances, _classes(financial))
    indicators = round_indicators(session, mission, period, today, tolerance_percent)
    statuses = [IndicatorStatus(indicator, code) for outcome_id, code in queries.outcome_codes(session, mission.id)
                for indicator in indicators.get(outcome_id, [])]
    return OpenWork(unexplained=unexplained[:LIST_LIMIT], unexplained_count=len(unexplained),
                    stale=stale_indicators(statuses))


def dashboard_report(session: Session, mission: Mission, period: BudgetPeriod, settings: ReportSettings,
                     today: date, tolerance_percent: Decimal) -> Dashboard:
    """The leadership dashboard of a mission and period as of ``today``, in a fixed number of
    queries whatever the data size: the financial report and both forms' variances, the mandate's
    tasks with their means, the assessment round (its first page of outcomes in detail, every
    indicator's progress from its last values), the previous round's ratings, what awaits a
    decision, the last values of the indicators charted (off track first) and the threat
    calendar's months ahead."""
    financial, variances = _variances(session, mission, period, settings)
    assessment_round = load_round(session, mission, period, today, tolerance_percent, with_money=False,
                                  in_detail=False)
    dashboard = build_dashboard(
        financial=financial.table, headline=financial.headline, headline_sentences=financial.headline_sentences,
        variances=variances, classes=_classes(financial),
        tasks=queries.tasks_in_force(session, mission, period),
        activities_by_task=queries.activity_ids_by_task(session, mission.id, period.id),
        approved_by_activity=queries.approved_by_activity(session, mission.id, period.id),
        assessment_round=assessment_round,
        previous_ratings=assessment_queries.ratings_before(session, mission.id, period.starts_on),
        awaiting_approval=assessment_queries.submitted_assessments(session, mission.id, LIST_LIMIT),
        overdue=assessment_queries.overdue_recommendations(session, mission.id, today, LIST_LIMIT),
        awaiting_decision=assessment_queries.recommendations_awaiting_decision(session, mission.id, today,
                                                                               LIST_LIMIT),
        translator=settings.translator,
    )
    charted = dashboard.indicators[:TREND_CHARTS]
    # Each charted indicator's last values as of its outcome's date of judgement (one query).
    series = results_queries.latest_values(
        session, mission.id, round_cutoffs(mission.id, period), assessment_round.as_of, TREND_CHART_VALUES,
        indicator_ids=[status.indicator.id for status in charted])
    dashboard.trends, dashboard.trend_table = build_indicator_trends(charted, series, tolerance_percent,
                                                                     settings.translator)
    # The threat calendar's seasons alone (two queries: its monthly counts, the event types added up
    # in SQL, and the activities running in the months ahead).
    seasons = build_seasons(aggregate=queries.incidents_by_region_and_month_all_types(session, mission.id),
                            mission_regions=mission.region_list, translator=settings.translator)
    window = months_ahead_window(today, period.starts_on, period.ends_on)
    first_year, first_month = year_and_month(window[0])
    last_year, last_month = year_and_month(window[-1])
    running = queries.activities_running_between(
        session, mission.id, date(first_year, first_month, 1),
        date(last_year, last_month, calendar.monthrange(last_year, last_month)[1]))
    dashboard.months_ahead = build_months_ahead(
        seasons, running, window, settings.high_risk_rule, settings.translator, period_over=today > period.ends_on)
    return dashboard


def all_missions_report(session: Session, missions: list[Mission], period: BudgetPeriod, settings: ReportSettings,
                        sort: str | None = None, order: str | None = None) -> AllMissions:
    """The given missions (those the reader may compare) side by side for ``period``, sorted by
    the column asked for (``sort``, ``order``; validated): two queries, the groups and the sums of
    every mission by group and stage, whatever the number of missions."""
    groups = queries.groups_in_order(session)
    totals = queries.budget_totals_by_mission_and_group(session, period.id, [mission.id for mission in missions])
    return build_all_missions(missions=missions, totals=totals, groups=groups, period=period,
                              chosen=sorting(sort, order, groups), money_unit=settings.money_unit,
                              translator=settings.translator)
