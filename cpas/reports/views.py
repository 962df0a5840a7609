"""Report pages for budget reviewers and their Excel workbooks."""

from datetime import date
from io import BytesIO
from pathlib import Path

from flask import abort, current_app, g, render_template, request, send_file, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from cpas.assessments.rounds import MOST_INDICATORS_IN_DETAIL, load_round
from cpas.charts import figure_json, number_separators, static_svg
from cpas.db import get_session
from cpas.exports.pdf import pdf_bytes
from cpas.exports.report_workbook import build_report_workbook
from cpas.exports.xlsx import XLSX_MIME_TYPE
from cpas.formatting import PageFormats, format_average
from cpas.models import ReportKind
from cpas.money import THOUSAND
from cpas.reports.app_settings import kept_report, report_settings
from cpas.reports.assembly import (
    ReportSettings,
    coverage_report,
    dashboard_report,
    financial_report,
    framework_report,
    report_bundle,
    threat_calendar_report,
    variance_report,
)
from cpas.reports.assessment import AssessmentReport, build_assessment_report
from cpas.reports.dashboard_charts import trend_figure, waterfall_figure
from cpas.reports.line_charts import line_chart_figure
from cpas.reports.queries import budget_sources
from cpas.reports.threat_calendar import EVENTS, FATALITIES
from cpas.reports.threat_charts import calendar_figure, months_ahead_figure, seasonal_figure
from cpas.scope import scoped_blueprint

# Reports live under .../reports/, but for financial resources: it is the mission's budget page, .../budget/.
blueprint = scoped_blueprint("reports", __name__)
# The brief's waterfall, in CSS pixels: half the width of an A4 page's text at 15 mm margins, beside the
# impact; without its title, which the key figures and the headline above it say already.
BRIEF_CHART_WIDTH, BRIEF_CHART_HEIGHT = 340, 380
# The brief's indicator trends: the first two charted (off track first), side by side in its
# Impact column.
BRIEF_TRENDS, BRIEF_TREND_WIDTH, BRIEF_TREND_HEIGHT = 2, 210, 120
# How many of an outcome's activities the assessment page lists in detail; its workbook lists them all.
ACTIVITIES_LISTED = 10
WORKBOOK_KINDS = {"rbb": ReportKind.BUDGET, "performance": ReportKind.PERFORMANCE}


def _kind() -> ReportKind:
    return ReportKind.PERFORMANCE if request.args.get("kind") == "performance" else ReportKind.BUDGET


def _settings() -> ReportSettings:
    """This app's settings, in the unit the reader asked for (``?unit=dollars``)."""
    return report_settings(request.args.get("unit"))


@blueprint.route("/budget/")
def financial():
    """Financial resources: the budget by class of expenditure and stage, with the headline."""
    db = get_session()
    report = financial_report(db, g.mission, g.period, _settings())
    return render_template("reports/financial.html", table=report.table,
                           headline_sentences=report.headline_sentences,
                           in_thousands=report.table.money_unit == THOUSAND,
                           sources=budget_sources(db, g.mission.id, g.period.id))


def _dashboard():
    """The dashboard's report and its figures: the waterfall (None with fewer than two stages),
    {indicator id: its trend} (of the indicators with values) and the months ahead (None without
    incident data)."""
    settings, db, today = _settings(), get_session(), date.today()
    tolerance = current_app.config["CPAS_TOLERANCE_PERCENT"]
    key = ("dashboard", g.mission.id, g.period.id, str(get_locale()), request.args.get("unit"), today, tolerance)
    report = kept_report(key, lambda: dashboard_report(db, g.mission, g.period, settings, today, tolerance))
    separators, formats = number_separators(get_locale()), PageFormats()
    figures = {"waterfall": waterfall_figure(report.steps, settings.translator.dollars, settings.translator.percent,
                                             separators,
                                             _("Millions of US dollars (the axis does not start at zero)"))}
    names = {"values": _("Values"), "path": _("Target path"), "band": _("Target path and its tolerance band")}
    trends = {trend.indicator_id: trend_figure(trend, formats.quantity, formats.day, separators, names)
              for trend in report.trends}
    figures["trends"] = {indicator_id: figure for indicator_id, figure in trends.items() if figure}
    figures["months_ahead"] = months_ahead_figure(report.months_ahead, settings.translator, separators,
                                                  format_average)
    return report, figures


@blueprint.route("/dashboard")
def dashboard():
    """Leadership's page: the money from the request to the spending, the mandate with its means,
    the impact (indicators against their target paths, the months ahead against the plan) and
    what awaits a decision, each figure linked to the page that explains it."""
    report, figures = _dashboard()
    return render_template(
        "reports/dashboard.html", report=report,
        waterfall=figure_json(figures["waterfall"]) if figures["waterfall"] else None,
        trends={indicator_id: figure_json(figure) for indicator_id, figure in figures["trends"].items()},
        months_ahead=figure_json(figures["months_ahead"]) if figures["months_ahead"] else None)


