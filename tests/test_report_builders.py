"""Report builders are pure: figures, settings and a translator in, tables out. They run with no
Flask app, no request and no configuration, and every word they write comes from the translator."""

import ast
from datetime import date
from decimal import Decimal
from pathlib import Path

from flask import has_app_context

from cpas.models import BudgetPeriod, BudgetStage, ExpenditureClass, ExpenditureGroup, Mission, ReportKind
from cpas.money import THOUSAND
from cpas.reports.financial import build_budget_headline, build_financial_resources, gross_requirements
from cpas.reports.headline import headline_sentences
from cpas.reports.summary import build_report_summary
from cpas.reports.translator import Translator
from cpas.reports.variances import build_variance_analysis
from tests.report_settings import PLAIN_ENGLISH, UN_VARIANCE_RULE

REPORTS = Path(__file__).resolve().parent.parent / "cpas" / "reports"
# The Flask edge of the reports package: the pages and the settings of the running app.
FLASK_EDGE = {"views.py", "app_settings.py"}
# Modules that need Flask, Flask-Babel or openpyxl to work, directly or through cpas modules.
FORBIDDEN = ("flask", "flask_babel", "flask_login", "openpyxl", "cpas.db", "cpas.labels", "cpas.formatting",
             "cpas.exports", "cpas.extensions")


def operational_costs():
    group = ExpenditureGroup(id=3, code="operational_costs", numeral="III", name="Operational costs", position=3)
    group.classes = [ExpenditureClass(id=7, code="air_operations", name="Air operations", position=1),
                     ExpenditureClass(id=8, code="medical", name="Medical", position=2)]
    return group


PREVIOUS = BudgetPeriod(id=1, label="2018/19", starts_on=date(2018, 7, 1), ends_on=date(2019, 6, 30))
PERIOD = BudgetPeriod(id=2, label="2019/20", starts_on=date(2019, 7, 1), ends_on=date(2020, 6, 30))
CURRENT = {7: {BudgetStage.PROPOSED: Decimal("1200000.00"), BudgetStage.APPROVED: Decimal("1150000.00")},
           8: {BudgetStage.PROPOSED: Decimal("1040000.00"), BudgetStage.APPROVED: Decimal("1040000.00")}}
BEFORE = {7: {BudgetStage.APPROVED: Decimal("1000000.00")}, 8: {BudgetStage.APPROVED: Decimal("1000000.00")}}


def financial_table(translator: Translator, money_unit: Decimal = THOUSAND):
    return build_financial_resources(groups=[operational_costs()], current=CURRENT, previous_totals=BEFORE,
                                     period=PERIOD, previous=PREVIOUS, money_unit=money_unit, translator=translator)


def test_the_financial_table_variance_analysis_and_summary_build_with_no_app_at_all():
    assert not has_app_context()
    table = financial_table(PLAIN_ENGLISH)
    gross = gross_requirements(table)
    assert (gross.get("previous_approved"), gross.get("proposed"), gross.get("approved")) == (
        Decimal("2000000.00"), Decimal("2240000.00"), Decimal("2190000.00"))
    assert gross.get("budget_variance") == Decimal("240000.00") and gross.get("budget_variance_percent") == 12
    assert [column.heading for column in table.columns[:4]] == [
        "Category", "Apportionment (2018/19)", "Expenditure (2018/19)", "Cost estimates (2019/20)"]
    assert table.caption == "(Thousands of United States dollars)"
    assert [row.get("class") for row in table.rows] == [
        "III. Operational costs", "Air operations", "Medical", "Subtotal, Operational costs", "Gross requirements"]

    analysis = build_variance_analysis(financial=table, explanations=[], kind=ReportKind.BUDGET,
                                       rule=UN_VARIANCE_RULE, translator=PLAIN_ENGLISH)
    # Air operations: +$200,000 (20 %), flagged; medical: +$40,000 (4 %), below both thresholds.
    assert analysis.unexplained == ["Air operations"] and analysis.flagged == 1
    assert analysis.table.notes == [
        "Analysis is provided for variances of at least plus or minus 5 per cent or $100,000."]
    performance = build_variance_analysis(financial=table, explanations=[], kind=ReportKind.PERFORMANCE,
                                          rule=UN_VARIANCE_RULE, translator=PLAIN_ENGLISH)
    assert performance.missing_basis.startswith("No expenditure is recorded for this period yet")

    headline = build_budget_headline(table, PREVIOUS)
    sentences = headline_sentences(headline, PLAIN_ENGLISH)
    # no ACABQ recommendation in these figures: only the comparison with the previous period
    assert sentences == ["It is $190,000 (9.50%) more than the $2,000,000 apportioned for 2018/19."]
    summary = build_report_summary(kind=ReportKind.BUDGET, mission=Mission(code="MINUSMA", name="Mali"),
                                   period=PERIOD, financial=table, headline=headline, headline_sentences=sentences,
                                   variances=analysis,
                                   translator=PLAIN_ENGLISH)
    assert summary.title == "MINUSMA · Budget report · 2019/20" and summary.introduction == ["Mali", *sentences]
    amounts = {row.get("stage"): row.get("amount") for row in summary.rows if "amount" in row.formulas}
    assert amounts["Approved"] == Decimal("2190000.00")
    # the gaps the headline states, each a formula (the recommendation is not recorded: no ACABQ gap)
    assert amounts["Change from the previous period's apportionment"] == Decimal("190000.00")
    assert amounts["ACABQ adjustment (recommended − proposed)"] is None
    assert summary.notes == ["Analysis of variances: 1 classes flagged, 1 without an explanation."]
    assert not has_app_context()


def test_every_word_of_the_tables_comes_from_the_translator():
    marked = Translator(gettext=lambda message, **variables: f"«{message % variables if variables else message}»",
                        label=lambda value: f"<{value.code}>", dollars=str, percent=str)
    table = financial_table(marked, money_unit=Decimal(1))
    assert all(column.heading.startswith("«") for column in table.columns)
    assert table.title == "«Financial resources»" and table.caption == "«(United States dollars)»"
    assert [row.get("class") for row in table.rows] == [
        "III. <operational_costs>", "<air_operations>", "<medical>", "«Subtotal, <operational_costs>»",
        "«Gross requirements»"]
    analysis = build_variance_analysis(financial=table, explanations=[], kind=ReportKind.BUDGET,
                                       rule=UN_VARIANCE_RULE, translator=marked)
    assert all(column.heading.startswith("«") for column in analysis.table.columns)
    assert analysis.unexplained == ["<air_operations>"]


def test_report_builders_import_neither_flask_nor_openpyxl():
    for module in sorted(REPORTS.glob("*.py")):
        if module.name in FLASK_EDGE:
            continue
        imported = set()
        for node in ast.walk(ast.parse(module.read_text())):
            if isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
        offending = sorted(name for name in imported
                           if any(name == forbidden or name.startswith(forbidden + ".") for forbidden in FORBIDDEN))
        assert offending == [], f"{module.name} imports {offending}"
