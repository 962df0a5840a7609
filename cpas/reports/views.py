"""Report pages for budget reviewers and their Excel workbooks."""

from datetime import date
from io import BytesIO
from pathlib import Path

from flask import Blueprint, abort, current_app, g, redirect, render_template, request, send_file, session, url_for
from flask_babel import get_locale
from flask_babel import gettext as _
from flask_login import current_user

from cpas.assessments.rounds import MOST_INDICATORS_IN_DETAIL, load_round
from cpas.auth.permissions import compared_missions, may_compare_missions
from cpas.charts import figure_json, number_separators, static_svg
from cpas.db import get_session
from cpas.exports.pdf import pdf_bytes
from cpas.exports.report_workbook import build_report_workbook
from cpas.exports.xlsx import XLSX_MIME_TYPE
from cpas.formatting import PageFormats, format_average
from cpas.models import ReportKind
from cpas.money import THOUSAND
from cpas.reports.all_missions import ASCENDING, DESCENDING, MISSION, AllMissions
from cpas.reports.app_settings import kept_report, report_settings
from cpas.reports.assembly import (
    ReportSettings,
    all_missions_report,
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
from cpas.reports.financial import adjustment_choices, has_figures, selected_adjustments
from cpas.reports.line_charts import line_chart_figure
from cpas.reports.queries import budget_periods_newest_first, budget_sources, missions_by_code
from cpas.reports.threat_calendar import EVENTS, FATALITIES
from cpas.reports.threat_charts import calendar_figure, months_ahead_figure, seasonal_figure
from cpas.scope import scoped_blueprint
from cpas.tables import RowKind

# Reports live under .../reports/, but for financial resources: it is the mission's budget page, .../budget/.
blueprint = scoped_blueprint("reports", __name__)
# Across missions, for headquarters: every mission of a budget period side by side.
all_missions_blueprint = Blueprint("all_missions", __name__, url_prefix="/all-missions")
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


def _adjustments() -> tuple[str, ...]:
    """The adjustment columns the reader selected (``?adjustment=acabq&adjustment=assembly``);
    unknown names are ignored."""
    return selected_adjustments(request.args.getlist("adjustment"))


def _settings() -> ReportSettings:
    """This app's settings, in the unit the reader asked for (``?unit=dollars``)."""
    return report_settings(request.args.get("unit"))


@blueprint.route("/budget/")
def financial():
    """Financial resources: the budget by class of expenditure and stage, with the headline."""
    db, settings, adjustments = get_session(), _settings(), _adjustments()
    report = financial_report(db, g.mission, g.period, settings, adjustments)
    return render_template("reports/financial.html", table=report.table,
                           headline_sentences=report.headline_sentences,
                           in_thousands=report.table.money_unit == THOUSAND, recorded=has_figures(report.table),
                           adjustments=adjustments, adjustment_choices=adjustment_choices(settings.translator),
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
    bundle = report_bundle(get_session(), g.mission, g.period, WORKBOOK_KINDS[name], _settings(), _adjustments())
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


def _comparable_missions(db) -> list:
    """The missions the signed-in user may compare (403 to who may compare none: planning officers)."""
    if not may_compare_missions(current_user):
        abort(403)
    held = None if current_user.at_headquarters else [each.mission_id for each in current_user.mission_roles]
    return compared_missions(current_user, missions_by_code(db, held))


def _sort_links(report: AllMissions, period_slug: str) -> dict[str, tuple[str, str | None]]:
    """{column key: (the address sorting by it, "ascending"/"descending" where it is the sort)}:
    a column's link turns its order round; another's sorts missions A to Z, figures largest first."""
    links = {}
    for key in report.sort_keys:
        current = report.sorting.key == key
        if current:
            order = ASCENDING if report.sorting.descending else DESCENDING
        else:
            order = ASCENDING if key == MISSION else DESCENDING
        state = ("descending" if report.sorting.descending else "ascending") if current else None
        links[key] = (url_for("all_missions.page", period_slug=period_slug, sort=key, order=order,
                              unit=request.args.get("unit")), state)
    return links


@all_missions_blueprint.route("/")
def all_missions_index():
    """To the period chosen (``?period=2019-20``), else the one last viewed, else the latest."""
    db = get_session()
    _comparable_missions(db)  # 403 to who may compare none
    periods = budget_periods_newest_first(db)
    if not periods:
        return render_template("reports/all_missions.html", report=None, period=None, periods=[])
    slugs = [period.slug for period in periods]
    last = session.get("scope")
    chosen = request.args.get("period")
    slug = chosen if chosen in slugs else last[1] if last and last[1] in slugs else slugs[0]
    keep = {key: request.args[key] for key in ("sort", "order", "unit") if request.args.get(key)}
    return redirect(url_for("all_missions.page", period_slug=slug, **keep))


def _all_missions(period_slug: str):
    db = get_session()
    missions = _comparable_missions(db)
    periods = budget_periods_newest_first(db)
    period = next((each for each in periods if each.slug == period_slug), None)
    if period is None:
        abort(404)
    report = all_missions_report(db, missions, period, _settings(), request.args.get("sort"),
                                 request.args.get("order"))
    return report, period, periods


@all_missions_blueprint.route("/<period_slug>")
def page(period_slug):
    """Every mission the reader may compare, side by side for the period: each stage's total, the
    gaps between stages, the approved budget by group, the expenditure and the utilization rate,
    with a total row; sorted by any column (``?sort=<column>&order=asc|desc``)."""
    report, period, periods = _all_missions(period_slug)

    def mission_url(row, key):
        if key != MISSION or row.kind is not RowKind.DETAIL:
            return None
        return url_for("reports.financial", mission_code=row.get(MISSION), period_slug=period.slug,
                       unit=request.args.get("unit"))

    return render_template("reports/all_missions.html", report=report, period=period, periods=periods,
                           sort_links=_sort_links(report, period.slug), mission_url=mission_url,
                           in_thousands=report.table.money_unit == THOUSAND)


@all_missions_blueprint.route("/<period_slug>.xlsx")
def all_missions_workbook(period_slug):
    """The page's table as a workbook, its gaps, totals and utilization rates live formulas."""
    report, period, _periods = _all_missions(period_slug)
    return send_file(BytesIO(build_report_workbook([report.table])), mimetype=XLSX_MIME_TYPE, as_attachment=True,
                     download_name=f"all-missions-{period.slug}.xlsx")