@blueprint.route("/dashboard.pdf")
def brief():
    """The dashboard as a one-page A4 brief for the senior leadership team meeting, in the
    reader's language, its waterfall drawn as a static image by the same plotly figure."""
    report, figures = _dashboard()
    waterfall = figures["waterfall"]
    if waterfall:
        layout = waterfall["layout"]
        waterfall = {**waterfall, "layout": {**layout, "title": {"text": ""}, "margin": {**layout["margin"], "t": 10}}}
    trends = {}
    for trend in report.trends:
        figure = figures["trends"].get(trend.indicator_id)
        if figure is not None and len(trends) < BRIEF_TRENDS:
            trends[trend.indicator_id] = static_svg(figure, width=BRIEF_TREND_WIDTH, height=BRIEF_TREND_HEIGHT)
    html = render_template("reports/brief.html", report=report, today=date.today(), trends=trends,
                           waterfall=static_svg(waterfall, width=BRIEF_CHART_WIDTH, height=BRIEF_CHART_HEIGHT)
                           if waterfall else None)
    name = f"{g.mission.code}-{g.period.slug}-brief-{get_locale().language}.pdf"
    return send_file(BytesIO(pdf_bytes(html, Path(current_app.static_folder))), mimetype="application/pdf",
                     as_attachment=True, download_name=name)


@blueprint.route("/reports/variances")
def variances():
    db, kind, settings = get_session(), _kind(), _settings()
    analysis = variance_report(db, g.mission, g.period, kind, financial_report(db, g.mission, g.period, settings),
                               settings)
    return render_template("reports/variances.html", analysis=analysis, kind=kind)


# The indicators and outputs the RBB framework page prints at once: past them it shows one
# component at a time (the biggest mission of the scale benchmark has 539 outputs: 500 KB of HTML).
FRAMEWORK_ROWS_ON_PAGE = 300


@blueprint.route("/reports/rbb")
def framework():
    kind = _kind()
    report = framework_report(get_session(), g.mission, g.period, kind, _settings(),
                              component_number=request.args.get("component", type=int),
                              most_rows=FRAMEWORK_ROWS_ON_PAGE)
    return render_template("reports/framework.html", report=report, kind=kind, rows_on_page=FRAMEWORK_ROWS_ON_PAGE)


@blueprint.route("/reports/coverage")
def coverage():
    return render_template("reports/coverage.html", table=coverage_report(get_session(), g.mission, g.period,
                                                                          _settings()))


@blueprint.route("/reports/<name>.xlsx")
def workbook(name):
    if name not in WORKBOOK_KINDS:
        abort(404)
    bundle = report_bundle(get_session(), g.mission, g.period, WORKBOOK_KINDS[name], _settings())
    return send_file(BytesIO(build_report_workbook(bundle.sheets)), mimetype=XLSX_MIME_TYPE, as_attachment=True,
                     download_name=f"{g.mission.code}-{g.period.slug}-{name}.xlsx")


@blueprint.route("/reports/threat-calendar")
def threat_calendar():
    """Incidents or fatalities (``?measure=fatalities``) by region and month over the years, with
    the activities and operations laid over them, the seasons, and the high-risk months missed."""
    measure = FATALITIES if request.args.get("measure") == FATALITIES else EVENTS
    settings = _settings()
    calendar = threat_calendar_report(get_session(), g.mission, settings)
    figures = {}
    if calendar.has_incidents:
        separators = number_separators(get_locale())
        figures = {name: figure_json(build(calendar, measure, settings.translator, separators))
                   for name, build in (("calendar", calendar_figure), ("seasonal", seasonal_figure))}
    return render_template("reports/threat_calendar.html", calendar=calendar, measure=measure, figures=figures)


@blueprint.route("/reports/threat-calendar.xlsx")
def threat_calendar_workbook():
    calendar = threat_calendar_report(get_session(), g.mission, _settings())
    return send_file(BytesIO(build_report_workbook(calendar.sheets)), mimetype=XLSX_MIME_TYPE, as_attachment=True,
                     download_name=f"{g.mission.code}-threat-calendar.xlsx")


def _assessment_report(page: int | None, most_in_detail: int | None = None) -> AssessmentReport:
    settings = _settings()
    assessment_round = load_round(get_session(), g.mission, g.period, date.today(),
                                  current_app.config["CPAS_TOLERANCE_PERCENT"], page=page,
                                  most_in_detail=most_in_detail)
    return build_assessment_report(assessment_round, money_unit=settings.money_unit, translator=settings.translator)


@blueprint.route("/reports/assessment")
def assessment():
    """The CPAS impact assessment of the round (the mission's period), printable on A4: every
    outcome in the summary, OUTCOMES_PER_PAGE in detail a page (``?page=all``: all of them, to print the round,
    up to MOST_INDICATORS_IN_DETAIL indicators; the workbook holds any round whole)."""
    page = None if request.args.get("page") == "all" else max(request.args.get("page", 1, type=int), 1)
    report, formats = _assessment_report(page, MOST_INDICATORS_IN_DETAIL), PageFormats()
    separators = number_separators(get_locale())
    charts = {}
    for indicator_id, chart in report.trend_charts.items():
        figure = line_chart_figure(report.trends, chart, formats.quantity, formats.day, separators)
        if figure is not None:
            charts[indicator_id] = figure_json(figure)
    # Each page's address once: the summary links each of a round's hundreds of outcomes to its page.
    page_urls = {number: url_for("reports.assessment", page=number, unit=request.args.get("unit"))
                 for number in range(1, report.round.pages + 1)}
    return render_template("reports/assessment.html", report=report, charts=charts, fmt=formats, today=date.today(),
                           activities_listed=ACTIVITIES_LISTED, most_in_detail=MOST_INDICATORS_IN_DETAIL,
                           page_urls=page_urls)


@blueprint.route("/reports/assessment.xlsx")
def assessment_workbook():
    return send_file(BytesIO(build_report_workbook(_assessment_report(None).sheets)), mimetype=XLSX_MIME_TYPE,
                     as_attachment=True, download_name=f"{g.mission.code}-{g.period.slug}-assessment.xlsx")
