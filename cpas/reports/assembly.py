"""Loads a mission's report data (a fixed number of queries) and builds every table of a report,
for the pages, the workbooks and the command line alike."""

from dataclasses import dataclass
from decimal import Decimal

from flask import current_app
from sqlalchemy.orm import Session

from cpas.models import BudgetPeriod, Component, Mission, ReportKind
from cpas.reports import queries
from cpas.reports.coverage import build_mandate_coverage
from cpas.reports.financial import BudgetHeadline, build_financial_resources, headline_from_table
from cpas.reports.rbb_framework import (
    build_external_factor_table,
    build_human_resources_table,
    build_indicator_table,
    build_output_table,
)
from cpas.reports.variances import VarianceAnalysis, VarianceRule, build_variance_analysis
from cpas.tables import Table


def variance_rule() -> VarianceRule:
    return VarianceRule(current_app.config["VARIANCE_THRESHOLD_PERCENT"],
                        current_app.config["VARIANCE_THRESHOLD_AMOUNT"])


@dataclass
class FinancialReport:
    table: Table
    headline: BudgetHeadline
    previous: BudgetPeriod | None


def financial_report(session: Session, mission: Mission, period: BudgetPeriod,
                     money_unit: Decimal = Decimal(1000)) -> FinancialReport:
    earlier = queries.periods_before(session, period, 1)
    previous = earlier[0] if earlier else None
    table = build_financial_resources(
        queries.expenditure_groups(session),
        queries.budget_totals_by_class(session, mission.id, period.id),
        queries.budget_totals_by_class(session, mission.id, previous.id) if previous else {},
        period, previous, money_unit,
    )
    return FinancialReport(table, headline_from_table(table, previous), previous)


def variance_report(session: Session, mission: Mission, period: BudgetPeriod, kind: ReportKind,
                    financial: FinancialReport) -> VarianceAnalysis:
    return build_variance_analysis(financial.table, queries.variance_explanations(session, mission.id, period.id),
                                   kind, variance_rule())


@dataclass
class FrameworkReport:
    components: list[Component]
    indicators: Table
    outputs: Table
    external_factors: Table
    human_resources: Table


def framework_report(session: Session, mission: Mission, period: BudgetPeriod, kind: ReportKind) -> FrameworkReport:
    components = queries.rbb_framework(session, mission.id, period.id)
    return FrameworkReport(
        components,
        build_indicator_table(components, period, queries.periods_before(session, period, 2), kind),
        build_output_table(components),
        build_external_factor_table(components),
        build_human_resources_table(components),
    )


def coverage_report(session: Session, mission: Mission, period: BudgetPeriod,
                    money_unit: Decimal = Decimal(1000)) -> Table:
    return build_mandate_coverage(
        queries.tasks_with_means(session, mission, period),
        queries.approved_by_activity(session, mission.id, period.id),
        queries.impact_indicators_by_task(session, mission.id),
        money_unit,
    )


@dataclass
class ReportBundle:
    """Everything a report workbook holds."""

    kind: ReportKind
    mission: Mission
    period: BudgetPeriod
    financial: FinancialReport
    variances: VarianceAnalysis
    framework: FrameworkReport
    coverage: Table

    @property
    def tables(self) -> list[Table]:
        return [self.financial.table, self.variances.table, self.framework.indicators, self.framework.outputs,
                self.framework.human_resources, self.framework.external_factors, self.coverage]


def report_bundle(session: Session, mission: Mission, period: BudgetPeriod, kind: ReportKind,
                  money_unit: Decimal = Decimal(1000)) -> ReportBundle:
    financial = financial_report(session, mission, period, money_unit)
    return ReportBundle(kind, mission, period, financial, variance_report(session, mission, period, kind, financial),
                        framework_report(session, mission, period, kind),
                        coverage_report(session, mission, period, money_unit))
